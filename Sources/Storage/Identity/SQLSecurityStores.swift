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

    public func claimAttempt(for email: String, at now: Date, lockout: @escaping @Sendable (Int) -> Date?) async throws -> LoginAttempt {
        let key = key(email)
        let sql = persistence.sql
        try await sql.insert(into: "login_throttle").columns("key", "failures", "locked_until", "updated_at")
            .values(SQLBind(key), SQLBind(0), SQLBind(Date?.none), SQLBind(now))
            .ignoringConflicts(with: ["key"]).run()
        // Compare and set: of two attempts that read the same count, one writes and the other reads again.
        while true {
            guard let row = try await sql.select().columns("failures", "locked_until").from("login_throttle")
                .where("key", .equal, key).first(decoding: ThrottleRow.self) else { return .allowed(attempts: 1) }
            if let until = row.locked_until, until > now { return .locked(until: until) }
            let attempts = row.failures + 1
            struct Claimed: Decodable { let failures: Int }
            let claimed = try await sql.raw("""
                UPDATE login_throttle SET failures = \(bind: attempts), locked_until = \(bind: lockout(attempts)), updated_at = \(bind: now)
                WHERE key = \(bind: key) AND failures = \(bind: row.failures) RETURNING failures
                """).first(decoding: Claimed.self)
            if claimed != nil { return .allowed(attempts: attempts) }
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
