import Core
import Foundation
import Gateway
import Hummingbird
import Prometheus
import Redis
import Storage

/// Health probes for the orchestrator and metrics for Prometheus.
struct OperationsController {
    let persistence: Persistence
    let redis: RedisClient?
    let registry: PrometheusCollectorRegistry

    struct Health: ResponseEncodable {
        let status: String
        let reason: String?
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health/live") { _, _ in Health(status: "ok", reason: nil) }
        router.get("health/ready") { _, _ -> Response in
            let status: HTTPResponse.Status
            let health: Health
            switch await persistence.readiness() {
            case .ready:
                // Without Redis the platform still answers correctly (slower, limits per instance):
                // it stays in the balancer, reported degraded.
                if case .failure = await redis?.ping() {
                    (status, health) = (.ok, Health(status: "degraded", reason: "redis unavailable"))
                } else {
                    (status, health) = (.ok, Health(status: "ready", reason: nil))
                }
            case .unavailable(let reason):
                (status, health) = (.serviceUnavailable, Health(status: "unavailable", reason: reason))
            }
            let body = try JSONEncoder().encode(health)
            return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.get("metrics") { _, _ -> Response in
            await sample()
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
    }
}

extension OperationsController {
    /// Gauges read when Prometheus scrapes: the database pool's use, and whether Redis answers.
    func sample() async {
        if let usage = await persistence.poolUsage() {
            for (name, value, help) in [("db_pool_busy", usage.busy, "PostgreSQL connections of this process running a query or transaction"),
                                        ("db_pool_open", usage.open, "PostgreSQL connections this process has open"),
                                        ("db_pool_max", usage.capacity, "PostgreSQL connections this process may open")] {
                registry.makeGauge(descriptor: .init(namespace: "careerops", metricName: name, unitName: "connections", helpText: help)).set(Double(value))
            }
        }
        if let redis {
            let up: Double = if case .success = await redis.ping() { 1 } else { 0 }
            registry.makeGauge(descriptor: .init(namespace: "careerops", metricName: "redis", unitName: "up", helpText: "Whether Redis answered a PING at the last scrape")).set(up)
        }
    }
}

/// Routes for development and the security scripts, never in production: a deliberately slow
/// answer, and the mail outbox (mail goes nowhere else in development), to loopback callers only,
/// so that a script can follow a verification or invitation link as a person would.
struct DebugController {
    let outbox: OutboxMailer

    struct Mails: ResponseEncodable {
        struct Item: Codable { let to: String; let subject: String; let body: String }
        let items: [Item]
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let debug = router.group("debug").add(middleware: AddressAllowListMiddleware<AppRequestContext>(allowed: CIDR.loopback))
        // A deliberately slow answer, to show that shutdown lets requests in flight finish.
        debug.get("sleep") { request, _ -> String in
            let milliseconds = min(Int(request.uri.queryParameters["ms"].map(String.init) ?? "") ?? 1_000, 30_000)
            try await Task.sleep(for: .milliseconds(milliseconds))
            return "slept \(milliseconds) ms\n"
        }
        debug.get("outbox") { _, _ -> Mails in
            Mails(items: try await outbox.recent(limit: 50).map { .init(to: $0.to, subject: $0.subject, body: $0.body) })
        }
    }
}
