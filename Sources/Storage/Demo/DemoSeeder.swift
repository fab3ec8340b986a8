import Analytics
import Core
import FluentKit
import Foundation
import Identity
import Logging
import SQLKit

/// Generates the demo data set from a fixed seed: organizations, members with work histories,
/// skills, endorsements and goals, opportunities, learning resources, completions, ratings and a
/// few months of activity. Every generated row is marked as demo. Dates are relative to the
/// clock, so the data looks current whenever it is loaded; the content depends only on the seed.
public struct DemoSeeder: Sendable {
    public static let memberEmail = "demo@careerops.local"
    public static let memberPassword = "demo-careerops"
    public static let adminEmail = "admin@careerops.local"
    public static let adminPassword = "admin-careerops"
    /// The coach of the demo member's organization (the demo member shares with them).
    public static let coachEmail = "coach@careerops.local"
    public static let coachPassword = "coach-careerops"
    static let seededKey = "demo_seeded_at"

    public struct Summary: Sendable, Equatable {
        public var organizations = 0
        public var members = 0
        public var workExperiences = 0
        public var userSkills = 0
        public var goals = 0
        public var plans = 0
        public var opportunities = 0
        public var resources = 0
        public var completions = 0
        public var events = 0
    }

    public enum Failure: Error, CustomStringConvertible {
        case noTaxonomy
        case alreadySeeded

        public var description: String {
            switch self {
            case .noTaxonomy: "the skill taxonomy is empty; run `careerops taxonomy import` first"
            case .alreadySeeded: "demo data is already loaded"
            }
        }
    }

    let persistence: Persistence
    let cipher: FieldCipher
    let hasher: any PasswordHasher
    let pseudonymizer: Pseudonymizer
    let clock: any WallClock
    let seed: UInt64

    public init(persistence: Persistence, cipher: FieldCipher, hasher: any PasswordHasher, pseudonymizer: Pseudonymizer, clock: any WallClock, seed: UInt64 = 2026) {
        self.persistence = persistence
        self.cipher = cipher
        self.hasher = hasher
        self.pseudonymizer = pseudonymizer
        self.clock = clock
        self.seed = seed
    }

    /// Whether demo data has been loaded into this database.
    public func isSeeded() async throws -> Bool {
        try await persistence.sql.select().column("key").from("platform_settings")
            .where("key", .equal, Self.seededKey).first() != nil
    }

    /// Whether the database holds no accounts at all (a first start).
    public func databaseIsEmpty() async throws -> Bool {
        try await persistence.sql.raw("SELECT COUNT(*) AS n FROM users").first(decoding: Count.self)?.n == 0
    }

    /// Generates and writes the whole demo set in one transaction.
    public func seed() async throws -> Summary {
        guard try await !isSeeded() else { throw Failure.alreadySeeded }
        let taxonomy = try await DemoTaxonomy.load(from: persistence.sql)
        guard !taxonomy.occupations.isEmpty else { throw Failure.noTaxonomy }
        let passwords = (
            member: try await hasher.hash(Self.memberPassword),
            admin: try await hasher.hash(Self.adminPassword),
            coach: try await hasher.hash(Self.coachPassword)
        )
        var builder = DemoBuilder(
            taxonomy: taxonomy, cipher: cipher, pseudonymizer: pseudonymizer,
            now: clock.now(), generator: SeededGenerator(seed: seed)
        )
        try builder.buildPeople(memberPasswordHash: passwords.member, adminPasswordHash: passwords.admin, coachPasswordHash: passwords.coach)
        builder.buildMarket()
        builder.buildPlans()
        builder.buildActivity()
        let tables = builder.tables
        let now = clock.now()
        try await EventPartitions(persistence: persistence).ensure(from: now.addingTimeInterval(-200 * 86_400), through: now)
        try await persistence.transaction { sql in
            for table in tables {
                try await sql.insertRows(into: table.name, columns: table.columns, rows: table.rows)
            }
            try await sql.insert(into: "platform_settings").columns("key", "value", "updated_at")
                .values(SQLBind(Self.seededKey), SQLBind(ISO8601DateFormatter().string(from: now)), SQLBind(now))
                .run()
        }
        // Daily progress snapshots for the months the activity covers, as the worker would have taken them.
        let today = Day(now)
        _ = try await SQLAnalyticsStore(persistence: persistence).snapshotProgress(
            on: (0...DemoBuilder.activityDays).map { Day(epochDay: today.epochDay - $0) })
        return builder.summary
    }
}

/// The part of the taxonomy the generator draws on, sorted so that generation is stable.
struct DemoTaxonomy {
    struct Occupation {
        let id: UUID
        let label: String
        let skills: [UUID]
    }

    let occupations: [Occupation]
    let skillLabels: [UUID: String]
    /// The skills that are knowledge ("cloud technologies") rather than something one does.
    let knowledge: Set<UUID>
    /// The catalog's technologies by name in lower case.
    let technologies: [String: (id: UUID, label: String)]

    static func load(from sql: any SQLDatabase) async throws -> DemoTaxonomy {
        struct OccupationRow: Decodable { let id: UUID; let preferred_label: String }
        struct LinkRow: Decodable { let occupation_id: UUID; let skill_id: UUID; let preferred_label: String; let kind: String }
        let occupationRows = try await sql.raw("SELECT id, preferred_label FROM occupations ORDER BY preferred_label, id")
            .all(decoding: OccupationRow.self)
        let links = try await sql.raw("""
            SELECT os.occupation_id, os.skill_id, s.preferred_label, s.kind FROM occupation_skills os
            JOIN skill_catalog s ON s.id = os.skill_id ORDER BY s.uri
            """).all(decoding: LinkRow.self)
        var skillsByOccupation: [UUID: [UUID]] = [:]
        var labels: [UUID: String] = [:]
        var knowledge = Set<UUID>()
        for link in links {
            if link.kind == "knowledge" { knowledge.insert(link.skill_id) }
            skillsByOccupation[link.occupation_id, default: []].append(link.skill_id)
            labels[link.skill_id] = link.preferred_label
        }
        let occupations = occupationRows.map { Occupation(id: $0.id, label: $0.preferred_label, skills: skillsByOccupation[$0.id] ?? []) }
        struct TechnologyRow: Decodable { let id: UUID; let preferred_label: String }
        var technologies: [String: (id: UUID, label: String)] = [:]
        for row in try await sql.raw("SELECT id, preferred_label FROM skill_catalog WHERE concept_uri IS NOT NULL ORDER BY uri").all(decoding: TechnologyRow.self) {
            technologies[row.preferred_label.lowercased()] = (row.id, row.preferred_label)
            labels[row.id] = row.preferred_label
        }
        return DemoTaxonomy(occupations: occupations.filter { !$0.skills.isEmpty }, skillLabels: labels, knowledge: knowledge, technologies: technologies)
    }

    /// The technologies of `names` the catalog has, in that order.
    func tools(_ names: some Sequence<String>) -> [UUID] {
        names.compactMap { technologies[$0.lowercased()]?.id }
    }

    func occupation(labelled label: String) -> Occupation? {
        occupations.first { $0.label.lowercased() == label.lowercased() }
    }
}
