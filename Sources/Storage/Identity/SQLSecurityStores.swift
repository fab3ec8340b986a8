import FluentKit
import Foundation
import Identity
import SQLKit

/// Login throttling, single-use mail tokens and the audit log, in SQL.
public struct SQLSecurityStores: LoginThrottleStore, OneTimeTokenStore, AuditLog {
    let persistence: Persistence
    let cipher: FieldCipher

    public init(persistence: Persistence, cipher: FieldCipher) {
        self.persistence = persistence
        self.cipher = cipher
    }

    // MARK: Login throttle

    struct ThrottleRow: Decodable {
        let failures: Int
        let locked_until: Date?
    }

    private func key(_ email: String) -> String { "login:" + cipher.blindIndex(NewAccount.normalize(email: email)) }

    public func state(for email: String) async throws -> LoginThrottleState {
        let row = try await persistence.sql.select().columns("failures", "locked_until").from("login_throttle")
            .where("key", .equal, key(email)).first(decoding: ThrottleRow.self)
        return LoginThrottleState(failures: row?.failures ?? 0, lockedUntil: row?.locked_until)
    }

    public func recordFailure(for email: String, at now: Date, lockout: @escaping @Sendable (Int) -> Date?) async throws -> LoginThrottleState {
        let key = key(email)
        return try await persistence.database.transaction { database in
            let sql = database as! any SQLDatabase
            let failures = (try await sql.select().column("failures").from("login_throttle").where("key", .equal, key)
                .first(decoding: ThrottleRow.self)?.failures ?? 0) + 1
            let until = lockout(failures)
            try await sql.insert(into: "login_throttle").columns("key", "failures", "locked_until", "updated_at")
                .values(SQLBind(key), SQLBind(failures), SQLBind(until), SQLBind(now))
                .onConflict(with: ["key"]) { $0.set(excludedValueOf: "failures").set(excludedValueOf: "locked_until").set(excludedValueOf: "updated_at") }
                .run()
            return LoginThrottleState(failures: failures, lockedUntil: until)
        }
    }

    public func reset(_ email: String) async throws {
        try await persistence.sql.delete(from: "login_throttle").where("key", .equal, key(email)).run()
    }

    // MARK: One-time tokens

    public func create(userID: UUID, purpose: OneTimePurpose, tokenHash: String, expiresAt: Date, at now: Date) async throws {
        try await persistence.sql.insert(into: "one_time_tokens").columns("id", "user_id", "purpose", "token_hash", "expires_at", "created_at")
            .values(SQLBind(UUID()), SQLBind(userID), SQLBind(purpose.rawValue), SQLBind(tokenHash), SQLBind(expiresAt), SQLBind(now))
            .run()
    }

    public func consume(tokenHash: String, purpose: OneTimePurpose, at now: Date) async throws -> UUID? {
        struct Row: Decodable { let user_id: UUID }
        return try await persistence.sql.raw("""
            UPDATE one_time_tokens SET used_at = \(bind: now)
            WHERE token_hash = \(bind: tokenHash) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL AND expires_at > \(bind: now)
            RETURNING user_id
            """).first(decoding: Row.self)?.user_id
    }

    // MARK: Audit log

    public func record(_ entry: AuditEntry) async throws {
        try await persistence.sql.insert(into: "audit_log")
            .columns("id", "actor_id", "action", "target_type", "target_id", "details", "request_id", "address_sealed", "created_at")
            .values(SQLBind(UUID()), SQLBind(entry.actorID), SQLBind(entry.action.rawValue), SQLBind(entry.targetType), SQLBind(entry.targetID),
                    SQLBind(entry.details), SQLBind(entry.requestID), SQLBind(try cipher.sealIfPresent(entry.address)), SQLBind(entry.at))
            .run()
    }

    public func entries(actorID: UUID?, limit: Int, offset: Int) async throws -> [AuditEntry] {
        struct Row: Decodable {
            let actor_id: UUID?
            let action: String
            let target_type: String?
            let target_id: UUID?
            let details: String?
            let request_id: String?
            let address_sealed: String?
            let created_at: Date
        }
        var query = persistence.sql.select()
            .columns("actor_id", "action", "target_type", "target_id", "details", "request_id", "address_sealed", "created_at")
            .from("audit_log")
        if let actorID { query = query.where("actor_id", .equal, actorID) }
        return try await query.orderBy("created_at", .descending).limit(limit).offset(offset).all(decoding: Row.self).compactMap { row in
            AuditEntry.Action(rawValue: row.action).map {
                AuditEntry(actorID: row.actor_id, action: $0, targetType: row.target_type, targetID: row.target_id,
                           address: row.address_sealed.flatMap { try? cipher.open($0) }, requestID: row.request_id, details: row.details, at: row.created_at)
            }
        }
    }
}
