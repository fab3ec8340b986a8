import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import Synchronization

/// Owns the database connections and the schema: opens the pool, runs and reverts
/// migrations, answers readiness. Call `shutdown()` on every path (a pool released without it
/// crashes a debug build); in the server it runs as a service that does so on shutdown.
public final class Persistence: Sendable {
    public let location: DatabaseLocation
    let databases: Databases
    let logger: Logger
    private let databaseID: DatabaseID
    /// One handle per event loop, made once: after `shutdown` a late caller (an encoding that
    /// outlived its waiters) gets an error from the closed pool, not a crash on a missing driver.
    private let handles: [any Database]
    /// SQLite's blocking calls run here: a thread of its own, so that one database's long
    /// import never starves another's queries (nor bcrypt) on the shared pool.
    private let sqliteThreads: NIOThreadPool?
    private let closed = Mutex(false)
    /// This process's name on its PostgreSQL connections, so that its share of them can be counted.
    let applicationName = "careerops-" + UUID().uuidString.prefix(8).lowercased()
    /// PostgreSQL connections this process may open (per event loop × loops); nil on SQLite.
    public let poolCapacity: Int?

    /// Reports and analytics read here when a streaming replica is configured (`DATABASE_READ_URL`).
    private let replicaID: DatabaseID?

    public init(location: DatabaseLocation, readReplica: String? = nil, logger: Logger) throws {
        self.location = location
        self.logger = logger
        // SQLite gets one connection (one event loop, one connection per loop): SQLite has a
        // single writer, and two connections of one process contending for its lock would spin
        // in SQLite's busy handler. One connection queues requests instead.
        if case .postgres(_, let poolSize, _) = location {
            poolCapacity = poolSize * System.coreCount  // the singleton group runs one event loop per core
            sqliteThreads = nil
            databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        } else {
            poolCapacity = nil
            let threads = NIOThreadPool(numberOfThreads: 1)
            threads.start()
            sqliteThreads = threads
            databases = Databases(threadPool: threads, on: MultiThreadedEventLoopGroup.singleton.next())
        }
        switch location {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            databaseID = .sqlite
            // A long import holds the one connection for a while: wait for it rather than fail.
            databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(120), sqlLogLevel: .trace), as: .sqlite)
        case .postgres(let url, let poolSize, let schema):
            databaseID = .psql
            databases.use(try Self.postgres(url: url, schema: schema, poolSize: poolSize, name: applicationName), as: .psql)
        }
        if let readReplica, case .postgres(_, let poolSize, let schema) = location {
            replicaID = .replica
            databases.use(try Self.postgres(url: readReplica, schema: schema, poolSize: poolSize, name: applicationName + "-read"), as: .replica)
        } else {
            replicaID = nil
        }
        handles = databases.eventLoopGroup.makeIterator().map { [databases, databaseID, logger] loop in
            databases.database(databaseID, logger: logger, on: loop)!
        }
    }

    /// Runs a read for reports on the replica when there is one (it may lag the primary by a
    /// moment: nothing a member just wrote is read this way), and on the primary otherwise or
    /// when the replica fails.
    func reading<T: Sendable>(_ query: (any SQLDatabase) async throws -> T) async throws -> T {
        guard let replicaID else { return try await query(sql) }
        do {
            return try await query(Self.sql(databases.database(replicaID, logger: logger, on: databases.eventLoopGroup.any())!))
        } catch {
            logger.warning("read replica failed; reading from the primary", metadata: ["careerops.error_type": "\(String(reflecting: type(of: error)))"])
            return try await query(sql)
        }
    }

    /// Whether report reads go to a replica.
    public var hasReadReplica: Bool { replicaID != nil }

    /// A PostgreSQL pool: `schema` as the search path, `name` as the connections' application_name.
    private static func postgres(url: String, schema: String?, poolSize: Int, name: String) throws -> DatabaseConfigurationFactory {
        var configuration = try SQLPostgresConfiguration(url: url)
        if let schema { configuration.searchPath = [schema] }
        configuration.coreConfiguration.options.additionalStartupParameters = [("application_name", name)]
        return .postgres(configuration: configuration, maxConnectionsPerEventLoop: poolSize, sqlLogLevel: .trace)
    }

    /// A database handle for one unit of work.
    public var database: any Database {
        handles.randomElement()!
    }

    /// The database as SQL, for one statement or a few that need no transaction.
    package var sql: any SQLDatabase { Self.sql(database) }

    /// The one place a Fluent database becomes SQL: both drivers we open (SQLite, PostgreSQL) are.
    static func sql(_ database: any Database) -> any SQLDatabase {
        database as! any SQLDatabase
    }

    /// Runs `work` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await database.transaction { try await work(Self.sql($0)) }
    }

    private var migrator: Migrator {
        Migrator(databases: databases, migrations: .careerOps, logger: logger, on: databases.eventLoopGroup.any(), migrationLogLevel: .debug)
    }

    /// Opens the database for use: WAL mode on SQLite (kept in the file once set).
    public func prepare() async throws {
        if case .sqlite = location {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        }
    }

    /// Applies every pending migration; answers how many ran.
    @discardableResult
    public func migrateUp() async throws -> Int {
        try await migrator.setupIfNeeded().get()
        let pending = try await migrator.previewPrepareBatch().get()
        if !pending.isEmpty { try await migrator.prepareBatch().get() }
        return pending.count
    }

    /// Reverts every migration, leaving the schema empty (Fluent's own bookkeeping table too).
    public func revertAll() async throws {
        try await migrator.setupIfNeeded().get()
        try await migrator.revertAllBatches().get()
        try await database.schema("_fluent_migrations").delete()
    }

    /// Each known migration by name, and whether it has been applied.
    public func migrationStatus() async throws -> [(name: String, applied: Bool)] {
        try await migrator.setupIfNeeded().get()
        let pending = Set(try await migrator.previewPrepareBatch().get().map { $0.0.name })
        return CareerOpsMigrations.names.map { ($0, !pending.contains($0)) }
    }

    /// Whether the database answers and no migration is pending.
    /// How many of this process's PostgreSQL connections are busy (running a query or inside a
    /// transaction) and open, beside the capacity; nil on SQLite or when unreachable. The
    /// question's own connection is not counted as busy.
    public func poolUsage() async -> (busy: Int, open: Int, capacity: Int)? {
        guard let poolCapacity else { return nil }
        struct Usage: Decodable { let busy: Int; let open: Int }
        let usage = try? await sql.raw("""
            SELECT COUNT(*) FILTER (WHERE state <> 'idle') AS busy, COUNT(*) AS open FROM pg_stat_activity
            WHERE application_name = \(bind: applicationName)
            """).first(decoding: Usage.self)
        return usage.map { (max(0, $0.busy - 1), $0.open, poolCapacity) }
    }

    public func readiness() async -> Readiness {
        do {
            try await sql.raw("SELECT 1").run()
        } catch {
            return .unavailable("database unreachable")
        }
        do {
            let rows = try await sql.raw("SELECT name FROM _fluent_migrations").all()
            let applied = Set(try rows.map { try $0.decode(column: "name", as: String.self) })
            let pending = CareerOpsMigrations.names.filter { !applied.contains($0) }
            return pending.isEmpty ? .ready : .unavailable("\(pending.count) migrations pending")
        } catch {
            return .unavailable("migrations pending")
        }
    }

    /// The tables of the current schema, for tests and `migrate status`.
    public func tableNames() async throws -> Set<String> {
        let query: SQLQueryString = switch location {
        case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        // Tables, not the monthly partitions of one.
        case .postgres: """
            SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            """
        }
        let rows = try await sql.raw(query).all()
        return Set(try rows.map { try $0.decode(column: "name", as: String.self) })
    }

    /// Closes the connections, once: whoever stops first (the platform's database service at
    /// graceful shutdown, or whoever opened it) closes them, and a second call does nothing.
    public func shutdown() async {
        guard closed.withLock({ closed in defer { closed = true }; return !closed }) else { return }
        await databases.shutdownAsync()
        try? await sqliteThreads?.shutdownGracefully()
    }

    /// Whether `shutdown` has run.
    public var isClosed: Bool { closed.withLock { $0 } }

    public enum Readiness: Sendable, Equatable {
        case ready
        case unavailable(String)
    }
}
