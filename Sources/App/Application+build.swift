import Career
import Core
import Gateway
import HTTPEdge
import Hummingbird
import HummingbirdTLS
import Logging
import Prometheus
import Redis
import ServiceLifecycle
import Storage
import Web

/// Builds the HTTP application for a platform: routes, middleware and the services that run
/// beside the server. `main` and the tests both call it, so tests exercise the production wiring.
public func buildApplication(platform: Platform, registry: PrometheusCollectorRegistry) throws -> some ApplicationProtocol {
    let config = platform.config
    return Application(
        router: try buildRouter(platform: platform, registry: registry),
        server: try config.tls.map { try .tls(.http1(), tlsConfiguration: try TLSSettings.server($0)) } ?? .http1(),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "careerops"),
        services: backgroundServices(platform: platform, registry: registry),
        logger: platform.logger
    )
}

/// Every route and middleware of the platform.
func buildRouter(platform: Platform, registry: PrometheusCollectorRegistry) throws -> Router<AppRequestContext> {
    let config = platform.config
    // HEAD is answered wherever GET is (RFC 9110 requires it of a general-purpose server).
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    let routeMethods = RouteMethods()
    defer { routeMethods.load(router.routes.map { (method: $0.method, path: $0.path.description) }) }
    let limits = config.rateLimits
    router.addMiddleware {
        ForwardedForMiddleware(trusted: config.trustedProxies)
        RequestIDMiddleware()
        HTTPMetricsMiddleware<AppRequestContext>(registry: registry)
        StrictTransportMiddleware(enabled: config.tls != nil || config.publicURL.hasPrefix("https://"))
        ProblemMiddleware<AppRequestContext>()
        MethodNotAllowedMiddleware<AppRequestContext>(routes: routeMethods)
        CrossSiteMiddleware<AppRequestContext>(publicURL: config.publicURL)
        RateLimitMiddleware<AppRequestContext>(store: platform.rateLimitStore, limits: limits, scope: .address, clock: platform.clock)
        AuthMiddleware<AppRequestContext>(auth: platform.auth)
        RateLimitMiddleware<AppRequestContext>(store: platform.rateLimitStore, limits: limits, scope: .account, clock: platform.clock)
        IdempotencyMiddleware<AppRequestContext>(store: SQLIdempotencyStore(persistence: platform.persistence, cipher: platform.cipher), clock: platform.clock)
    }
    OperationsController(persistence: platform.persistence, redis: platform.redis, registry: registry).addRoutes(to: router)
    if config.debugRoutes {
        DebugController(outbox: platform.outbox).addRoutes(to: router)
    }
    // A worker-only process answers its probes and metrics, nothing else.
    guard config.roles.contains(.api) else { return router }
    let api = router.group("api/v1")
    try OpenAPIController<AppRequestContext>(serverURL: config.publicURL).addRoutes(to: api)
    CatalogController<AppRequestContext>(search: SkillCatalogSearch(catalog: platform.taxonomyStore)).addRoutes(to: api)
    AuthController<AppRequestContext>(auth: platform.auth).addRoutes(to: api, root: router)
    MeController<AppRequestContext>(auth: platform.auth).addRoutes(to: api)
    UsersController<AppRequestContext>(auth: platform.auth, policy: platform.policy, career: platform.career).addRoutes(to: api)
    CareerRoutes<AppRequestContext>(auth: platform.auth, career: platform.career, opportunities: platform.opportunities, learning: platform.learning,
                                    skillIndex: platform.skillIndex, insights: platform.insights).addRoutes(to: api)
    OrganizationsController<AppRequestContext>(organizations: platform.organizations).addRoutes(to: api)
    AnalyticsController<AppRequestContext>(intake: platform.events).addRoutes(to: api)
    ReportsController<AppRequestContext>(reports: platform.reports).addRoutes(to: api)
    AdminController<AppRequestContext>(auth: platform.auth, policy: platform.policy, allowed: config.adminAllowedNetworks,
                                        recommendations: platform.insights.recommender).addRoutes(to: api)
    SSOController<AppRequestContext>(sso: platform.sso, box: platform.cipher).addRoutes(to: router)
    AccountLinksController<AppRequestContext>(auth: platform.auth).addRoutes(to: router)
    WebController<AppRequestContext>(services: WebServices(
        auth: platform.auth, organizations: platform.organizations, sso: platform.sso, career: platform.career, opportunities: platform.opportunities,
        learning: platform.learning, insights: platform.insights, skillIndex: platform.skillIndex, reports: platform.reports, clock: platform.clock
    ), renderer: platform.renderer).addRoutes(to: router)
    GraphQLController<AppRequestContext>(service: try graphQLService(platform, config)).addRoutes(to: router)
    return router
}

/// The GraphQL API over the platform's services.
func graphQLService(_ platform: Platform, _ config: AppConfig) throws -> GraphQLService {
    try GraphQLService(services: GraphQLServices(
        auth: platform.auth, career: platform.career, opportunities: platform.opportunities,
        learning: platform.learning, catalog: SkillCatalogSearch(catalog: platform.taxonomyStore), skillIndex: platform.skillIndex,
        insights: platform.insights, reports: platform.reports
    ), limits: config.graphQL)
}

/// The services that run beside (or, in a worker-only process, instead of) the HTTP server,
/// in start order; they stop in reverse, the server first (Hummingbird runs it after these). The
/// database and Redis come first, so they close last, once nothing uses them.
func backgroundServices(platform: Platform, registry: PrometheusCollectorRegistry) -> [any Service] {
    var services: [any Service] = [DatabaseService(persistence: platform.persistence)]
    if let redis = platform.redis { services.append(RedisService(client: redis)) }
    services.append(EncodingService(embeddings: platform.embeddings))
    services += [EventFlusher(intake: platform.events, logger: platform.logger), DeferredWorkService(work: platform.deferred, logger: platform.logger)]
    if let redis = platform.redis {
        let matches = platform.insights.matcher
        services.append(ChangeListener(subscriber: RedisSubscriber(client: redis, logger: platform.logger), channel: platform.changes.channel) { topic in
            switch topic {
            case .postings: await matches.postingsChanged()
            }
        })
    }
    if platform.config.roles.contains(.worker) {
        services.append(Worker(jobs: platform.workerJobs, persistence: platform.persistence, registry: registry, logger: platform.logger))
    }
    return services
}

/// Runs the platform in its configured roles (a worker-only process serves just its health
/// probes and metrics over HTTP) until SIGTERM or SIGINT, then shuts down
/// gracefully: requests in flight finish, jobs stop, and only then, with nothing left using it,
/// the database closes (its service is the last to stop). When the group fails instead (a port
/// in use), its services were cancelled, and the connections are closed here.
public func runPlatform(_ platform: Platform, registry: PrometheusCollectorRegistry) async throws {
    do {
        try await buildApplication(platform: platform, registry: registry).runService()
    } catch {
        await platform.shutdown()
        throw error
    }
}
