import Analytics
import Core
import Crypto
import Foundation
import Testing

@Suite struct CoreValueTests {
    @Test func seededGeneratorRepeatsItsSequence() {
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        var other = SeededGenerator(seed: 43)
        let a = (0..<5).map { _ in first.next() }
        #expect(a == (0..<5).map { _ in second.next() })
        #expect(a != (0..<5).map { _ in other.next() })
    }

    @Test func pageRequestNamesTheBadField() {
        #expect(throws: DomainError.invalid(field: "limit", reason: "must be between 1 and 100")) { try PageRequest(limit: 0) }
        #expect(throws: DomainError.invalid(field: "offset", reason: "must not be negative")) { try PageRequest(offset: -1) }
    }

    @Test func pseudonymIsStablePerMemberAndUnlinkableWithoutTheKeyOrTheSalt() {
        let member = UUID(), salt = Pseudonymizer.newSalt()
        let one = Pseudonymizer(key: SymmetricKey(size: .bits256))
        let other = Pseudonymizer(key: SymmetricKey(size: .bits256))
        #expect(one.pseudonym(for: member, salt: salt) == one.pseudonym(for: member, salt: salt))
        #expect(one.pseudonym(for: member, salt: salt) != other.pseudonym(for: member, salt: salt))
        #expect(one.pseudonym(for: member, salt: salt) != one.pseudonym(for: member, salt: Pseudonymizer.newSalt()), "a new salt, a new pseudonym")
        #expect(salt.count == 32 && salt != Pseudonymizer.newSalt())
        #expect(!one.pseudonym(for: member, salt: salt).contains(member.uuidString.lowercased().prefix(8)))
    }

    @Test func epochDaysAgreeWithTheGregorianCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Foundation counts days before 1582-10-15 in the Julian calendar; ISO dates (and Day) stay Gregorian.
        for epochDay in stride(from: -130_000, through: 150_000, by: 97) {
            let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(epochDay) * 86_400))
            let day = Day(epochDay: epochDay)
            #expect((day.year, day.month, day.day) == (parts.year!, parts.month!, parts.day!), "\(epochDay)")
            #expect(day.epochDay == epochDay && Day(day.date) == day && Day(day.description) == day)
        }
        #expect(Day(Date(timeIntervalSince1970: -1)) == Day("1969-12-31")! && Day("2024-02-29")!.epochDay + 1 == Day("2024-03-01")!.epochDay)
    }

    @Test func weeksStartOnMondayAndMonthsStep() {
        let monday = Day("2026-11-23")!, sunday = Day("2026-11-29")!
        #expect(monday.weekStart == monday && sunday.weekStart == monday && Day("2026-11-30")!.weekStart == Day("2026-11-30")!)
        #expect(Day(epochDay: monday.epochDay) == monday && Day(epochDay: 0) == Day("1970-01-01")!)
        #expect(Day.start(ofWeek: Day.week(ofEpochDay: sunday.epochDay)) == monday.epochDay)
        #expect(Day("2026-12-15")!.monthStart == Day("2026-12-01")! && Day("2026-12-15")!.nextMonthStart == Day("2027-01-01")!)
    }
}
