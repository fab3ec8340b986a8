import FluentKit

/// Openings (schema.org `JobPosting` shaped), the skills they ask for, and members' matches.
/// Salaries are whole currency units per year, with the ISO currency beside them.
struct CreateOpportunities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("opportunities")
            .id()
            .link("organization_id", "organizations")
            .field("title", .string, .required)
            .field("employer", .string, .required)
            .field("description", .string, .required)
            .field("location", .string)
            .field("remote", .bool, .required)
            .field("employment_type", .string, .required)
            .field("salary_min_yearly", .int)
            .field("salary_max_yearly", .int)
            .field("salary_currency", .string)
            .link("occupation_id", "occupations")
            .field("status", .string, .required)
            .field("source", .string, .required)
            .field("external_id", .string)
            .field("posted_at", .datetime, .required)
            .field("closes_at", .datetime)
            .field("is_demo", .bool, .required)
            .timestamps()
            .create()
        try await database.createIndex(on: "opportunities", "status", "posted_at")
        try await database.createIndex(on: "opportunities", "organization_id")
        try await database.createIndex(on: "opportunities", "occupation_id")

        try await database.schema("opportunity_skills")
            .id()
            .owner("opportunity_id", "opportunities")
            .owner("skill_id", "skill_catalog")
            .field("required", .bool, .required)
            .field("min_level", .int)
            .unique(on: "opportunity_id", "skill_id")
            .create()
        try await database.createIndex(on: "opportunity_skills", "skill_id")

        try await database.schema("opportunity_matches")
            .id()
            .owner("user_id", "users")
            .owner("opportunity_id", "opportunities")
            .field("score_permille", .int, .required)
            .field("breakdown", .string, .required)
            .field("computed_at", .datetime, .required)
            .unique(on: "user_id", "opportunity_id")
            .create()
        try await database.createIndex(on: "opportunity_matches", "user_id", "score_permille")
        try await database.createIndex(on: "opportunity_matches", "opportunity_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("opportunity_matches").delete()
        try await database.schema("opportunity_skills").delete()
        try await database.schema("opportunities").delete()
    }
}
