import FluentKit

/// Who belongs to which organization, in which role, and which coach leads them.
struct CreateMemberships: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("memberships")
            .id()
            .owner("user_id", "users")
            .owner("organization_id", "organizations")
            .field("role", .string, .required)
            .link("coach_id", "users")
            .timestamps()
            .unique(on: "user_id", "organization_id")
            .create()
        try await database.createIndex(on: "memberships", "organization_id", "role")
        try await database.createIndex(on: "memberships", "coach_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("memberships").delete()
    }
}
