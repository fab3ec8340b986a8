import FluentKit

/// Learning resources, the skills they teach, and members' completions and 1–5 ratings.
struct CreateLearning: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("learning_resources")
            .id()
            .link("organization_id", "organizations")
            .field("title", .string, .required)
            .field("provider", .string, .required)
            .field("url", .string, .required)
            .field("format", .string, .required)
            .field("duration_minutes", .int, .required)
            .field("level", .int, .required)
            .field("is_demo", .bool, .required)
            .timestamps()
            .create()
        try await database.createIndex(on: "learning_resources", "organization_id")

        try await database.schema("resource_skills")
            .id()
            .owner("resource_id", "learning_resources")
            .owner("skill_id", "skill_catalog")
            .unique(on: "resource_id", "skill_id")
            .create()
        try await database.createIndex(on: "resource_skills", "skill_id")

        try await database.schema("resource_completions")
            .id()
            .owner("user_id", "users")
            .owner("resource_id", "learning_resources")
            .field("completed_at", .datetime, .required)
            .unique(on: "user_id", "resource_id")
            .create()
        try await database.createIndex(on: "resource_completions", "resource_id")
        try await database.createIndex(on: "resource_completions", "completed_at")

        try await database.schema("resource_ratings")
            .id()
            .owner("user_id", "users")
            .owner("resource_id", "learning_resources")
            .field("rating", .int, .required)
            .timestamps()
            .unique(on: "user_id", "resource_id")
            .create()
        try await database.createIndex(on: "resource_ratings", "resource_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("resource_ratings").delete()
        try await database.schema("resource_completions").delete()
        try await database.schema("resource_skills").delete()
        try await database.schema("learning_resources").delete()
    }
}
