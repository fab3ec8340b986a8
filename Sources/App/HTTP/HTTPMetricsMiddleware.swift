import Hummingbird
import Prometheus

/// Counts requests and times them by route template (never the raw path, which would hold ids),
/// method and status: `careerops_http_requests_total`, `careerops_http_request_duration_seconds`.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry

    static var buckets: [Duration] {
        [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
         .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status.code, start: start)
            return response
        } catch {
            record(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, start: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) {
        let labels = [("route", context.endpointPath ?? "unmatched"), ("method", request.method.rawValue), ("status", String(status))]
        registry.makeCounter(
            descriptor: .init(namespace: "careerops", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered"),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "careerops", metricName: "http_request_duration", unitName: "seconds", helpText: "Time to answer an HTTP request"),
            labels: labels, buckets: Self.buckets
        ).record(ContinuousClock.now - start)
    }
}
