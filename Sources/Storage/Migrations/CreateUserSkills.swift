import FluentKit

/// The seed's `skills`: a member's skills with level, evidence and every level change kept,
/// and the endorsements and verifications others give them.
struct CreateUserSkills: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("user_skills")
            .id()
            .owner("user_id", "users")
            .field("skill_id", .uuid, .required, .references("skill_catalog", "id", onDelete: .restrict))
            .field("level", .int, .required)
            .field("years", .int)
            .field("last_used_on", .datetime)
            .field("evidence", .string, .required)
            .timestamps()
            .unique(on: "user_id", "skill_id")
            .create()
        try await database.createIndex(on: "user_skills", "skill_id")

        try await database.schema("skill_level_history")
            .id()
            .owner("user_skill_id", "user_skills")
            .field("level", .int, .required)
            .field("changed_at", .datetime, .required)
            .create()
        try await database.createIndex(on: "skill_level_history", "user_skill_id", "changed_at")

        try await database.schema("skill_endorsements")
            .id()
            .owner("user_skill_id", "user_skills")
            .owner("endorser_id", "users")
            .field("source", .string, .required)
            .field("level", .int, .required)
            .field("comment_sealed", .string)
            .field("reference", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "user_skill_id", "endorser_id", "source")
            .create()
        try await database.createIndex(on: "skill_endorsements", "endorser_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("skill_endorsements").delete()
        try await database.schema("skill_level_history").delete()
        try await database.schema("user_skills").delete()
    }
}
