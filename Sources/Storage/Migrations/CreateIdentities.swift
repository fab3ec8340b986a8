import FluentKit

/// SSO links: an account signed in through a provider, keyed by the provider's subject.
struct CreateIdentities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("identities")
            .id()
            .owner("user_id", "users")
            .field("provider", .string, .required)
            .field("subject", .string, .required)
            .field("email_index", .string)
            .timestamps()
            .unique(on: "provider", "subject")
            .create()
        try await database.createIndex(on: "identities", "user_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("identities").delete()
    }
}
