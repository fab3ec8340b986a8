import AsyncAlgorithms
import Career
import Foundation
import Insights
import Logging
import Prometheus
import ServiceLifecycle
import Storage

/// The worker role: runs scheduled jobs until shutdown. However many workers there are, each job
/// runs once per interval (`Persistence.runOnce`); long jobs also hold a lease or an advisory
/// lock of their own. `careerops_worker_jobs_total{job,outcome}` counts runs, skips, failures and
/// runs stopped by shutdown. Graceful shutdown cancels a running job; each long job checks for
/// cancellation between batches and keeps what it finished, so the process ends within seconds
/// and the next start goes on from there (a stopped run leaves no mark of its period).
struct Worker: Service {
    struct Job: Sendable {
        let name: String
        let interval: Duration
        let run: @Sendable () async throws -> String
    }

    let jobs: [Job]
    let persistence: Persistence
    let registry: PrometheusCollectorRegistry
    let logger: Logger

    func run() async throws {
        // A first round one job after another, so that a starting process does not ask the
        // database pool for a connection per job at once; then each job on its own timer.
        for job in jobs where !Task.isShuttingDownGracefully {
            await runOnce(job)
        }
        await withTaskGroup(of: Void.self) { group in
            for job in jobs {
                group.addTask { await schedule(job) }
            }
        }
    }

    private func schedule(_ job: Job) async {
        // On every tick, until graceful shutdown cancels the sequence.
        for await _ in AsyncTimerSequence(interval: job.interval, clock: .continuous).cancelOnGracefulShutdown() {
            await runOnce(job)
        }
    }

    private func runOnce(_ job: Job) async {
        let seconds = Double(job.interval.components.seconds)
        let period = Int64((Date().timeIntervalSince1970 / seconds).rounded(.down))
        do {
            let outcome = try await cancelWhenGracefulShutdown { [persistence] in
                try await persistence.runOnce(job: job.name, period: period, job.run)
            }
            if let outcome {
                count(job, "ran")
                logger.debug("job finished", metadata: ["careerops.job": "\(job.name)", "careerops.outcome": "\(outcome)"])
            } else {
                count(job, "skipped")
                logger.debug("job skipped: another worker ran it this period", metadata: ["careerops.job": "\(job.name)"])
            }
        } catch where Task.isShuttingDownGracefully {
            count(job, "stopped")
            logger.info("job stopped for shutdown", metadata: ["careerops.job": "\(job.name)"])
        } catch {
            count(job, "failed")
            logger.error("job failed", metadata: ["careerops.job": "\(job.name)", "careerops.error_type": "\(String(reflecting: type(of: error)))"])
        }
    }

    private func count(_ job: Job, _ outcome: String) {
        registry.makeCounter(
            descriptor: .init(namespace: "careerops", metricName: "worker_jobs", unitName: "total", helpText: "Scheduled job runs by outcome"),
            labels: [("job", job.name), ("outcome", outcome)]
        ).increment()
    }
}

extension Platform {
    /// The jobs of the worker role, in the order of the first round: quick ones first.
    var workerJobs: [Worker.Job] {
        [
            Worker.Job(name: "purge-expired-sessions", interval: .seconds(3_600)) {
                "purged \(try await persistence.purgeExpiredSessions(now: clock.now())) sessions"
            },
            Worker.Job(name: "purge-idempotency-keys", interval: .seconds(3_600)) {
                "purged \(try await SQLIdempotencyStore(persistence: persistence, cipher: cipher).purge(before: clock.now().addingTimeInterval(-86_400))) idempotency keys"
            },
            Worker.Job(name: "roll-up-engagement", interval: .seconds(60)) {
                let summary = try await persistence.runAlone(job: "roll-up-engagement") { try await analytics.rollUp() }
                return summary.map { "rolled up \($0.events) events of \($0.members) members" } ?? "another worker is rolling up"
            },
            Worker.Job(name: "snapshot-progress", interval: .seconds(3_600)) {
                "took \(try await persistence.runAlone(job: "snapshot-progress") { try await analytics.snapshotProgress() } ?? 0) progress snapshots"
            },
            Worker.Job(name: "maintain-events", interval: .seconds(21_600)) {
                let done = try await persistence.runAlone(job: "maintain-events") {
                    try await analytics.maintainEventStorage(retentionMonths: config.eventRetentionMonths)
                }
                return done.map { "event partitions: \($0.created) created, \($0.dropped) dropped" } ?? "another worker keeps the events"
            },
            Worker.Job(name: "embed", interval: .seconds(300)) {
                var counts: [String] = []
                for owner in VectorOwner.allCases {
                    let encoded = try await persistence.runAlone(job: "embed-\(owner.rawValue)") { try await embeddings.prepare(owner) } ?? 0
                    counts.append("\(owner.rawValue) \(encoded)")
                }
                return "encoded " + counts.joined(separator: ", ")
            },
            Worker.Job(name: "train-recommender", interval: .seconds(3_600)) {
                let report = try await persistence.runAlone(job: "train-recommender") {
                    try await insights.recommender.trainIfStale(maximumAge: RecommendationService.retrainAfter)
                }
                return report.flatMap { $0 }.map { "trained recommender version \($0.version) on \($0.interactions) interactions in \($0.seconds) s" }
                    ?? "recommender is fresh"
            },
            Worker.Job(name: "refresh-matches", interval: .seconds(60)) {
                "refreshed matches of \(try await persistence.runAlone(job: "refresh-matches") { try await insights.matcher.refreshStale() } ?? 0) members"
            },
        ]
    }
}
