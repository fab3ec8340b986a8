import FluentKit
import Foundation
import SQLKit

extension Persistence {
    /// Runs `work` in a transaction that holds a PostgreSQL advisory lock named by `job` (and the
    /// schema, so that deployments sharing a database do not block each other), so that among
    /// several workers only one runs a job at a time; the others skip it.
    /// SQLite has a single writer process, so there the work simply runs. Answers nil when skipped.
    public func runExclusively<T: Sendable>(job: String, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T? {
        try await transaction { sql in
            if case .postgres = self.location {
                let row = try await sql
                    .raw("SELECT pg_try_advisory_xact_lock(\(Self.lockKey(job))) AS locked")
                    .first(decoding: Locked.self)
                guard row?.locked == true else { return nil }
            }
            return try await work(sql)
        }
    }

    /// An advisory lock's key: the name within the schema, so that deployments sharing a
    /// database do not block each other.
    private static func lockKey(_ name: String) -> SQLQueryString {
        "hashtext(current_schema() || ':' || \(bind: name))"
    }

    /// Runs `work` in a transaction that first waits for a PostgreSQL advisory lock named by `key`
    /// (and the schema), so that writers of one thing — a member's stored matches, replaced whole —
    /// take turns instead of failing on each other's rows. SQLite has one writer at a time anyway.
    public func serialized<T: Sendable>(on key: String, _ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction { sql in
            if case .postgres = self.location {
                try await sql.raw("SELECT pg_advisory_xact_lock(\(Self.lockKey(key)))").run()
            }
            return try await work(sql)
        }
    }

    /// Like `runExclusively`, for long work that writes through the stores on their own
    /// connections: the claim is a lease row in `platform_settings` (taken when free or expired,
    /// released after), so no connection is held while the work runs. Answers nil when another
    /// worker holds the lease.
    public func runAlone<T: Sendable>(job: String, lease: TimeInterval = 900, _ work: @escaping @Sendable () async throws -> T) async throws -> T? {
        guard case .postgres = location else { return try await work() }
        let key = "lease:" + job, holder = UUID().uuidString, now = Date()
        let claimed = try await sql.raw("""
            INSERT INTO platform_settings (key, value, updated_at) VALUES (\(bind: key), \(bind: holder), \(bind: now))
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
            WHERE platform_settings.updated_at < \(bind: now.addingTimeInterval(-lease)) RETURNING key
            """).all()
        guard !claimed.isEmpty else { return nil }
        let release: @Sendable () async throws -> Void = {
            try await self.sql.raw("DELETE FROM platform_settings WHERE key = \(bind: key) AND value = \(bind: holder)").run()
        }
        do {
            let result = try await work()
            try await release()
            return result
        } catch {
            try? await release()
            throw error
        }
    }

    /// Runs the scheduled `job` for its `period` (the number of whole intervals since 1970) unless
    /// some worker already did: among any number of workers, each period's run happens once. The
    /// mark is written when the work succeeds, before the lease is released, so a worker that
    /// takes the lease after another finished sees the mark and skips. A run that fails or is
    /// cancelled leaves no mark: the next try runs it. Answers nil when skipped.
    public func runOnce<T: Sendable>(job: String, period: Int64, _ work: @escaping @Sendable () async throws -> T) async throws -> T? {
        let key = "ran:" + job
        return try await runAlone(job: "schedule:" + job) {
            let mark = try await self.sql.select().column("value").from("platform_settings").where("key", .equal, key).first(decoding: Mark.self)
            if let done = mark.flatMap({ Int64($0.value) }), done >= period { return nil }
            let result = try await work()
            try await self.sql.raw("""
                INSERT INTO platform_settings (key, value, updated_at) VALUES (\(bind: key), \(bind: String(period)), \(bind: Date()))
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
                """).run()
            return result
        } ?? nil
    }

    /// Deletes sessions and refresh tokens that expired before `now`; answers how many went.
    public func purgeExpiredSessions(now: Date) async throws -> Int {
        try await runExclusively(job: "purge-expired-sessions") { sql in
            struct Count: Decodable { let n: Int }
            let expired = try await sql.raw("SELECT COUNT(*) AS n FROM sessions WHERE expires_at < \(bind: now)").first(decoding: Count.self)?.n ?? 0
            try await sql.delete(from: "refresh_tokens").where("expires_at", .lessThan, now).run()
            try await sql.delete(from: "sessions").where("expires_at", .lessThan, now).run()
            return expired
        } ?? 0
    }
}

private struct Locked: Decodable { let locked: Bool }
private struct Mark: Decodable { let value: String }
