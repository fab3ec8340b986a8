import Analytics
import Career
import Core
import Foundation
import Logging
import Storage

/// Everything the platform is made of, built once from a validated configuration: the
/// database, the keys, the password hasher, the clock. `main` and the tests both build it.
public struct Platform: Sendable {
    public let config: AppConfig
    public let persistence: Persistence
    public let cipher: FieldCipher
    let pseudonymizer: Pseudonymizer
    let hasher: BcryptHasher
    let clock: any WallClock
    let logger: Logger

    public init(config: AppConfig, logger: Logger, clock: any WallClock = SystemClock()) throws {
        let keys = try KeyMaterial.resolve(config.keys)
        self.config = config
        self.logger = logger
        self.clock = clock
        self.cipher = keys.cipher
        self.pseudonymizer = Pseudonymizer(key: keys.pseudonymKey)
        self.hasher = BcryptHasher(cost: config.bcryptCost)
        self.persistence = try Persistence(location: config.database, logger: logger)
    }

    public var taxonomyStore: SQLTaxonomyStore { SQLTaxonomyStore(persistence: persistence) }

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
        if config.loadTaxonomyOnStart, try await taxonomyStore.counts().skills == 0 {
            progress("loading the ESCO skill taxonomy")
            report.taxonomy = try await loadTaxonomy(from: nil, progress: progress).counts
        }
        if config.seedDemoOnFirstStart, try await demoSeeder.databaseIsEmpty() {
            progress("generating demo data")
            report.demo = try await demoSeeder.seed()
        }
        return report
    }

    /// Imports a taxonomy in ESCO's CSV layout from `directory`, or the bundled one.
    public func loadTaxonomy(from directory: URL?, progress: @escaping @Sendable (String) -> Void) async throws -> TaxonomyLoaderReport {
        try await TaxonomyLoader(store: taxonomyStore).load(from: directory ?? TaxonomyLoader.bundledDirectory, progress: progress)
    }

    public func shutdown() async {
        await persistence.shutdown()
    }
}

