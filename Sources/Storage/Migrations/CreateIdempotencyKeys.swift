import FluentKit

/// Keys of idempotent POSTs (`Idempotency-Key`) with the response to replay, per caller.
struct CreateIdempotencyKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("idempotency_keys")
            .id()
            .owner("owner_id", "users")
            .field("key", .string, .required)
            .field("fingerprint", .string, .required)
            .field("status", .int)
            .field("content_type", .string)
            .field("body", .data)
            .field("created_at", .datetime, .required)
            .unique(on: "owner_id", "key")
            .create()
        try await database.createIndex(on: "idempotency_keys", "created_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("idempotency_keys").delete()
    }
}
