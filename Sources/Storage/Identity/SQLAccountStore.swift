import Career
import Core
import FluentKit
import Foundation
import Identity
import Insights
import SQLKit

/// Accounts in SQL, with e-mail and name sealed and the address found by its blind index.
public struct SQLAccountStore: AccountStore {
    let persistence: Persistence
    let cipher: FieldCipher
    /// What is cached about an account (its profile, its sessions) is dropped when it is deleted.
    let cache: any Cache

    public init(persistence: Persistence, cipher: FieldCipher, cache: any Cache) {
        self.persistence = persistence
        self.cipher = cipher
        self.cache = cache
    }

    struct Row: Decodable {
        let id: UUID
        let email_sealed: String
        let name_sealed: String
        let password_hash: String?
        let platform_role: String
        let status: String
        let email_verified_at: Date?
        let created_at: Date
    }

    static let columns = ["id", "email_sealed", "name_sealed", "password_hash", "platform_role", "status", "email_verified_at", "created_at"]

    public func create(_ account: NewAccount, at now: Date) async throws {
        let email = NewAccount.normalize(email: account.email)
        let index = cipher.blindIndex(email)
        let sql = persistence.sql
        if try await sql.select().column("id").from("users").where("email_index", .equal, index).first() != nil {
            throw DomainError.conflict("an account with this e-mail address exists")
        }
        do {
            try await sql.insert(into: "users")
                .columns("id", "email_sealed", "email_index", "name_sealed", "password_hash", "platform_role", "status", "email_verified_at", "is_demo", "created_at", "updated_at")
                .values(SQLBind(account.id), SQLBind(try cipher.seal(email)), SQLBind(index), SQLBind(try cipher.seal(account.name)),
                        SQLBind(account.passwordHash), SQLBind(account.platformRole.rawValue), SQLBind(Account.Status.active.rawValue),
                        SQLBind(account.emailVerified ? now : nil), SQLBind(account.isDemo), SQLBind(now), SQLBind(now))
                .run()
        } catch {
            // Two sign-ups racing for one address: the unique index decides.
            if try await sql.select().column("id").from("users").where("email_index", .equal, index).first() != nil {
                throw DomainError.conflict("an account with this e-mail address exists")
            }
            throw error
        }
    }

    public func account(email: String) async throws -> Account? {
        try await fetch { $0.where("email_index", .equal, cipher.blindIndex(NewAccount.normalize(email: email))) }
    }

    public func account(id: UUID) async throws -> Account? {
        try await fetch { $0.where("id", .equal, id) }
    }

    /// Deletes the account with everything of it: its rows go with it (foreign keys), and so do
    /// what no key holds: its profile vector, the mail addressed to it, and in the audit log the
    /// link to it and the addresses it came from (the entries stay, whose they were does not).
    public func delete(_ userID: UUID) async throws -> Bool {
        let sql = persistence.sql
        let sessions = try await sql.select().columns("id", "token_hash").from("sessions").where("user_id", .equal, userID)
            .all(decoding: SQLSessionStore.TokenHashRow.self)
        if let email = try await account(id: userID)?.email {
            try await sql.delete(from: "mail_outbox").where("recipient_index", .equal, OutboxMailer.index(email, cipher)).run()
        }
        try await sql.delete(from: "embeddings").where("owner_type", .equal, VectorOwner.profile.rawValue).where("owner_id", .equal, userID).run()
        try await sql.raw("""
            UPDATE audit_log SET target_id = NULL, address_sealed = NULL WHERE target_id = \(bind: userID) OR actor_id = \(bind: userID)
            """).run()
        let deleted = try await !sql.raw("DELETE FROM users WHERE id = \(bind: userID) RETURNING id").all().isEmpty
        await cache.invalidate([SQLCareerStore.profileScope(userID)] + sessions.flatMap(\.scopes))
        return deleted
    }

    public func accounts(ids: [UUID]) async throws -> [Account] {
        var accounts: [Account] = []
        for chunk in SQLCareerStore.chunks(ids) {
            accounts += try await fetchAll { $0.where("id", .in, chunk) }
        }
        return accounts
    }

    private func fetch(_ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> Account? {
        try await fetchAll { filter($0).limit(1) }.first
    }

    private func fetchAll(_ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Account] {
        let query = filter(persistence.sql.select().columns(Self.columns).from("users"))
        return try await query.all(decoding: Row.self).map { row in try account(row) }
    }

    private func account(_ row: Row) throws -> Account {
        Account(
            id: row.id, email: try cipher.open(row.email_sealed), name: try cipher.open(row.name_sealed), passwordHash: row.password_hash,
            platformRole: PlatformRole(rawValue: row.platform_role) ?? .member, status: Account.Status(rawValue: row.status) ?? .disabled,
            emailVerifiedAt: row.email_verified_at, createdAt: row.created_at
        )
    }

    public func memberships(of userID: UUID) async throws -> [MembershipGrant] {
        struct Row: Decodable { let organization_id: UUID; let name: String; let role: String }
        let rows = try await persistence.sql.raw("""
            SELECT m.organization_id, o.name, m.role FROM memberships m JOIN organizations o ON o.id = m.organization_id
            WHERE m.user_id = \(bind: userID) ORDER BY m.created_at, o.name
            """).all(decoding: Row.self)
        return rows.compactMap { row in
            OrganizationRole(rawValue: row.role).map { MembershipGrant(organizationID: row.organization_id, organizationName: row.name, role: $0) }
        }
    }

    public func setPassword(of userID: UUID, hash: String?, at now: Date) async throws {
        try await persistence.sql.update("users").set("password_hash", to: hash).set("updated_at", to: now).where("id", .equal, userID).run()
    }

    public func markEmailVerified(_ userID: UUID, at now: Date) async throws {
        try await persistence.sql.update("users").set("email_verified_at", to: now).set("updated_at", to: now)
            .where("id", .equal, userID).where("email_verified_at", .is, SQLLiteral.null).run()
    }
}

extension SQLAccountStore {
    public func setPlatformRole(of userID: UUID, to role: PlatformRole, at now: Date) async throws {
        try await persistence.sql.update("users").set("platform_role", to: role.rawValue).set("updated_at", to: now).where("id", .equal, userID).run()
    }
}
