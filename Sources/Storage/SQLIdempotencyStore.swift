import Core
import FluentKit
import Foundation
import SQLKit

/// Idempotency keys in SQL; the unique (owner, key) index settles two racing claims.
public struct SQLIdempotencyStore: IdempotencyStore {
    let persistence: Persistence

    public init(persistence: Persistence) { self.persistence = persistence }

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
        return IdempotencyRecord(fingerprint: row.fingerprint, response: row.status.map {
            StoredResponse(status: $0, contentType: row.content_type, body: row.body ?? Data())
        })
    }

    public func complete(owner: UUID, key: String, response: StoredResponse) async throws {
        try await persistence.sql.update("idempotency_keys").set("status", to: response.status).set("content_type", to: response.contentType)
            .set("body", to: response.body).where("owner_id", .equal, owner).where("key", .equal, key).run()
    }

    public func release(owner: UUID, key: String) async throws {
        try await persistence.sql.delete(from: "idempotency_keys").where("owner_id", .equal, owner).where("key", .equal, key).run()
    }

    public func purge(before date: Date) async throws -> Int {
        try await persistence.runExclusively(job: "purge-idempotency-keys") { database in
            try await (database as! any SQLDatabase).raw("DELETE FROM idempotency_keys WHERE created_at < \(bind: date) RETURNING id").all().count
        } ?? 0
    }
}
