@testable import App
import Foundation
import Logging
import ServiceLifecycle
import SQLKit
@testable import Storage
import Testing

/// The worker role as a process runs it: its first round, then a stop, and the database left
/// open for whoever opened it, whether the services were asked to stop or cancelled mid-job.
@Suite struct WorkerTests {
    @Test func theWorkerRunsItsRoundAndNeverClosesTheDatabaseUnderAJob() async throws {
        try await TestPlatform.with(extra: ["CAREEROPS_ROLES": "worker"]) { platform in
            _ = try await platform.loadTaxonomy(from: TestPlatform.fixtureDirectory) { _ in }
            let sql = platform.persistence.sql

            // Cancelled in the middle of the first round (the way a failing test's services
            // end): the job in hand finishes against an open database.
            let cancelled = Task { try await ServiceGroup(services: backgroundServices(platform: platform), logger: platform.logger).run() }
            try await Task.sleep(for: .milliseconds(30))
            cancelled.cancel()
            _ = await cancelled.result
            #expect(await platform.persistence.readiness() == .ready)

            // A whole first round, then asked to stop: every job has left its mark.
            let group = ServiceGroup(services: backgroundServices(platform: platform), logger: platform.logger)
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
            await group.triggerGracefulShutdown()
            try await running.value
            #expect(await platform.persistence.readiness() == .ready)
        }
    }
}
