import Foundation
import Identity
import SQLKit

/// Personal access tokens and coach sharing, in SQL.
public struct SQLPersonalTokenStore: PersonalTokenStore, SharingDirectory {
    let persistence: Persistence

    public init(persistence: Persistence) { self.persistence = persistence }

    struct Row: Decodable {
        let id: UUID
        let user_id: UUID
        let name: String
        let scopes: String
        let created_at: Date
        let last_used_at: Date?
        let expires_at: Date?
        let revoked_at: Date?
    }

    static let columns = ["id", "user_id", "name", "scopes", "created_at", "last_used_at", "expires_at", "revoked_at"]

    func token(_ row: Row) -> PersonalToken {
        PersonalToken(id: row.id, userID: row.user_id, name: row.name,
                      scopes: Set(row.scopes.split(separator: " ").compactMap { TokenScope(rawValue: String($0)) }),
                      createdAt: row.created_at, lastUsedAt: row.last_used_at, expiresAt: row.expires_at, revokedAt: row.revoked_at)
    }

    public func create(_ token: PersonalToken, tokenHash: String) async throws {
        try await persistence.sql.insert(into: "personal_access_tokens")
            .columns("id", "user_id", "name", "scopes", "token_hash", "created_at", "expires_at")
            .values(SQLBind(token.id), SQLBind(token.userID), SQLBind(token.name), SQLBind(token.scopes.map(\.rawValue).sorted().joined(separator: " ")),
                    SQLBind(tokenHash), SQLBind(token.createdAt), SQLBind(token.expiresAt))
            .run()
    }

    public func token(hash: String) async throws -> PersonalToken? {
        try await persistence.sql.select().columns(Self.columns).from("personal_access_tokens").where("token_hash", .equal, hash)
            .first(decoding: Row.self).map(token)
    }

    public func tokens(of userID: UUID) async throws -> [PersonalToken] {
        try await persistence.sql.select().columns(Self.columns).from("personal_access_tokens").where("user_id", .equal, userID)
            .orderBy("created_at", .descending).limit(200).all(decoding: Row.self).map(token)
    }

    public func markUsed(_ id: UUID, at now: Date) async throws {
        try await persistence.sql.update("personal_access_tokens").set("last_used_at", to: now).where("id", .equal, id).run()
    }

    public func revoke(_ id: UUID, of userID: UUID, at now: Date) async throws -> Bool {
        try await !persistence.sql.raw("""
            UPDATE personal_access_tokens SET revoked_at = \(bind: now)
            WHERE id = \(bind: id) AND user_id = \(bind: userID) AND revoked_at IS NULL RETURNING id
            """).all().isEmpty
    }

    public func revokeAll(of userID: UUID, at now: Date) async throws {
        try await persistence.sql.update("personal_access_tokens").set("revoked_at", to: now)
            .where("user_id", .equal, userID).where("revoked_at", .is, SQLLiteral.null).run()
    }

    // MARK: Sharing

    /// A share counts while its coach is a coach of an organization the member belongs to: a
    /// coach removed from the organization (or no longer a coach there) reads nothing more.
    public func shares(_ member: UUID, with coach: UUID) async throws -> Bool {
        try await persistence.sql.raw("""
            SELECT id FROM coach_shares WHERE member_id = \(bind: member) AND coach_id = \(bind: coach)
            AND EXISTS (\(unsafeRaw: SQLOrganizationStore.activeShare))
            """).first() != nil
    }

    public func organizations(of member: UUID) async throws -> Set<UUID> {
        struct Row: Decodable { let organization_id: UUID }
        return Set(try await persistence.sql.select().column("organization_id").from("memberships")
            .where("user_id", .equal, member).all(decoding: Row.self).map(\.organization_id))
    }

    public func members(sharingWith coach: UUID) async throws -> [UUID] {
        struct Row: Decodable { let member_id: UUID }
        return try await persistence.sql.raw("""
            SELECT member_id FROM coach_shares WHERE coach_id = \(bind: coach) AND EXISTS (\(unsafeRaw: SQLOrganizationStore.activeShare))
            ORDER BY created_at
            """).all(decoding: Row.self).map(\.member_id)
    }
}
