import FluentKit

/// A member's profile, work history and education. Free text and phone are sealed.
struct CreateProfiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("profiles")
            .id()
            .owner("user_id", "users")
            .field("headline", .string)
            .field("summary_sealed", .string)
            .field("phone_sealed", .string)
            .field("location", .string)
            .field("time_zone", .string, .required)
            .field("visibility", .string, .required)
            .field("preferences", .string, .required)
            .timestamps()
            .unique(on: "user_id")
            .create()

        try await database.schema("work_experiences")
            .id()
            .owner("user_id", "users")
            .field("title", .string, .required)
            .field("employer", .string, .required)
            .link("occupation_id", "occupations")
            .field("started_on", .datetime, .required)
            .field("ended_on", .datetime)
            .field("description_sealed", .string)
            .timestamps()
            .create()
        try await database.createIndex(on: "work_experiences", "user_id", "started_on")
        try await database.createIndex(on: "work_experiences", "occupation_id")

        try await database.schema("educations")
            .id()
            .owner("user_id", "users")
            .field("institution", .string, .required)
            .field("degree", .string)
            .field("field_of_study", .string)
            .field("started_on", .datetime)
            .field("ended_on", .datetime)
            .timestamps()
            .create()
        try await database.createIndex(on: "educations", "user_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("educations").delete()
        try await database.schema("work_experiences").delete()
        try await database.schema("profiles").delete()
    }
}
