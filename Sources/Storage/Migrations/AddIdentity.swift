import FluentKit

/// What accounts, sessions and SSO need beyond the first schema: login throttling, session
/// kinds and addresses, single-use mail tokens, the mail outbox, personal access tokens, teams and their members,
/// and the coaches a member shares their data with.
struct AddIdentity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE, so each column is its own update.
        try await database.schema("sessions").field("kind", .string, .required, .sql(.default("web"))).update()
        try await database.schema("sessions").field("address_sealed", .string).update()
        try await database.schema("audit_log").field("address_sealed", .string).update()

        try await database.schema("login_throttle")
            .field("key", .string, .identifier(auto: false))
            .field("failures", .int, .required)
            .field("locked_until", .datetime)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema("one_time_tokens")
            .id()
            .owner("user_id", "users")
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.createIndex(on: "one_time_tokens", "user_id")

        try await database.schema("mail_outbox")
            .id()
            .field("recipient_sealed", .string, .required)
            .field("subject", .string, .required)
            .field("body_sealed", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex(on: "mail_outbox", "created_at")

        try await database.schema("personal_access_tokens")
            .id()
            .owner("user_id", "users")
            .field("name", .string, .required)
            .field("scopes", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("expires_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.createIndex(on: "personal_access_tokens", "user_id")

        try await database.schema("teams")
            .id()
            .owner("organization_id", "organizations")
            .field("name", .string, .required)
            .timestamps()
            .unique(on: "organization_id", "name")
            .create()
        try await database.schema("team_members")
            .id()
            .owner("team_id", "teams")
            .owner("user_id", "users")
            .field("created_at", .datetime, .required)
            .unique(on: "team_id", "user_id")
            .create()
        try await database.createIndex(on: "team_members", "user_id")

        try await database.schema("coach_shares")
            .id()
            .owner("member_id", "users")
            .owner("coach_id", "users")
            .field("created_at", .datetime, .required)
            .unique(on: "member_id", "coach_id")
            .create()
        try await database.createIndex(on: "coach_shares", "coach_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("coach_shares").delete()
        try await database.schema("team_members").delete()
        try await database.schema("teams").delete()
        try await database.schema("personal_access_tokens").delete()
        try await database.schema("mail_outbox").delete()
        try await database.schema("one_time_tokens").delete()
        try await database.schema("login_throttle").delete()
        try await database.schema("audit_log").deleteField("address_sealed").update()
        try await database.schema("sessions").deleteField("address_sealed").update()
        try await database.schema("sessions").deleteField("kind").update()
    }
}
