import FluentKit

/// Browser and API sessions, and the refresh tokens that renew them. Tokens are stored as
/// hashes only; `family_id` lets a replayed refresh token revoke its whole family.
struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .id()
            .owner("user_id", "users")
            .field("token_hash", .string, .required)
            .field("user_agent", .string)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.createIndex(on: "sessions", "user_id")
        try await database.createIndex(on: "sessions", "expires_at")

        try await database.schema("refresh_tokens")
            .id()
            .owner("user_id", "users")
            .owner("session_id", "sessions")
            .field("token_hash", .string, .required)
            .field("family_id", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.createIndex(on: "refresh_tokens", "family_id")
        try await database.createIndex(on: "refresh_tokens", "expires_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("refresh_tokens").delete()
        try await database.schema("sessions").delete()
    }
}
