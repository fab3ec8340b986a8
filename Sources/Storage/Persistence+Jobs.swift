import FluentKit
import Foundation
import SQLKit

extension Persistence {
    /// Runs `work` in a transaction that holds a PostgreSQL advisory lock named by `job`, so that
    /// among several workers only one runs a job at a time; the others skip it and answer false.
    /// SQLite has a single writer process, so there the work simply runs. Answers nil when skipped.
    public func runExclusively<T: Sendable>(job: String, _ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T? {
        try await database.transaction { database in
            if case .postgres = self.location {
                let key = Self.lockKey(job)
                let row = try await (database as! any SQLDatabase)
                    .raw("SELECT pg_try_advisory_xact_lock(\(bind: key)) AS locked").first(decoding: Locked.self)
                guard row?.locked == true else { return nil }
            }
            return try await work(database)
        }
    }

    /// A stable 63-bit key for a job name (FNV-1a), the same in every process.
    static func lockKey(_ job: String) -> Int64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in job.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash >> 1)
    }

    /// Deletes sessions and refresh tokens that expired before `now`; answers how many went.
    public func purgeExpiredSessions(now: Date) async throws -> Int {
        try await runExclusively(job: "purge-expired-sessions") { database in
            let sql = database as! any SQLDatabase
            struct Count: Decodable { let n: Int }
            let expired = try await sql.raw("SELECT COUNT(*) AS n FROM sessions WHERE expires_at < \(bind: now)").first(decoding: Count.self)?.n ?? 0
            try await sql.delete(from: "refresh_tokens").where("expires_at", .lessThan, now).run()
            try await sql.delete(from: "sessions").where("expires_at", .lessThan, now).run()
            return expired
        } ?? 0
    }
}

private struct Locked: Decodable { let locked: Bool }
