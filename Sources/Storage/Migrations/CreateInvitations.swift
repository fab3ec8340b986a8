import FluentKit

/// Invitations to an organization: membership is offered to an address and taken by the
/// account that has verified it, so that an organization's admins never add, or learn of,
/// anyone without their consent. The address is sealed; its blind index finds the invitee.
struct CreateInvitations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organization_invitations")
            .id()
            .owner("organization_id", "organizations")
            .field("email_index", .string, .required)
            .field("email_sealed", .string, .required)
            .field("role", .string, .required)
            .link("invited_by", "users")
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("answered_at", .datetime)
            .create()
        try await database.createIndex(on: "organization_invitations", "email_index")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organization_invitations").delete()
    }
}
