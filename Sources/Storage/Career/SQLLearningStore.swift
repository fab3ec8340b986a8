import Career
import Core
import FluentKit
import Foundation
import SQLKit

/// Learning resources, the skills they teach, and members' completions and ratings, in SQL.
public struct SQLLearningStore: LearningStore {
    let persistence: Persistence

    public init(persistence: Persistence) { self.persistence = persistence }

    var sql: any SQLDatabase { persistence.sql }

    struct Row: Decodable {
        let id: UUID
        let organization_id: UUID?
        let title: String
        let provider: String
        let url: String
        let format: String
        let duration_minutes: Int
        let level: Int
        let rating_average: Double?
        let rating_count: Int
        let completion_count: Int
    }

    static let select = """
        SELECT r.id, r.organization_id, r.title, r.provider, r.url, r.format, r.duration_minutes, r.level,
               (SELECT AVG(CAST(rating AS DOUBLE PRECISION)) FROM resource_ratings WHERE resource_id = r.id) AS rating_average,
               (SELECT COUNT(*) FROM resource_ratings WHERE resource_id = r.id) AS rating_count,
               (SELECT COUNT(*) FROM resource_completions WHERE resource_id = r.id) AS completion_count
        FROM learning_resources r
        """

    public func resources(organizations: Set<UUID>?, skillIDs: [UUID]?, query: String?, page: Core.PageRequest) async throws -> Core.Page<LearningResource> {
        var clause: SQLQueryString = "1 = 1"
        if let organizations {
            clause = organizations.isEmpty ? "r.organization_id IS NULL"
                : "(r.organization_id IS NULL OR r.organization_id IN (\(binds: Array(organizations))))"
        }
        if let skillIDs {
            clause = "\(clause) AND r.id IN (SELECT resource_id FROM resource_skills WHERE skill_id IN (\(binds: skillIDs)))"
        }
        for word in (query ?? "").lowercased().split(separator: " ").prefix(8) {
            clause = "\(clause) AND LOWER(r.title) LIKE \(bind: SQLLike.containing(String(word))) ESCAPE '\\'"
        }
        let rows = try await sql.raw("""
            \(unsafeRaw: Self.select) WHERE \(clause) ORDER BY r.created_at DESC, r.id LIMIT \(bind: page.limit) OFFSET \(bind: page.offset)
            """).all(decoding: Row.self)
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM learning_resources r WHERE \(clause)").first(decoding: Count.self)?.n ?? 0
        return Core.Page(items: try await assemble(rows), total: total, request: page)
    }

    public func resources(ids: [UUID]) async throws -> [LearningResource] {
        var rows: [Row] = []
        for chunk in SQLCareerStore.chunks(ids) {
            rows += try await sql.raw("\(unsafeRaw: Self.select) WHERE r.id IN (\(binds: chunk))").all(decoding: Row.self)
        }
        let order = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return try await assemble(rows).sorted { order[$0.id, default: 0] < order[$1.id, default: 0] }
    }

    /// Every resource, oldest first.
    func all() async throws -> [LearningResource] {
        try await assemble(try await sql.raw("\(unsafeRaw: Self.select) ORDER BY r.created_at, r.id").all(decoding: Row.self))
    }

    private func assemble(_ rows: [Row]) async throws -> [LearningResource] {
        struct Taught: Decodable { let resource_id: UUID; let id: UUID; let uri: String; let preferred_label: String; let is_custom: Bool }
        var taught: [Taught] = []
        for chunk in SQLCareerStore.chunks(rows.map(\.id)) {
            taught += try await sql.raw("""
                SELECT rs.resource_id, s.id, s.uri, s.preferred_label, s.is_custom FROM resource_skills rs JOIN skill_catalog s ON s.id = rs.skill_id
                WHERE rs.resource_id IN (\(binds: chunk)) ORDER BY s.preferred_label
                """).all(decoding: Taught.self)
        }
        let byResource = Dictionary(grouping: taught, by: \.resource_id)
        return rows.map { row in
            LearningResource(
                id: row.id, organizationID: row.organization_id, title: row.title, provider: row.provider, url: row.url, format: row.format,
                durationMinutes: row.duration_minutes, level: row.level,
                skills: (byResource[row.id] ?? []).map { SkillRef(id: $0.id, uri: $0.uri, label: $0.preferred_label, isCustom: $0.is_custom) },
                averageRating: row.rating_average.map { ($0 * 100).rounded() / 100 }, ratingCount: row.rating_count, completionCount: row.completion_count
            )
        }
    }

    public func save(_ resource: LearningResource, at now: Date) async throws {
        try await persistence.transaction { sql in
            try await sql.insert(into: "learning_resources")
                .columns("id", "organization_id", "title", "provider", "url", "format", "duration_minutes", "level", "is_demo", "created_at", "updated_at")
                .values(SQLBind(resource.id), SQLBind(resource.organizationID), SQLBind(resource.title), SQLBind(resource.provider), SQLBind(resource.url),
                        SQLBind(resource.format), SQLBind(resource.durationMinutes), SQLBind(resource.level), SQLBind(false), SQLBind(now), SQLBind(now))
                .onConflict(with: ["id"]) {
                    $0.set(excludedValueOf: "title").set(excludedValueOf: "provider").set(excludedValueOf: "url").set(excludedValueOf: "format")
                        .set(excludedValueOf: "duration_minutes").set(excludedValueOf: "level").set(excludedValueOf: "updated_at")
                }
                .run()
            try await sql.delete(from: "resource_skills").where("resource_id", .equal, resource.id).run()
            try await sql.insertRows(into: "resource_skills", columns: ["id", "resource_id", "skill_id"], rows: resource.skills.map { [UUID(), resource.id, $0.id] })
        }
    }

    public func complete(_ resourceID: UUID, by userID: UUID, at now: Date) async throws {
        try await sql.insert(into: "resource_completions").columns("id", "user_id", "resource_id", "completed_at")
            .values(SQLBind(UUID()), SQLBind(userID), SQLBind(resourceID), SQLBind(now))
            .ignoringConflicts(with: ["user_id", "resource_id"]).run()
    }

    public func uncomplete(_ resourceID: UUID, by userID: UUID) async throws -> Bool {
        try await !sql.raw("DELETE FROM resource_completions WHERE user_id = \(bind: userID) AND resource_id = \(bind: resourceID) RETURNING id").all().isEmpty
    }

    public func rate(_ resourceID: UUID, by userID: UUID, rating: Int, at now: Date) async throws {
        try await sql.insert(into: "resource_ratings").columns("id", "user_id", "resource_id", "rating", "created_at", "updated_at")
            .values(SQLBind(UUID()), SQLBind(userID), SQLBind(resourceID), SQLBind(rating), SQLBind(now), SQLBind(now))
            .onConflict(with: ["user_id", "resource_id"]) { $0.set(excludedValueOf: "rating").set(excludedValueOf: "updated_at") }
            .run()
    }

    public func records(of userID: UUID) async throws -> [LearningRecord] {
        struct Row: Decodable { let resource_id: UUID; let completed_at: Date?; let rating: Int? }
        let rows = try await sql.raw("""
            SELECT c.resource_id, c.completed_at, r.rating FROM resource_completions c
            LEFT JOIN resource_ratings r ON r.resource_id = c.resource_id AND r.user_id = c.user_id WHERE c.user_id = \(bind: userID)
            UNION
            SELECT r.resource_id, NULL AS completed_at, r.rating FROM resource_ratings r
            WHERE r.user_id = \(bind: userID) AND NOT EXISTS (SELECT 1 FROM resource_completions c WHERE c.user_id = r.user_id AND c.resource_id = r.resource_id)
            """).all(decoding: Row.self)
        return rows.map { LearningRecord(resourceID: $0.resource_id, completedAt: $0.completed_at, rating: $0.rating) }
            .sorted { ($0.completedAt ?? .distantPast) > ($1.completedAt ?? .distantPast) }
    }
}
