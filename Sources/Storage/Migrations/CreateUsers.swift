import FluentKit

/// Accounts. E-mail and name are sealed; `email_index` is the HMAC blind index used to find an
/// account by address without storing the address in the clear.
struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email_sealed", .string, .required)
            .field("email_index", .string, .required)
            .field("name_sealed", .string, .required)
            .field("password_hash", .string)
            .field("platform_role", .string, .required)
            .field("status", .string, .required)
            .field("email_verified_at", .datetime)
            .field("is_demo", .bool, .required)
            .timestamps()
            .unique(on: "email_index")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}
