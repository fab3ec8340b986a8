import FluentKit

/// What the platform keeps about itself: vectors computed for catalog items, trained model
/// artefacts, consent records, and small settings such as "demo data loaded".
struct CreatePlatformData: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("embeddings")
            .id()
            .field("owner_type", .string, .required)
            .field("owner_id", .uuid, .required)
            .field("model", .string, .required)
            .field("vector", .data, .required)
            .field("source_hash", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "owner_type", "owner_id", "model")
            .create()

        try await database.schema("model_artefacts")
            .id()
            .field("kind", .string, .required)
            .field("version", .int, .required)
            .field("data", .data, .required)
            .field("metrics", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "kind", "version")
            .create()

        try await database.schema("consent_records")
            .id()
            .owner("user_id", "users")
            .field("purpose", .string, .required)
            .field("granted", .bool, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex(on: "consent_records", "user_id", "created_at")

        try await database.schema("platform_settings")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("platform_settings").delete()
        try await database.schema("consent_records").delete()
        try await database.schema("model_artefacts").delete()
        try await database.schema("embeddings").delete()
    }
}
