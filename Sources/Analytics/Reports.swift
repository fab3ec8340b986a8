import Core
import Foundation

/// The dates a report covers: `from` and `to` inclusive, at most two years, to no later than today.
public struct ReportRange: Sendable, Equatable {
    public let days: ClosedRange<Day>
    public static let longest = 731

    /// From query text (YYYY-MM-DD); the last 90 days by default.
    public init(from: String?, to: String?, today: Day) throws {
        guard let end = try to.map({ try Self.day($0, field: "to") }) ?? Optional(today) else { throw DomainError.invalid(field: "to", reason: "is not a date") }
        let start = try from.map { try Self.day($0, field: "from") } ?? Day(epochDay: end.epochDay - 89)
        guard start <= end else { throw DomainError.invalid(field: "from", reason: "must not be after to") }
        guard end.epochDay - start.epochDay < Self.longest else { throw DomainError.invalid(field: "from", reason: "a report covers at most \(Self.longest) days") }
        days = start...end
    }

    public init(days: ClosedRange<Day>) { self.days = days }

    static func day(_ text: String, field: String) throws -> Day {
        guard text.count == 10, let day = Day(text) else { throw DomainError.invalid(field: field, reason: "must be a date such as 2026-01-31") }
        return day
    }
}

/// Figures about groups of fewer than `k` members are withheld (null), so that no report can
/// single anyone out; zero stays visible, since it describes nobody.
public struct Suppression: Sendable, Equatable {
    public let k: Int

    public init(k: Int) { self.k = k }

    public func count(_ value: Int) -> Int? { value == 0 || value >= k ? value : nil }
    /// A share of a group, withheld when the group or the part is too small.
    public func share(_ part: Int, of whole: Int) -> Double? {
        guard whole >= k, count(part) != nil else { return nil }
        return Self.round(Double(part) / Double(whole))
    }

    static func round(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}

public struct EngagementReport: Sendable, Equatable, Codable {
    public struct Point: Sendable, Equatable, Codable {
        public let start: Day
        public let activeMembers: Int?
        /// Mean daily active members over monthly active members (months only).
        public let stickiness: Double?
    }

    public let organizationId: UUID?
    public let from: Day
    public let to: Day
    public let period: String
    public let k: Int
    public let points: [Point]
}

public struct RetentionReport: Sendable, Equatable, Codable {
    public struct Cohort: Sendable, Equatable, Codable {
        /// The Monday of the week the cohort's members were first active.
        public let week: Day
        public let members: Int?
        /// Week by week from the first (week 0): members active, and their share of the cohort.
        public let active: [Int?]
        public let retained: [Double?]
    }

    public let organizationId: UUID?
    public let from: Day
    public let to: Day
    public let k: Int
    public let cohorts: [Cohort]
}

public struct FunnelReport: Sendable, Equatable, Codable {
    public struct Step: Sendable, Equatable, Codable {
        public let name: String
        public let members: Int?
        public let fromPrevious: Double?
        public let fromStart: Double?
    }

    public let organizationId: UUID?
    public let from: Day
    public let to: Day
    public let k: Int
    public let steps: [Step]
}

public struct ProgressReport: Sendable, Equatable, Codable {
    public struct Point: Sendable, Equatable, Codable {
        public let day: Day
        public let members: Int?
        public let skills: Double?
        public let levelSum: Double?
        public let verifiedSkills: Double?
        public let goalsDone: Double?
        /// Percent of the active plan's actions done.
        public let planCompletion: Double?
    }

    /// "member", "team", "organization" or "platform"; group figures are means per member.
    public let scope: String
    public let from: Day
    public let to: Day
    public let k: Int
    public let points: [Point]
}

public struct MarketTrendsReport: Sendable, Equatable, Codable {
    public struct Trend: Sendable, Equatable, Codable {
        public let uri: String
        public let skill: String
        public let postings: [Int]
        public let total: Int
        /// The last period against the one before (weeks: the last four against the four before), in percent.
        public let growth: Double?
        public let forecast: [Forecast]
    }

    public struct Forecast: Sendable, Equatable, Codable {
        public let start: Day
        public let expected: Double
        public let lower: Double
        public let upper: Double
    }

    public let from: Day
    public let to: Day
    public let period: String
    public let occupation: String?
    public let location: String?
    /// The start of each period the counts are for.
    public let periods: [Day]
    public let skills: [Trend]
    public let rising: [Trend]
    public let falling: [Trend]
    public let model: String?
}

/// Reports as CSV (RFC 4180): one header row, then one row per figure.
public enum ReportCSV {
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }

    static func text<T: CustomStringConvertible>(_ value: T?) -> String { value.map(\.description) ?? "" }

    /// A text cell made inert for spreadsheets: one starting with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return would be run as a formula when the file is opened, so it gets a leading
    /// apostrophe (OWASP's CSV injection advice). Numbers are written as numbers, never through here.
    static func cell(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    public static func csv(_ report: EngagementReport) -> String {
        line(["period_start", "active_members", "stickiness"])
            + report.points.map { line([$0.start.description, text($0.activeMembers), text($0.stickiness)]) }.joined()
    }

    public static func csv(_ report: RetentionReport) -> String {
        var out = line(["cohort_week", "members", "week", "active", "retained"])
        for cohort in report.cohorts {
            for (week, active) in cohort.active.enumerated() {
                out += line([cohort.week.description, text(cohort.members), String(week), text(active), text(cohort.retained[week])])
            }
        }
        return out
    }

    public static func csv(_ report: FunnelReport) -> String {
        line(["step", "members", "from_previous", "from_start"])
            + report.steps.map { line([cell($0.name), text($0.members), text($0.fromPrevious), text($0.fromStart)]) }.joined()
    }

    public static func csv(_ report: ProgressReport) -> String {
        line(["day", "members", "skills", "level_sum", "verified_skills", "goals_done", "plan_completion"])
            + report.points.map {
                line([$0.day.description, text($0.members), text($0.skills), text($0.levelSum), text($0.verifiedSkills), text($0.goalsDone), text($0.planCompletion)])
            }.joined()
    }

    public static func csv(_ report: MarketTrendsReport) -> String {
        var out = line(["skill_uri", "skill", "period_start", "postings", "growth"])
        for trend in report.skills {
            for (index, start) in report.periods.enumerated() {
                out += line([cell(trend.uri), cell(trend.skill), start.description, String(trend.postings[index]), text(trend.growth)])
            }
        }
        return out
    }
}
