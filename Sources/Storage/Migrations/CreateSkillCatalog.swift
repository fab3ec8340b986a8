import FluentKit

/// The skill taxonomy: ESCO skill groups, skills, and every label a skill goes by.
/// `skill_labels.normalized` (lower-cased) carries the prefix index behind autocomplete.
struct CreateSkillCatalog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("skill_groups")
            .id()
            .field("uri", .string, .required)
            .field("label", .string, .required)
            .field("code", .string)
            .field("parent_uri", .string)
            .unique(on: "uri")
            .create()

        try await database.schema("skill_catalog")
            .id()
            .field("uri", .string, .required)
            .field("preferred_label", .string, .required)
            .field("kind", .string, .required)
            .field("group_uri", .string)
            .field("description", .string)
            .field("is_custom", .bool, .required)
            .unique(on: "uri")
            .create()
        try await database.createIndex(on: "skill_catalog", "group_uri")

        try await database.schema("skill_labels")
            .id()
            .owner("skill_id", "skill_catalog")
            .field("label", .string, .required)
            .field("normalized", database.byteOrderedText, .required)
            .field("is_preferred", .bool, .required)
            .create()
        try await database.createIndex(on: "skill_labels", "normalized")
        try await database.createIndex(on: "skill_labels", "skill_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("skill_labels").delete()
        try await database.schema("skill_catalog").delete()
        try await database.schema("skill_groups").delete()
    }
}
