import Analytics
import Career
import Core
import Foundation
import Gateway
import Identity
import Insights
import Intelligence
import Logging
import Redis
import Storage
import Synchronization
import Web

/// Everything the platform is made of, built once from a validated configuration: the
/// database, the keys, the services. `main` and the tests both open it.
public struct Platform: Sendable {
    public let config: AppConfig
    public let persistence: Persistence
    public let cipher: FieldCipher
    public let auth: AuthService
    public let policy: AccessPolicy
    public let outbox: OutboxMailer
    public let sso: SSOService
    public let organizations: OrganizationService
    public let career: CareerService
    public let opportunities: OpportunityService
    public let learning: LearningService
    /// The catalog's labels as a phrase index with skill vectors, built on first use.
    public let skillIndex: SkillIndexCache
    public let embeddings: EmbeddingService
    /// The AI service: matches, gaps, paths, recommendations, trajectories, plan generation.
    public let insights: Insights
    public let events: EventIntake
    /// Work done after the answer (password-reset mail); a service runs it.
    public let deferred: DeferredWork
    public let analytics: AnalyticsService
    /// The web pages' templates and assets, loaded once.
    public let renderer: Renderer
    let pseudonymizer: Pseudonymizer
    let hasher: BcryptHasher
    let rateLimitStore: any RateLimitStore
    /// Redis, when configured: the cache, the rate limits and the change feed share its pool.
    public let redis: RedisClient?
    public let cache: any Cache
    let changes: ChangeFeed
    let clock: any WallClock
    let logger: Logger

    public static func open(config: AppConfig, logger: Logger, clock: any WallClock = SystemClock(),
                            ids: any IdentifierSource = RandomIdentifiers()) async throws -> Platform {
        let keys = try KeyMaterial.resolve(config.keys)
        let persistence = try Persistence(location: config.database, readReplica: config.databaseReadURL, logger: logger)
        let redis = config.redis.map { RedisClient(settings: $0, logger: logger) }
        do {
            let cache: any Cache = redis.map { RedisCache(client: $0, prefix: config.redisPrefix, cipher: keys.cipher, logger: logger) } ?? MemoryCache()
            let changes = ChangeFeed(redis: redis, channel: config.redisPrefix + "changes")
            let hasher = BcryptHasher(cost: config.bcryptCost)
            let outbox = OutboxMailer(persistence: persistence, cipher: keys.cipher, logger: logger)
            let mailer: any Mailer = try config.smtp.map { try SMTPMailer(settings: $0, logger: logger) } ?? outbox
            let security = SQLSecurityStores(persistence: persistence, cipher: keys.cipher)
            let sessions = SQLSessionStore(persistence: persistence, cipher: keys.cipher, cache: cache)
            let tokens = SQLPersonalTokenStore(persistence: persistence)
            let accounts = SQLAccountStore(persistence: persistence, cipher: keys.cipher, cache: cache)
            let insightStore = SQLInsightStore(persistence: persistence)
            let pseudonymizer = Pseudonymizer(key: keys.pseudonymKey)
            let events = EventIntake(store: SQLEventStore(persistence: persistence), pseudonymizer: pseudonymizer, clock: clock, ids: ids)
            let sink = AnalyticsSink(intake: events, store: insightStore)
            let deferred = DeferredWork()
            let auth = AuthService(
                accounts: accounts, sessions: sessions, refreshTokens: sessions,
                throttle: security, oneTimeTokens: security, audit: security, personalTokens: tokens, mailer: mailer, hasher: hasher,
                policy: PasswordPolicy(commonPasswords: try CommonPasswords.load()),
                issuer: try await TokenIssuer.make(keys: keys.jwtKeys, issuer: config.publicURL, audience: "careerops-api", clock: clock),
                clock: clock, ids: ids, settings: AuthService.Settings(publicURL: config.publicURL),
                decoyHash: try await hasher.hash(SecretToken.generate()), events: sink, deferred: deferred
            )
            let organizations = OrganizationService(store: SQLOrganizationStore(persistence: persistence, cipher: keys.cipher), accounts: accounts,
                                                    audit: security, mailer: mailer, deferred: deferred, clock: clock, ids: ids, publicURL: config.publicURL)
            let sso = SSOService(providers: config.ssoProviders, http: SSOHTTP(), links: SQLIdentityLinkStore(persistence: persistence),
                                 auth: auth, clock: clock, ids: ids, publicURL: config.publicURL)
            let careerStore = SQLCareerStore(persistence: persistence, cipher: keys.cipher, cache: cache)
            let taxonomy = SQLTaxonomyStore(persistence: persistence, cache: cache)
            let embeddings = EmbeddingService(store: insightStore, career: careerStore, labels: taxonomy,
                                              encoder: SharedEncoder.load(directory: config.modelDirectory, logger: logger), clock: clock)
            let matches = MatchService(store: insightStore, career: careerStore, embeddings: embeddings, clock: clock)
            let skillGaps = SkillGapService(store: insightStore, career: careerStore, embeddings: embeddings, matches: matches)
            let policy = AccessPolicy(sharing: tokens)
            let career = CareerService(store: careerStore, policy: policy, clock: clock, ids: ids, events: sink)
            let recommendations = RecommendationService(store: insightStore, career: careerStore, embeddings: embeddings, gaps: skillGaps, clock: clock,
                                                        cache: cache)
            let insights = Insights(
                access: career.access, matches: matches, skillGaps: skillGaps,
                paths: CareerPathService(store: insightStore, career: careerStore, gaps: skillGaps, clock: clock), recommendations: recommendations,
                planner: CareerPlanner(career: career, store: careerStore, gaps: skillGaps, recommendations: recommendations, matches: matches, clock: clock, ids: ids, events: sink),
                trajectories: TrajectoryService(store: careerStore, gaps: skillGaps, clock: clock),
                demand: SkillDemandService(store: insightStore, career: careerStore, clock: clock)
            )
            return Platform(
                config: config, persistence: persistence, cipher: keys.cipher, auth: auth, policy: policy,
                outbox: outbox, sso: sso, organizations: organizations,
                career: career,
                opportunities: OpportunityService(store: SQLOpportunityStore(persistence: persistence), career: careerStore, clock: clock, ids: ids,
                                                  changed: {
                                                      await matches.postingsChanged()
                                                      await changes.announce(.postings)
                                                  }),
                learning: LearningService(store: SQLLearningStore(persistence: persistence), career: careerStore, access: career.access, clock: clock, ids: ids, events: sink),
                skillIndex: SkillIndexCache(source: taxonomy, embeddings: embeddings), embeddings: embeddings, insights: insights,
                events: events, deferred: deferred,
                analytics: AnalyticsService(store: SQLAnalyticsStore(persistence: persistence), clock: clock, k: config.analyticsMinimumGroup),
                renderer: try await Renderer(assets: Assets()),
                pseudonymizer: pseudonymizer, hasher: hasher,
                rateLimitStore: redis.map { RedisRateLimitStore(client: $0, prefix: config.redisPrefix, logger: logger) } ?? MemoryRateLimitStore(),
                redis: redis, cache: cache, changes: changes, clock: clock, logger: logger
            )
        } catch {
            await redis?.shutdown()
            await persistence.shutdown()
            throw error
        }
    }

    /// The analytics reports as callers may read them.
    public var reports: ReportAccess { ReportAccess(analytics: analytics, organizations: organizations, members: career.access) }

    public var taxonomyStore: SQLTaxonomyStore { SQLTaxonomyStore(persistence: persistence, cache: cache) }

    public var demoSeeder: DemoSeeder {
        DemoSeeder(persistence: persistence, cipher: cipher, hasher: hasher, pseudonymizer: pseudonymizer, clock: clock)
    }

    /// What start-up did, for the banner `serve` prints.
    public struct StartReport: Sendable {
        public var migrationsApplied = 0
        public var taxonomy: TaxonomyCounts?
        public var demo: DemoSeeder.Summary?
    }

    /// Readies the database for serving: migrations (unless disabled), the bundled taxonomy when
    /// the catalog is empty, and demo data on a first start in development.
    public func start(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> StartReport {
        var report = StartReport()
        try await persistence.prepare()
        if config.migrateOnStart {
            report.migrationsApplied = try await persistence.migrateUp()
        }
        if config.loadTaxonomyOnStart {
            report.taxonomy = try await ensureTaxonomy(progress: progress)
        }
        if config.seedDemoOnFirstStart, try await demoSeeder.databaseIsEmpty() {
            progress("generating demo data")
            report.demo = try await demoSeeder.seed()
        }
        return report
    }

    /// Loads the bundled taxonomy when the catalog is empty, or the bundled technologies under the
    /// stored ESCO skills when it holds none yet (a catalog stored before they came): what it holds
    /// then, or nil.
    public func ensureTaxonomy(progress: @escaping @Sendable (String) -> Void) async throws -> TaxonomyCounts? {
        let counts = try await taxonomyStore.counts()
        if counts.skills == 0 {
            progress("loading the ESCO skill taxonomy")
            return try await loadTaxonomy(from: nil, progress: progress).counts
        }
        guard counts.technologies == 0 else { return nil }
        progress("adding the technology vocabulary to the skill catalog")
        return try await TaxonomyLoader(store: taxonomyStore).loadTechnologies()
    }

    /// Imports a taxonomy in ESCO's CSV layout from `directory`, or the bundled one.
    public func loadTaxonomy(from directory: URL?, progress: @escaping @Sendable (String) -> Void) async throws -> TaxonomyLoaderReport {
        try await TaxonomyLoader(store: taxonomyStore).load(from: directory ?? TaxonomyLoader.bundledDirectory, progress: progress)
    }

    /// Closes what the platform opened, for those that run no services (commands, tests): any
    /// encoding still going first (see `EmbeddingService.stop`), then Redis and the database.
    public func shutdown() async {
        await embeddings.stop()
        await redis?.shutdown()
        await persistence.shutdown()
    }
}

/// The text encoder, loaded once per process and shared by every platform opened in it.
enum SharedEncoder {
    private static let loaded = Mutex<[String: MiniLMEncoder]>([:])

    /// The model in `directory`; nil (and a warning) when it is not there, so the platform runs
    /// without the semantic parts rather than not at all.
    static func load(directory: String, logger: Logger) -> MiniLMEncoder? {
        let url = URL(fileURLWithPath: directory).standardizedFileURL
        return loaded.withLock { cache in
            if let encoder = cache[url.path] { return encoder }
            do {
                let encoder = try MiniLMEncoder(directory: url)
                cache[url.path] = encoder
                return encoder
            } catch {
                logger.warning("text encoder not loaded; run `make model`", metadata: ["careerops.model_dir": "\(directory)", "careerops.error": "\(error)"])
                return nil
            }
        }
    }
}

/// The passwords attackers try first (Django's list of 20,000, see NOTICE), lower-cased.
enum CommonPasswords {
    static func load() throws -> Set<String> {
        let url = Bundle.module.resourceURL!.appendingPathComponent("common-passwords.txt.gz")
        guard let text = try TextFile.read("common-passwords.txt", in: url.deletingLastPathComponent(), required: true) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
    }
}
