import Core
import FluentKit
import Foundation
import SQLKit

/// Idempotency keys in SQL; the unique (owner, key) index settles two racing claims. The
/// answers kept for replay are sealed: they hold what the API answered (a new personal token's
/// secret, a member's data) for a day.
public struct SQLIdempotencyStore: IdempotencyStore {
    let persistence: Persistence
    let cipher: FieldCipher

    public init(persistence: Persistence, cipher: FieldCipher) {
        self.persistence = persistence
        self.cipher = cipher
    }

    struct Row: Decodable {
        let fingerprint: String
        let status: Int?
        let content_type: String?
        let body: Data?
    }

    public func claim(owner: UUID, key: String, fingerprint: String, at now: Date) async throws -> IdempotencyRecord? {
        let sql = persistence.sql
        let inserted = try await sql.raw("""
            INSERT INTO idempotency_keys (id, owner_id, key, fingerprint, created_at) VALUES (\(bind: UUID()), \(bind: owner), \(bind: key), \(bind: fingerprint), \(bind: now))
            ON CONFLICT (owner_id, key) DO NOTHING RETURNING id
            """).all()
        if !inserted.isEmpty { return nil }
        guard let row = try await sql.select().columns("fingerprint", "status", "content_type", "body").from("idempotency_keys")
            .where("owner_id", .equal, owner).where("key", .equal, key).first(decoding: Row.self)
        else { return try await claim(owner: owner, key: key, fingerprint: fingerprint, at: now) }
        guard let status = row.status else { return IdempotencyRecord(fingerprint: row.fingerprint, response: nil) }
        guard let body = try? cipher.open(data: row.body ?? Data()) else {
            // Not sealed under a key this server holds (written before sealing, or the key is
            // gone): forgotten, and the request runs again.
            try await release(owner: owner, key: key)
            return try await claim(owner: owner, key: key, fingerprint: fingerprint, at: now)
        }
        return IdempotencyRecord(fingerprint: row.fingerprint, response: StoredResponse(status: status, contentType: row.content_type, body: body))
    }

    public func complete(owner: UUID, key: String, response: StoredResponse) async throws {
        try await persistence.sql.update("idempotency_keys").set("status", to: response.status).set("content_type", to: response.contentType)
            .set("body", to: try cipher.seal(data: response.body)).where("owner_id", .equal, owner).where("key", .equal, key).run()
    }

    public func release(owner: UUID, key: String) async throws {
        try await persistence.sql.delete(from: "idempotency_keys").where("owner_id", .equal, owner).where("key", .equal, key).run()
    }

    public func purge(before date: Date) async throws -> Int {
        try await persistence.runExclusively(job: "purge-idempotency-keys") { sql in
            try await sql.raw("DELETE FROM idempotency_keys WHERE created_at < \(bind: date) RETURNING id").all().count
        } ?? 0
    }
}
