import FluentPostgresDriver
import Foundation

/// Which database the platform runs on. App builds it from `DATABASE_URL`, validated.
public enum DatabaseLocation: Sendable, Equatable {
    /// An SQLite file, opened in WAL mode.
    case sqlite(path: String)
    /// PostgreSQL at `url`, with up to `poolSize` connections per event loop; `schema`
    /// (tests use one per test) becomes the search path.
    case postgres(url: String, poolSize: Int, schema: String?)

    public var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// Names the kind of database without credentials, for logs.
    public var redacted: String {
        switch self {
        case .sqlite(let path): "sqlite file \(path)"
        case .postgres(let url, _, let schema):
            if let components = URLComponents(string: url) {
                "postgres \(components.host ?? "?"):\(components.port ?? 5432)\(components.path)\(schema.map { " schema \($0)" } ?? "")"
            } else {
                "postgres"
            }
        }
    }
}

extension DatabaseID {
    static let replica = DatabaseID(string: "psql-read")
}

extension DatabaseLocation {
    /// Checks a PostgreSQL URL the way the driver will read it, without connecting.
    public static func validatePostgres(url: String) throws {
        _ = try SQLPostgresConfiguration(url: url)
    }
}
