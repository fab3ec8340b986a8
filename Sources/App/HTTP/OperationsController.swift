import Foundation
import Hummingbird
import Prometheus
import Storage

/// Health probes for the orchestrator and metrics for Prometheus.
struct OperationsController {
    let persistence: Persistence
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
                (status, health) = (.ok, Health(status: "ready", reason: nil))
            case .unavailable(let reason):
                (status, health) = (.serviceUnavailable, Health(status: "unavailable", reason: reason))
            }
            let body = try JSONEncoder().encode(health)
            return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
    }
}

/// Routes for tests and local diagnosis, registered outside production only.
struct DebugController {
    func addRoutes(to router: Router<AppRequestContext>) {
        // A deliberately slow answer, to show that shutdown lets requests in flight finish.
        router.get("debug/sleep") { request, _ -> String in
            let milliseconds = min(Int(request.uri.queryParameters["ms"].map(String.init) ?? "") ?? 1_000, 30_000)
            try await Task.sleep(for: .milliseconds(milliseconds))
            return "slept \(milliseconds) ms\n"
        }
    }
}
