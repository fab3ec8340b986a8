import FluentKit

/// Career plans, their phases, and the actions in each phase (learn, practise, get endorsed,
/// apply, network), optionally pointing at a skill, a resource or an opportunity.
struct CreatePlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("career_plans")
            .id()
            .owner("user_id", "users")
            .link("goal_id", "career_goals")
            .field("title", .string, .required)
            .field("status", .string, .required)
            .field("generated_by", .string)
            .timestamps()
            .create()
        try await database.createIndex(on: "career_plans", "user_id", "status")

        try await database.schema("plan_phases")
            .id()
            .owner("plan_id", "career_plans")
            .field("title", .string, .required)
            .field("position", .int, .required)
            .field("status", .string, .required)
            .timestamps()
            .create()
        try await database.createIndex(on: "plan_phases", "plan_id", "position")

        try await database.schema("plan_actions")
            .id()
            .owner("phase_id", "plan_phases")
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("status", .string, .required)
            .field("position", .int, .required)
            .field("due_on", .datetime)
            .link("skill_id", "skill_catalog")
            .link("resource_id", "learning_resources")
            .link("opportunity_id", "opportunities")
            .timestamps()
            .create()
        try await database.createIndex(on: "plan_actions", "phase_id", "position")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("plan_actions").delete()
        try await database.schema("plan_phases").delete()
        try await database.schema("career_plans").delete()
    }
}
