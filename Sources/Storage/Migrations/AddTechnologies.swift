import FluentKit

/// Technologies in the skill catalog: a technology ("Kubernetes") is a catalog skill with the ESCO
/// skill it belongs under (`concept_uri`), and whether its name is also an everyday word.
struct AddTechnologies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE, so each column is its own update.
        try await database.schema("skill_catalog").field("concept_uri", .string).update()
        try await database.schema("skill_catalog").field("needs_context", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("skill_catalog").deleteField("needs_context").update()
        try await database.schema("skill_catalog").deleteField("concept_uri").update()
    }
}
