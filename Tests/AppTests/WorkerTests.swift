@testable import App
import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import SQLKit
import Synchronization
@testable import Storage
import Testing

/// The worker role as a process runs it: its first round, then a stop. Cancelled mid-job, the
/// services leave the database open for whoever opened it; asked to stop, the database service
/// closes it last, after the worker has let go of it.
@Suite struct WorkerTests {
    @Test func theWorkerRunsItsRoundAndTheDatabaseClosesOnlyAfterIt() async throws {
        try await TestPlatform.with(extra: ["CAREEROPS_ROLES": "worker"]) { platform in
            _ = try await platform.loadTaxonomy(from: TestPlatform.fixtureDirectory) { _ in }
            let sql = platform.persistence.sql

            // Cancelled in the middle of the first round (the way a failing test's services
            // end): the job in hand finishes against an open database.
            let cancelled = Task { try await ServiceGroup(services: backgroundServices(platform: platform, registry: PrometheusCollectorRegistry()), logger: platform.logger).run() }
            try await Task.sleep(for: .milliseconds(30))
            cancelled.cancel()
            _ = await cancelled.result
            #expect(await platform.persistence.readiness() == .ready)

            // A whole first round, then asked to stop: every job has left its mark.
            let group = ServiceGroup(services: backgroundServices(platform: platform, registry: PrometheusCollectorRegistry()), logger: platform.logger)
            let running = Task { try await group.run() }
            struct Count: Decodable { let n: Int }
            var embedded = 0
            for _ in 0..<600 where embedded == 0 {
                try await Task.sleep(for: .milliseconds(100))
                embedded = try await sql.raw("SELECT COUNT(*) AS n FROM embeddings").first(decoding: Count.self)?.n ?? 0
            }
            #expect(embedded > 0, "the embed job encoded the catalog")
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM platform_settings WHERE key = 'watermark:engagement'").first(decoding: Count.self)?.n == 1,
                    "the roll-up ran before it")
            #expect(!platform.persistence.isClosed)
            await group.triggerGracefulShutdown()
            try await running.value
            #expect(platform.persistence.isClosed, "the database service stopped last and closed it")
        }
    }

    @Test func aScheduledJobRunsOncePerPeriodWhoeverAsks() async throws {
        try await TestPlatform.with { platform in
            let persistence = platform.persistence
            let runs = Mutex(0)
            let work: @Sendable () async throws -> String = { runs.withLock { $0 += 1 }; return "done" }
            #expect(try await persistence.runOnce(job: "tidy", period: 100, work) == "done")
            #expect(try await persistence.runOnce(job: "tidy", period: 100, work) == nil, "already ran this period")
            #expect(try await persistence.runOnce(job: "other", period: 100, work) == "done", "another job, its own periods")
            struct Failure: Error {}
            await #expect(throws: Failure.self) { try await persistence.runOnce(job: "tidy", period: 101) { () async throws -> String in throw Failure() } }
            #expect(try await persistence.runOnce(job: "tidy", period: 101, work) == "done", "a failed run leaves the period open")
            #expect(runs.withLock { $0 } == 3)

            // Several workers at once (PostgreSQL, where workers are separate processes): one runs it.
            if TestPlatform.onPostgres {
                let slow: @Sendable () async throws -> String = { try await Task.sleep(for: .milliseconds(200)); runs.withLock { $0 += 1 }; return "done" }
                let outcomes = try await withThrowingTaskGroup(of: String?.self) { group in
                    for _ in 0..<4 { group.addTask { try await persistence.runOnce(job: "tidy", period: 102, slow) } }
                    return try await group.reduce(into: [String?]()) { $0.append($1) }
                }
                #expect(outcomes.compactMap { $0 }.count == 1 && runs.withLock { $0 } == 4)
            }
        }
    }
}
