import Analytics
import App
import Core
import Foundation
import Storage

extension Benchmarks {
    /// The analytics figures on PostgreSQL: `events` synthetic events for `members` members in ten
    /// organizations over a year; the first roll-up of all of them, an incremental one of 10,000
    /// new events, and p50/p99 of each report over 200 runs (the whole year, platform-wide and for
    /// one organization).
    public static func analytics(platform: Platform, events: Int, members: Int, say: (String) -> Void) async throws -> [Figure] {
        let store = SQLAnalyticsStore(persistence: platform.persistence)
        let now = Date()
        var started = ContinuousClock.now
        let (written, organizations) = try await store.generateBenchmarkEvents(count: events, members: members, organizationCount: 10, now: now) {
            say("analytics benchmark: \($0) events written")
        }
        var figures = [Figure(name: "generate \(written) events (INSERT … SELECT generate_series)", median: seconds(since: started), unit: "s", samples: 1)]

        started = ContinuousClock.now
        let full = try await store.rollUp(now: Date())
        figures.append(Figure(name: "roll-up, first run over \(full.events) events", median: seconds(since: started), unit: "s", samples: 1))
        say("analytics benchmark: rolled up \(full.events) events of \(full.members) members")

        let fresh = (0..<10_000).map { index in
            StoredEvent(clientID: "bench-fresh-\(UUID().uuidString)", pseudonym: "bench-member-\(index % members)", organizationID: organizations[index % organizations.count],
                        type: "page_viewed", properties: "{}", occurredAt: now.addingTimeInterval(-Double(index % 3_600)), receivedAt: Date())
        }
        _ = try await SQLEventStore(persistence: platform.persistence).insert(fresh)
        started = ContinuousClock.now
        let incremental = try await store.rollUp(now: Date())
        figures.append(Figure(name: "roll-up, incremental run over \(incremental.events) new events", median: seconds(since: started) * 1_000, unit: "ms", samples: 1))

        let analytics = AnalyticsService(store: store, clock: SystemClock())
        let year = ReportRange(days: Day(epochDay: analytics.today.epochDay - 364)...analytics.today)
        let reports: [(String, @Sendable () async throws -> Void)] = [
            ("engagement by day", { _ = try await analytics.engagement(.day, range: year, organization: nil) }),
            ("engagement by week, one organization", { _ = try await analytics.engagement(.week, range: year, organization: organizations[0]) }),
            ("engagement by month", { _ = try await analytics.engagement(.month, range: year, organization: nil) }),
            ("retention cohorts", { _ = try await analytics.retention(range: year, organization: nil) }),
            ("retention cohorts, one organization", { _ = try await analytics.retention(range: year, organization: organizations[0]) }),
            ("funnel", { _ = try await analytics.funnel(range: year, organization: nil) }),
            ("market trends by week", { _ = try await analytics.market(.week, range: year, occupationURI: nil, location: nil, organizations: nil, limit: 20) }),
        ]
        for (name, run) in reports {
            for _ in 0..<10 { try await run() }
            var times: [Double] = []
            for _ in 0..<200 {
                let start = ContinuousClock.now
                try await run()
                times.append(seconds(since: start) * 1_000)
            }
            figures.append(Figure(name: "\(name) report over \(written) events, p50", median: percentile(times, 0.5), unit: "ms", samples: times.count))
            figures.append(Figure(name: "\(name) report over \(written) events, p99", median: percentile(times, 0.99), unit: "ms", samples: times.count))
        }
        return figures
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double { microseconds(ContinuousClock.now - start) / 1e6 }
}
