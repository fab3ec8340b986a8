import Foundation

/// A calendar day (no time, no zone), written `YYYY-MM-DD`. Start and due dates are days;
/// the database keeps them as midnight UTC.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// `YYYY-MM-DD`, or the partial `YYYY-MM` and `YYYY` that résumés use (the first day then).
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]) else { return nil }
        let month = parts.count > 1 ? Int(parts[1]) : 1
        let day = parts.count > 2 ? Int(parts[2]) : 1
        guard let month, let day, (1...12).contains(month), (1...Self.days(in: month, of: year)).contains(day),
              parts.dropFirst().allSatisfy({ $0.count == 2 }) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public init(_ date: Date) { self.init(epochDay: Self.epochDay(of: date)) }

    /// Midnight UTC of the day.
    public var date: Date { Date(timeIntervalSince1970: Double(epochDay) * 86_400) }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// The day `epochDay` days after 1970-01-01 (proleptic Gregorian; integer arithmetic after
    /// Howard Hinnant's `civil_from_days`, since a calendar lookup per row is slow in reports).
    public init(epochDay: Int) {
        let z = epochDay + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shifted + 2) / 5 + 1
        month = shifted < 10 ? shifted + 3 : shifted - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01 (negative before it); `days_from_civil`.
    public var epochDay: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day the date falls on, as days since 1970-01-01 (UTC).
    public static func epochDay(of date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    /// Weeks run Monday to Sunday; week 0 is the one of 1970-01-01 (a Thursday), so the week of
    /// epoch day `d` is `(d + 3) / 7` for days from 1970 on, as SQL's integer division computes it.
    public static func week(ofEpochDay day: Int) -> Int { Int((Double(day + 3) / 7).rounded(.down)) }
    /// The Monday that starts week `week`, as an epoch day.
    public static func start(ofWeek week: Int) -> Int { week * 7 - 3 }

    /// The Monday on or before this day.
    public var weekStart: Day { Day(epochDay: Self.start(ofWeek: Self.week(ofEpochDay: epochDay))) }
    /// The first of this day's month.
    public var monthStart: Day { Day(String(format: "%04d-%02d-01", year, month))! }
    /// The first of the next month.
    public var nextMonthStart: Day {
        month == 12 ? Day(String(format: "%04d-01-01", year + 1))! : Day(String(format: "%04d-%02d-01", year, month + 1))!
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a date (YYYY-MM-DD)")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
