import FluentKit

/// ESCO occupations, their labels, and the skills each needs (essential or optional).
struct CreateOccupations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("occupations")
            .id()
            .field("uri", .string, .required)
            .field("preferred_label", .string, .required)
            .field("isco_group", .string)
            .field("code", .string)
            .unique(on: "uri")
            .create()

        try await database.schema("occupation_labels")
            .id()
            .owner("occupation_id", "occupations")
            .field("label", .string, .required)
            .field("normalized", database.byteOrderedText, .required)
            .field("is_preferred", .bool, .required)
            .create()
        try await database.createIndex(on: "occupation_labels", "normalized")
        try await database.createIndex(on: "occupation_labels", "occupation_id")

        try await database.schema("occupation_skills")
            .id()
            .owner("occupation_id", "occupations")
            .owner("skill_id", "skill_catalog")
            .field("relation", .string, .required)
            .unique(on: "occupation_id", "skill_id")
            .create()
        try await database.createIndex(on: "occupation_skills", "skill_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("occupation_skills").delete()
        try await database.schema("occupation_labels").delete()
        try await database.schema("occupations").delete()
    }
}
