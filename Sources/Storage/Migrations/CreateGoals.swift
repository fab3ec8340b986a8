import FluentKit

/// Career goals (a role, a skill level, or free text) and their milestones.
struct CreateGoals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("career_goals")
            .id()
            .owner("user_id", "users")
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .link("target_occupation_id", "occupations")
            .link("target_skill_id", "skill_catalog")
            .field("target_level", .int)
            .field("due_on", .datetime)
            .field("status", .string, .required)
            .timestamps()
            .create()
        try await database.createIndex(on: "career_goals", "user_id", "status")

        try await database.schema("milestones")
            .id()
            .owner("goal_id", "career_goals")
            .field("title", .string, .required)
            .field("position", .int, .required)
            .field("due_on", .datetime)
            .field("completed_at", .datetime)
            .timestamps()
            .create()
        try await database.createIndex(on: "milestones", "goal_id", "position")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("milestones").delete()
        try await database.schema("career_goals").delete()
    }
}
