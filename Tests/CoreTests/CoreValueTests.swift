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

    @Test func pseudonymIsStablePerMemberAndUnlinkableWithoutTheKey() {
        let member = UUID()
        let one = Pseudonymizer(key: SymmetricKey(size: .bits256))
        let other = Pseudonymizer(key: SymmetricKey(size: .bits256))
        #expect(one.pseudonym(for: member) == one.pseudonym(for: member))
        #expect(one.pseudonym(for: member) != other.pseudonym(for: member))
        #expect(!one.pseudonym(for: member).contains(member.uuidString.lowercased().prefix(8)))
    }
}
