import Analytics
import Core
import Foundation
import SQLKit

/// On PostgreSQL `user_events` is partitioned by month of `occurred_at`: one table per month,
/// named `user_events_pYYYYMM`. Writers make sure the months they write exist (one catalog query
/// per batch); the worker makes
/// the coming months ahead of time and drops months past the retention as whole tables.
package struct EventPartitions: Sendable {
    package let persistence: Persistence

    package init(persistence: Persistence) { self.persistence = persistence }

    static func name(_ month: Day) -> String { String(format: "user_events_p%04d%02d", month.year, month.month) }

    /// Creates the partition of `parent` for the month starting on `month`.
    static func create(_ month: Day, of parent: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            CREATE TABLE IF NOT EXISTS \(ident: name(month)) PARTITION OF \(ident: parent)
            FOR VALUES FROM (\(literal: month.description + " 00:00:00+00")) TO (\(literal: month.nextMonthStart.description + " 00:00:00+00"))
            """).run()
    }

    /// Creates the missing partitions for the months (each given by any day in it); answers how many it made.
    @discardableResult
    func ensure(months: [Day]) async throws -> Int {
        guard persistence.location.isPostgres else { return 0 }
        let starts = Set(months.map(\.monthStart))
        let existing = try await list()
        var created = 0
        for month in starts.sorted() where !existing.contains(Self.name(month)) {
            do {
                try await Self.create(month, of: "user_events", on: persistence.sql)
                created += 1
            } catch {
                // Another process may have made it at the same moment; anything else is a failure.
                guard try await list().contains(Self.name(month)) else { throw error }
            }
        }
        return created
    }

    /// The months covering every day from `first` to `last`.
    package func ensure(from first: Date, through last: Date) async throws {
        try await ensure(months: AnalyticsService.Period.month.starts(covering: Day(first)...Day(last)))
    }

    func list() async throws -> Set<String> {
        struct Row: Decodable { let relname: String }
        return Set(try await persistence.sql.raw("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname = 'user_events' AND pg_table_is_visible(p.oid)
            """).all(decoding: Row.self).map(\.relname))
    }

    /// Drops the partitions of months before `month`; answers how many.
    func drop(before month: Day) async throws -> Int {
        let cutoff = Self.name(month)
        let old = try await list().filter { $0 < cutoff }
        for name in old.sorted() {
            try await persistence.sql.raw("DROP TABLE IF EXISTS \(ident: name)").run()
        }
        return old.count
    }
}
