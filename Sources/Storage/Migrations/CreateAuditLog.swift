import FluentKit

/// Security-relevant actions: who did what to which object, when. No personal data in `details`.
struct CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_log")
            .id()
            .link("actor_id", "users")
            .field("action", .string, .required)
            .field("target_type", .string)
            .field("target_id", .uuid)
            .field("details", .string)
            .field("request_id", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex(on: "audit_log", "created_at")
        try await database.createIndex(on: "audit_log", "actor_id", "created_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_log").delete()
    }
}
