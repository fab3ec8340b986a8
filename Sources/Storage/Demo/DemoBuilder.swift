import Analytics
import Core
import Foundation

/// Accumulates the demo rows table by table, in foreign-key order, from one seeded generator.
struct DemoBuilder {
    struct Table {
        let name: String
        let columns: [String]
        var rows: [[any Encodable & Sendable]] = []
    }

    struct Member {
        let id: UUID
        let organization: UUID
        let track: [DemoTaxonomy.Occupation]
        let stage: Int
        let skills: [UUID]
        let activity: Double
        let joined: Date
    }

    let taxonomy: DemoTaxonomy
    let cipher: FieldCipher
    let pseudonymizer: Pseudonymizer
    let now: Date
    var generator: SeededGenerator
    private(set) var tables: [Table] = []
    var summary = DemoSeeder.Summary()
    var members: [Member] = []
    var organizations: [UUID] = []
    var resources: [(id: UUID, skills: [UUID])] = []
    /// Open opportunities by occupation, and each member's role goal, for the demo plans.
    var openings: [UUID: [UUID]] = [:]
    var roleGoals: [UUID: (goal: UUID, target: DemoTaxonomy.Occupation)] = [:]
    /// The technologies each occupation works with (those of its step on the tracks it is on).
    var occupationTools: [UUID: [UUID]] = [:]

    static let day: TimeInterval = 86_400

    init(taxonomy: DemoTaxonomy, cipher: FieldCipher, pseudonymizer: Pseudonymizer, now: Date, generator: SeededGenerator) {
        self.taxonomy = taxonomy
        self.cipher = cipher
        self.pseudonymizer = pseudonymizer
        self.now = now
        self.generator = generator
    }

    mutating func add(_ table: String, _ columns: [String], _ row: [any Encodable & Sendable]) {
        if let index = tables.firstIndex(where: { $0.name == table }) {
            tables[index].rows.append(row)
        } else {
            tables.append(Table(name: table, columns: columns, rows: [row]))
        }
    }

    // MARK: Randomness

    mutating func uuid() -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in stride(from: 0, to: 16, by: 8) {
            withUnsafeBytes(of: generator.next()) { bytes.replaceSubrange(index..<index + 8, with: $0) }
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &generator) < probability }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        var result: [T] = []
        while result.count < count, !pool.isEmpty {
            result.append(pool.remove(at: int(0...(pool.count - 1))))
        }
        return result
    }

    /// A moment `days` days before now, at a generated time of day.
    mutating func daysAgo(_ days: Int) -> Date {
        now.addingTimeInterval(-Double(days) * Self.day + Double(int(0...86_399)) - 43_200)
    }

    /// Midnight UTC `days` days before now, for date-only values.
    func dateOnly(daysAgo days: Int) -> Date {
        let start = (now.timeIntervalSince1970 / Self.day).rounded(.down) * Self.day
        return Date(timeIntervalSince1970: start - Double(days) * Self.day)
    }
}
