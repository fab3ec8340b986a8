import Core
import FluentKit
import Foundation
import Identity
import SQLKit

/// Sessions and refresh tokens in SQL; secrets only as hashes, addresses sealed.
public struct SQLSessionStore: SessionStore, RefreshTokenStore {
    let persistence: Persistence
    let cipher: FieldCipher
    /// The hot copy of sessions (looked up on every signed-in page); the database stays their record.
    let cache: any Cache

    public init(persistence: Persistence, cipher: FieldCipher, cache: any Cache) {
        self.persistence = persistence
        self.cipher = cipher
        self.cache = cache
    }

    static func scope(_ tokenHash: String) -> String { "session:\(tokenHash)" }
    static func scope(id: UUID) -> String { "session-id:\(id.uuidString)" }

    /// Sessions are cached under the token's hash (cookies) and their id (access tokens); writes
    /// answer both, to drop.
    struct TokenHashRow: Decodable {
        let id: UUID
        let token_hash: String

        var scopes: [String] { [SQLSessionStore.scope(token_hash), SQLSessionStore.scope(id: id)] }
    }

    struct Row: Decodable {
        let id: UUID
        let user_id: UUID
        let kind: String
        let user_agent: String?
        let address_sealed: String?
        let created_at: Date
        let last_seen_at: Date
        let expires_at: Date
        let revoked_at: Date?
    }

    static let columns = ["id", "user_id", "kind", "user_agent", "address_sealed", "created_at", "last_seen_at", "expires_at", "revoked_at"]

    func record(_ row: Row) -> SessionRecord {
        SessionRecord(id: row.id, userID: row.user_id, kind: SessionRecord.Kind(rawValue: row.kind) ?? .web, userAgent: row.user_agent,
                      address: row.address_sealed.flatMap { try? cipher.open($0) }, createdAt: row.created_at,
                      lastSeenAt: row.last_seen_at, expiresAt: row.expires_at, revokedAt: row.revoked_at)
    }

    public func create(_ session: SessionRecord, tokenHash: String) async throws {
        try await persistence.sql.insert(into: "sessions")
            .columns("id", "user_id", "token_hash", "kind", "user_agent", "address_sealed", "created_at", "last_seen_at", "expires_at")
            .values(SQLBind(session.id), SQLBind(session.userID), SQLBind(tokenHash), SQLBind(session.kind.rawValue), SQLBind(session.userAgent),
                    SQLBind(try cipher.sealIfPresent(session.address)), SQLBind(session.createdAt), SQLBind(session.lastSeenAt), SQLBind(session.expiresAt))
            .run()
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await cache.present(Self.scope(tokenHash), scopes: [Self.scope(tokenHash)], ttl: CacheTTL.session) {
            try await storedSession(tokenHash: tokenHash)
        }
    }

    func storedSession(tokenHash: String) async throws -> SessionRecord? {
        try await persistence.sql.select().columns(Self.columns).from("sessions").where("token_hash", .equal, tokenHash)
            .first(decoding: Row.self).map(record)
    }

    /// Looked up for every request with an access token, so that revoking a session stops its
    /// access tokens at once.
    public func session(id: UUID) async throws -> SessionRecord? {
        try await cache.present(Self.scope(id: id), scopes: [Self.scope(id: id)], ttl: CacheTTL.session) {
            try await persistence.sql.select().columns(Self.columns).from("sessions").where("id", .equal, id)
                .first(decoding: Row.self).map(record)
        }
    }

    public func touch(_ id: UUID, lastSeenAt: Date, expiresAt: Date) async throws {
        let changed = try await persistence.sql.raw("""
            UPDATE sessions SET last_seen_at = \(bind: lastSeenAt), expires_at = \(bind: expiresAt) WHERE id = \(bind: id) RETURNING id, token_hash
            """).all(decoding: TokenHashRow.self)
        await cache.invalidate(changed.flatMap(\.scopes))
    }

    public func sessions(of userID: UUID) async throws -> [SessionRecord] {
        try await persistence.sql.select().columns(Self.columns).from("sessions").where("user_id", .equal, userID)
            .orderBy("created_at", .descending).limit(200).all(decoding: Row.self).map(record)
    }

    public func revoke(_ id: UUID, of userID: UUID, at now: Date) async throws -> Bool {
        let rows = try await persistence.sql.raw("""
            UPDATE sessions SET revoked_at = \(bind: now) WHERE id = \(bind: id) AND user_id = \(bind: userID) AND revoked_at IS NULL RETURNING id, token_hash
            """).all(decoding: TokenHashRow.self)
        try await persistence.sql.update("refresh_tokens").set("revoked_at", to: now)
            .where("session_id", .equal, id).where("user_id", .equal, userID).where("revoked_at", .is, SQLLiteral.null).run()
        await cache.invalidate(rows.flatMap(\.scopes))
        return !rows.isEmpty
    }

    public func revokeAll(of userID: UUID, at now: Date) async throws {
        let rows = try await persistence.sql.raw("""
            UPDATE sessions SET revoked_at = \(bind: now) WHERE user_id = \(bind: userID) AND revoked_at IS NULL RETURNING id, token_hash
            """).all(decoding: TokenHashRow.self)
        try await persistence.sql.update("refresh_tokens").set("revoked_at", to: now)
            .where("user_id", .equal, userID).where("revoked_at", .is, SQLLiteral.null).run()
        await cache.invalidate(rows.flatMap(\.scopes))
    }

    // MARK: Refresh tokens

    struct RefreshRow: Decodable {
        let id: UUID
        let user_id: UUID
        let session_id: UUID
        let family_id: UUID
        let expires_at: Date
        let used_at: Date?
        let revoked_at: Date?
    }

    public func create(_ record: RefreshRecord, tokenHash: String, at now: Date) async throws {
        try await persistence.sql.insert(into: "refresh_tokens")
            .columns("id", "user_id", "session_id", "token_hash", "family_id", "created_at", "expires_at")
            .values(SQLBind(record.id), SQLBind(record.userID), SQLBind(record.sessionID), SQLBind(tokenHash), SQLBind(record.familyID), SQLBind(now), SQLBind(record.expiresAt))
            .run()
    }

    public func token(hash: String) async throws -> RefreshRecord? {
        try await persistence.sql.select().columns("id", "user_id", "session_id", "family_id", "expires_at", "used_at", "revoked_at")
            .from("refresh_tokens").where("token_hash", .equal, hash).first(decoding: RefreshRow.self).map {
                RefreshRecord(id: $0.id, userID: $0.user_id, sessionID: $0.session_id, familyID: $0.family_id, expiresAt: $0.expires_at, usedAt: $0.used_at, revokedAt: $0.revoked_at)
            }
    }

    public func markUsed(_ id: UUID, at now: Date) async throws -> Bool {
        try await !persistence.sql.raw("""
            UPDATE refresh_tokens SET used_at = \(bind: now) WHERE id = \(bind: id) AND used_at IS NULL AND revoked_at IS NULL RETURNING id
            """).all().isEmpty
    }

    public func revokeFamily(_ familyID: UUID, sessionID: UUID, at now: Date) async throws {
        let rows = try await persistence.transaction { sql in
            try await sql.update("refresh_tokens").set("revoked_at", to: now).where("family_id", .equal, familyID)
                .where("revoked_at", .is, SQLLiteral.null).run()
            return try await sql.raw("""
                UPDATE sessions SET revoked_at = \(bind: now) WHERE id = \(bind: sessionID) AND revoked_at IS NULL RETURNING id, token_hash
                """).all(decoding: TokenHashRow.self)
        }
        await cache.invalidate(rows.flatMap(\.scopes))
    }
}
