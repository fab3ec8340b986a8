import Foundation
import Storage
import SQLKit

extension SQLAnalyticsStore {
    /// Writes `count` synthetic events (marked demo) for `members` pseudonyms spread over
    /// `organizationCount` new organizations, for benchmarks: each member joins on a day of the last year (a `signed_up`
    /// event), then is active on days biased towards their first weeks. PostgreSQL builds them with
    /// `generate_series` in chunks of a million; answers how many it wrote.
    public func generateBenchmarkEvents(count: Int, members: Int, organizationCount: Int, now: Date,
                                        progress: (Int) -> Void = { _ in }) async throws -> (events: Int, organizations: [UUID]) {
        guard persistence.location.isPostgres else { throw BenchmarkError.needsPostgres }
        try await EventPartitions(persistence: persistence).ensure(from: now.addingTimeInterval(-370 * 86_400), through: now)
        let sql = persistence.sql
        let organizations = (0..<organizationCount).map { _ in UUID() }
        try await sql.insertRows(into: "organizations", columns: ["id", "name", "slug", "is_demo", "created_at", "updated_at"],
                                 rows: organizations.map { [$0, "Benchmark organization", "bench-\($0.uuidString.lowercased())", true, now, now] })
        let orgs = organizations.isEmpty ? "NULL::uuid" : "(ARRAY[\(organizations.map { "'\($0.uuidString)'::uuid" }.joined(separator: ","))])[1 + (g % \(members)) % \(organizations.count)]"
        let types = "(ARRAY['session_started','page_viewed','page_viewed','page_viewed','skill_added','goal_created','resource_viewed','opportunity_viewed','profile_updated','plan_generated'])"
        // Member m joined `joined(m)` days ago (1–365); an event lands `joined * r^2` days ago for a uniform r,
        // so activity is densest in a member's first weeks and thins out after.
        let joined = "(1 + ((g % \(members)) * 7919) % 365)"
        var written = 0
        let stamp = "\(Int(now.timeIntervalSince1970))"
        while written < count {
            let chunk = min(1_000_000, count - written)
            let first = written + 1, last = written + chunk
            try await sql.raw("""
                INSERT INTO user_events (id, client_event_id, pseudonym, organization_id, type, properties, occurred_at, received_at, is_demo)
                SELECT gen_random_uuid(), 'bench-\(unsafeRaw: stamp)-' || g, 'bench-member-' || (g % \(unsafeRaw: String(members))), \(unsafeRaw: orgs),
                       CASE WHEN g <= \(unsafeRaw: String(members)) THEN 'signed_up' ELSE \(unsafeRaw: types)[1 + (g * 31) % 10] END, '{}',
                       t, t, true
                FROM (SELECT g, \(bind: now) - make_interval(secs => CASE WHEN g <= \(unsafeRaw: String(members)) THEN \(unsafeRaw: joined) * 86400.0
                                                                        ELSE \(unsafeRaw: joined) * 86400.0 * power(random(), 2) END) AS t
                      FROM generate_series(\(unsafeRaw: String(first)), \(unsafeRaw: String(last))) AS g) AS s
                """).run()
            written += chunk
            progress(written)
        }
        return (written, organizations)
    }

    public enum BenchmarkError: Error, CustomStringConvertible {
        case needsPostgres
        public var description: String { "the analytics benchmark runs on PostgreSQL: set DATABASE_URL" }
    }
}
