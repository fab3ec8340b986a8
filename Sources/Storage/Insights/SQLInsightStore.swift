import Career
import Core
import FluentKit
import Foundation
import Insights
import SQLKit

/// Vectors, role requirements and stored matches in SQL. Vectors are little-endian float32 blobs.
public struct SQLInsightStore: InsightStore {
    let persistence: Persistence

    public init(persistence: Persistence) { self.persistence = persistence }

    var sql: any SQLDatabase { persistence.sql }

    static func blob(_ vector: [Float]) -> Data {
        vector.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    static func floats(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) } }
    }

    public func vectors(of owner: VectorOwner, model: String, ids: [UUID]?) async throws -> [StoredVector] {
        struct Row: Decodable { let owner_id: UUID; let vector: Data; let source_hash: String }
        var rows: [Row] = []
        if let ids {
            for chunk in SQLCareerStore.chunks(ids) {
                rows += try await sql.raw("""
                    SELECT owner_id, vector, source_hash FROM embeddings WHERE owner_type = \(bind: owner.rawValue) AND model = \(bind: model)
                    AND owner_id IN (\(binds: chunk))
                    """).all(decoding: Row.self)
            }
        } else {
            rows = try await sql.raw("""
                SELECT owner_id, vector, source_hash FROM embeddings WHERE owner_type = \(bind: owner.rawValue) AND model = \(bind: model) ORDER BY owner_id
                """).all(decoding: Row.self)
        }
        return rows.map { StoredVector(id: $0.owner_id, vector: Self.floats($0.vector), sourceHash: $0.source_hash) }
    }

    public func save(_ vectors: [StoredVector], of owner: VectorOwner, model: String, at now: Date) async throws {
        try await sql.insertRows(
            into: "embeddings", columns: ["id", "owner_type", "owner_id", "model", "vector", "source_hash", "updated_at"],
            rows: vectors.map { [UUID(), owner.rawValue, $0.id, model, Self.blob($0.vector), $0.sourceHash, now] },
            conflictKey: ["owner_type", "owner_id", "model"], update: ["vector", "source_hash", "updated_at"])
    }

    public func occupationLabels() async throws -> [CatalogSkillLabels] {
        try await SQLTaxonomyStore(persistence: persistence).occupationLabels()
    }

    public func roleSkills(of occupationIDs: [UUID]) async throws -> [RoleSkill] {
        struct Row: Decodable { let occupation_id: UUID; let skill_id: UUID; let uri: String; let preferred_label: String; let is_custom: Bool; let relation: String }
        var rows: [Row] = []
        for chunk in SQLCareerStore.chunks(occupationIDs) {
            rows += try await sql.raw("""
                SELECT os.occupation_id, os.skill_id, s.uri, s.preferred_label, s.is_custom, os.relation FROM occupation_skills os
                JOIN skill_catalog s ON s.id = os.skill_id WHERE os.occupation_id IN (\(binds: chunk)) ORDER BY s.preferred_label
                """).all(decoding: Row.self)
        }
        return rows.map {
            RoleSkill(occupationID: $0.occupation_id, skill: SkillRef(id: $0.skill_id, uri: $0.uri, label: $0.preferred_label, isCustom: $0.is_custom),
                      relation: $0.relation == "essential" ? .essential : .optional)
        }
    }

    public func essentialSkillLinks() async throws -> [(occupationID: UUID, skillID: UUID)] {
        struct Row: Decodable { let occupation_id: UUID; let skill_id: UUID }
        return try await sql.raw("SELECT occupation_id, skill_id FROM occupation_skills WHERE relation = \(bind: "essential") ORDER BY occupation_id, skill_id")
            .all(decoding: Row.self).map { ($0.occupation_id, $0.skill_id) }
    }

    public func postingDates(askingFor skillID: UUID, organizations: Set<UUID>?, since: Date) async throws -> [Date] {
        struct Row: Decodable { let posted_at: Date }
        var scope: SQLQueryString = "1 = 1"
        if let organizations {
            scope = organizations.isEmpty ? "o.organization_id IS NULL" : "(o.organization_id IS NULL OR o.organization_id IN (\(binds: Array(organizations))))"
        }
        return try await sql.raw("""
            SELECT o.posted_at FROM opportunities o JOIN opportunity_skills os ON os.opportunity_id = o.id
            WHERE os.skill_id = \(bind: skillID) AND o.posted_at >= \(bind: since) AND \(scope) ORDER BY o.posted_at
            """).all(decoding: Row.self).map(\.posted_at)
    }

    public func workHistories() async throws -> [HeldRole] {
        struct Row: Decodable { let user_id: UUID; let occupation_id: UUID?; let title: String; let started_on: Date }
        return try await sql.raw("SELECT user_id, occupation_id, title, started_on FROM work_experiences ORDER BY user_id, started_on, id")
            .all(decoding: Row.self).map { HeldRole(userID: $0.user_id, occupationID: $0.occupation_id, title: $0.title, startedOn: Day($0.started_on)) }
    }

    public func openOpportunities() async throws -> [Opportunity] {
        let store = SQLOpportunityStore(persistence: persistence)
        let rows = try await sql.raw("\(unsafeRaw: SQLOpportunityStore.select) WHERE op.status = \(bind: "open") ORDER BY op.posted_at DESC, op.id")
            .all(decoding: SQLOpportunityStore.Row.self)
        return try await store.assemble(rows)
    }

    public func opportunityVersion() async throws -> ChangeMark {
        struct Row: Decodable { let count: Int; let changed: Date? }
        let row = try await sql.raw("SELECT COUNT(*) AS count, MAX(updated_at) AS changed FROM opportunities").first(decoding: Row.self)
        return ChangeMark(count: row?.count ?? 0, changedAt: row?.changed)
    }

    public func resourceTexts() async throws -> [(UUID, String)] {
        struct Row: Decodable { let id: UUID; let title: String; let provider: String; let format: String }
        return try await sql.raw("SELECT id, title, provider, format FROM learning_resources ORDER BY id").all(decoding: Row.self)
            .map { ($0.id, "\($0.title) (\($0.format) by \($0.provider))") }
    }

    public func learningResources() async throws -> [LearningResource] {
        try await SQLLearningStore(persistence: persistence).all()
    }

    public func learningResourcesMark() async throws -> ChangeMark {
        struct Row: Decodable { let count: Int; let changed: Date? }
        let row = try await sql.raw("SELECT COUNT(*) AS count, MAX(updated_at) AS changed FROM learning_resources").first(decoding: Row.self)
        return ChangeMark(count: row?.count ?? 0, changedAt: row?.changed)
    }

    public func learningInteractions(of userID: UUID?) async throws -> [LearningInteraction] {
        struct Row: Decodable { let user_id: UUID; let resource_id: UUID; let completed: Int; let rating: Int? }
        let completions: SQLQueryString = userID.map { "c.user_id = \(bind: $0)" } ?? "1 = 1"
        let ratings: SQLQueryString = userID.map { "r.user_id = \(bind: $0)" } ?? "1 = 1"
        return try await sql.raw("""
            SELECT c.user_id, c.resource_id, 1 AS completed, r.rating FROM resource_completions c
            LEFT JOIN resource_ratings r ON r.resource_id = c.resource_id AND r.user_id = c.user_id WHERE \(completions)
            UNION ALL
            SELECT r.user_id, r.resource_id, 0 AS completed, r.rating FROM resource_ratings r
            WHERE \(ratings) AND NOT EXISTS (SELECT 1 FROM resource_completions c WHERE c.user_id = r.user_id AND c.resource_id = r.resource_id)
            ORDER BY 1, 2
            """).all(decoding: Row.self).map { LearningInteraction(userID: $0.user_id, resourceID: $0.resource_id, completed: $0.completed == 1, rating: $0.rating) }
    }

    public func saveArtefact(_ artefact: ModelArtefact, keep: Int) async throws {
        try await persistence.transaction { sql in
            try await sql.insert(into: "model_artefacts").columns("id", "kind", "version", "data", "metrics", "created_at")
                .values(SQLBind(UUID()), SQLBind(artefact.kind), SQLBind(artefact.version), SQLBind(artefact.data), SQLBind(artefact.metrics),
                        SQLBind(artefact.createdAt))
                .run()
            try await sql.raw("""
                DELETE FROM model_artefacts WHERE kind = \(bind: artefact.kind) AND version <= \(bind: artefact.version - keep)
                """).run()
        }
    }

    public func latestArtefact(kind: String) async throws -> ModelArtefact? {
        struct Row: Decodable { let kind: String; let version: Int; let data: Data; let metrics: String; let created_at: Date }
        return try await sql.raw("""
            SELECT kind, version, data, metrics, created_at FROM model_artefacts WHERE kind = \(bind: kind) ORDER BY version DESC LIMIT 1
            """).first(decoding: Row.self).map { ModelArtefact(kind: $0.kind, version: $0.version, data: $0.data, metrics: $0.metrics, createdAt: $0.created_at) }
    }

    public func latestArtefactStamp(kind: String) async throws -> (version: Int, createdAt: Date)? {
        struct Row: Decodable { let version: Int; let created_at: Date }
        return try await sql.raw("""
            SELECT version, created_at FROM model_artefacts WHERE kind = \(bind: kind) ORDER BY version DESC LIMIT 1
            """).first(decoding: Row.self).map { ($0.version, $0.created_at) }
    }

    public func memberIDs() async throws -> [UUID] {
        struct Row: Decodable { let user_id: UUID }
        return try await sql.raw("SELECT user_id FROM profiles UNION SELECT user_id FROM user_skills").all(decoding: Row.self).map(\.user_id)
    }

    public func membersNeedingMatches(postingsChangedAt: Date?, limit: Int) async throws -> [UUID] {
        struct Row: Decodable { let user_id: UUID }
        let postings = postingsChangedAt ?? Date(timeIntervalSince1970: 0)
        return try await sql.raw("""
            SELECT m.user_id FROM (
                SELECT user_id, MAX(updated_at) AS changed FROM (
                    SELECT user_id, updated_at FROM profiles UNION ALL SELECT user_id, updated_at FROM user_skills) c GROUP BY user_id) m
            LEFT JOIN (SELECT user_id, MIN(computed_at) AS computed FROM opportunity_matches GROUP BY user_id) om ON om.user_id = m.user_id
            WHERE om.computed IS NULL OR om.computed < m.changed OR om.computed < \(bind: postings)
            ORDER BY m.user_id LIMIT \(bind: limit)
            """).all(decoding: Row.self).map(\.user_id)
    }

    public func organizations(of userID: UUID) async throws -> Set<UUID> {
        struct Row: Decodable { let organization_id: UUID }
        return Set(try await sql.raw("SELECT organization_id FROM memberships WHERE user_id = \(bind: userID)").all(decoding: Row.self).map(\.organization_id))
    }

    public func replaceMatches(_ matches: [StoredMatch], of userID: UUID) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let rows: [[any Encodable & Sendable]] = try matches.map {
            [UUID(), userID, $0.opportunityID, $0.scorePermille, String(decoding: try encoder.encode($0.breakdown), as: UTF8.self), $0.computedAt]
        }
        try await persistence.serialized(on: "matches:\(userID)") { sql in
            try await sql.delete(from: "opportunity_matches").where("user_id", .equal, userID).run()
            try await sql.insertRows(into: "opportunity_matches", columns: ["id", "user_id", "opportunity_id", "score_permille", "breakdown", "computed_at"], rows: rows)
        }
    }

    public func matches(of userID: UUID) async throws -> [StoredMatch] {
        struct Row: Decodable { let opportunity_id: UUID; let score_permille: Int; let breakdown: String; let computed_at: Date }
        let decoder = JSONDecoder()
        return try await sql.raw("""
            SELECT opportunity_id, score_permille, breakdown, computed_at FROM opportunity_matches WHERE user_id = \(bind: userID) ORDER BY score_permille DESC
            """).all(decoding: Row.self).map {
            StoredMatch(opportunityID: $0.opportunity_id, scorePermille: $0.score_permille,
                        breakdown: try decoder.decode(MatchBreakdown.self, from: Data($0.breakdown.utf8)), computedAt: $0.computed_at)
        }
    }
}
