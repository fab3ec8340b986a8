@testable import App
import Core
import Foundation
import Identity
import Logging
import Prometheus
import Testing
@testable import Storage

/// A platform on a database of its own: a fresh SQLite file, or — when `DATABASE_URL` names a
/// PostgreSQL server — a fresh schema there, dropped afterwards. `make test` runs the suite once
/// each way; when `REDIS_URL` is set (CI's PostgreSQL run), every platform caches and limits
/// through that Redis, under a key prefix of its own.
enum TestPlatform {
    static let environment = ProcessInfo.processInfo.environment

    static var onPostgres: Bool { environment["DATABASE_URL"]?.hasPrefix("postgres") == true }

    static func config(migrate: Bool = true, extra: [String: String] = [:]) throws -> AppConfig {
        var env = [
            "CAREEROPS_ENV": "test",
            "CAREEROPS_DATA_KEYS": "k1:\(FieldCipher.generateKey())",
            "CAREEROPS_HMAC_KEY": FieldCipher.generateKey(),
            "CAREEROPS_JWT_KEYS": "j1:\(TokenIssuer.generateKey())",
            "BCRYPT_COST": "4",
            "CAREEROPS_LOAD_TAXONOMY": "false",
            "CAREEROPS_DEMO": "false",
            "LOG_LEVEL": "warning",
            // Tests run the worker's jobs themselves, when they choose; WorkerTests runs the role.
            "CAREEROPS_ROLES": "api",
        ]
        if let redis = environment["REDIS_URL"], !redis.isEmpty { env["REDIS_URL"] = redis }
        // The whole suite shares two cores with PostgreSQL and Redis: a second is not long there.
        env["REDIS_TIMEOUT_MS"] = "10000"
        env["REDIS_PREFIX"] = "t\(UUID().uuidString.prefix(8).lowercased()):"
        env.merge(extra) { _, new in new }
        var config = try AppConfig.load(AppConfig.Overrides(noMigrate: !migrate), environment: env)
        if onPostgres {
            config.database = .postgres(url: environment["DATABASE_URL"]!, poolSize: 1, schema: "t_\(UUID().uuidString.prefix(8).lowercased())")
        } else {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("careerops-tests-\(UUID().uuidString)")
            config.database = .sqlite(path: directory.appendingPathComponent("test.sqlite").path)
        }
        return config
    }

    /// Runs `body` with a started platform, then tears its database down.
    @discardableResult
    static func with<T>(
        migrate: Bool = true,
        extra: [String: String] = [:],
        clock: any WallClock = SystemClock(),
        ids: any IdentifierSource = RandomIdentifiers(),
        _ body: (Platform) async throws -> T
    ) async throws -> T {
        let config = try config(migrate: migrate, extra: extra)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        if case .postgres(let url, _, let schema?) = config.database {
            try await onAdminConnection(url) { try await $0.sql.raw("CREATE SCHEMA \(ident: schema)").run() }
        }
        let platform = try await Platform.open(config: config, logger: logger, clock: clock, ids: ids)
        do {
            _ = try await platform.start()
            let result = try await body(platform)
            await tearDown(platform)
            return result
        } catch {
            await tearDown(platform)
            // Database errors describe themselves only when asked to, so that a failing test says what the server said.
            if String(describing: type(of: error)).hasPrefix("PSQL") || String(describing: type(of: error)).hasPrefix("Postgres") {
                Issue.record("\(String(reflecting: error))")
            }
            throw error
        }
    }

    private static func tearDown(_ platform: Platform) async {
        await platform.shutdown()
        switch platform.config.database {
        case .postgres(let url, _, let schema?):
            try? await onAdminConnection(url) { try await $0.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
        case .sqlite(let path):
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        default:
            break
        }
    }

    private static func onAdminConnection(_ url: String, _ work: (Persistence) async throws -> Void) async throws {
        let admin = try Persistence(location: .postgres(url: url, poolSize: 1, schema: nil), logger: Logger(label: "test-admin"))
        do {
            try await work(admin)
            await admin.shutdown()
        } catch {
            await admin.shutdown()
            throw error
        }
    }

    static var fixtureDirectory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/esco-small")
    }
}
