import Core
import Foundation
import Gateway
import Identity
import Logging
import Redis
import Storage

/// The platform's whole configuration, read once at start from flags, then the environment,
/// then defaults, and validated before anything runs. Nothing else reads the environment.
public struct AppConfig: Sendable {
    public enum Environment: String, Sendable, CaseIterable {
        case development
        case production
        case test
    }

    public enum Role: String, Sendable, CaseIterable {
        case api
        case worker
    }

    public enum LogFormat: String, Sendable, CaseIterable {
        case text
        case json
    }

    /// Where the keys that seal personal data come from.
    public enum KeySource: Sendable {
        /// Given in the configuration (`CAREEROPS_DATA_KEYS`, `CAREEROPS_HMAC_KEY`, `CAREEROPS_JWT_KEYS`).
        case configured(dataKeys: [FieldCipher.Key], hmacKey: Data, jwtKeys: [TokenIssuer.SigningKey])
        /// Generated on first start into a file in the data directory (development only).
        case generatedFile(path: String)
    }

    public var environment: Environment
    public var host: String
    public var port: Int
    /// HTTPS with TLS 1.3 at least, from these PEM files; nil: plain HTTP (behind a proxy that terminates TLS).
    public var tls: TLSFiles?
    public var roles: Set<Role>
    public var database: DatabaseLocation
    /// A streaming replica of the PostgreSQL database for report and analytics reads.
    public var databaseReadURL: String?
    /// Redis for the shared cache, rate limits and the sessions' hot copy; nil: all in the process.
    public var redis: RedisSettings?
    /// Put before every Redis key, so that several platforms can share one server.
    public var redisPrefix: String
    public var dataDirectory: String
    public var logFormat: LogFormat
    public var logLevel: Logger.Level
    public var keys: KeySource
    public var bcryptCost: UInt8
    public var migrateOnStart: Bool
    /// Load demo data on the first start against an empty database.
    public var seedDemoOnFirstStart: Bool
    /// Load the bundled ESCO taxonomy on start when the catalog is empty.
    public var loadTaxonomyOnStart: Bool
    /// Extra routes for tests and local diagnosis; never on in production.
    public var debugRoutes: Bool
    /// The address people reach the platform at: token issuer, links in mail.
    public var publicURL: String
    public var rateLimits: RateLimits
    /// Networks admin routes answer to; empty means loopback only.
    public var adminAllowedNetworks: [CIDR]
    /// Balancers whose `X-Forwarded-For` names the client (for rate limits, the admin allow-list, audit).
    public var trustedProxies: [CIDR]
    /// SMTP delivery; without it, mail goes to the outbox table and the log.
    public var smtp: SMTPMailer.Settings?
    /// Single sign-on providers that have client credentials configured.
    public var ssoProviders: [SSOProvider]
    /// GraphQL's depth and complexity limits and whether introspection is on.
    public var graphQL: GraphQLLimits
    /// The text encoder's model folder (Hugging Face layout), which `make model` fills.
    public var modelDirectory: String
    /// Analytics: group figures under this many members are withheld; events are kept this many months.
    public var analyticsMinimumGroup: Int
    public var eventRetentionMonths: Int

    public struct TLSFiles: Sendable, Equatable {
        public var certificateChain: String
        public var privateKey: String
    }

    /// Flags given on the command line; each wins over its environment variable.
    public struct Overrides: Sendable {
        public var host: String?
        public var port: String?
        public var roles: String?
        public var noMigrate = false
        public var tlsCertificate: String?
        public var tlsKey: String?

        public init(host: String? = nil, port: String? = nil, roles: String? = nil, noMigrate: Bool = false,
                    tlsCertificate: String? = nil, tlsKey: String? = nil) {
            self.host = host
            self.port = port
            self.roles = roles
            self.noMigrate = noMigrate
            self.tlsCertificate = tlsCertificate
            self.tlsKey = tlsKey
        }
    }

    /// Reads and validates the configuration; the first unusable value stops it.
    public static func load(_ overrides: Overrides = Overrides(), environment env: [String: String]) throws(ConfigError) -> AppConfig {
        let environment = try parseEnum(Environment.self, env["CAREEROPS_ENV"], setting: "CAREEROPS_ENV", default: .development)
        let production = environment == .production
        let dataDirectory = env["CAREEROPS_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"

        let host = overrides.host ?? env["HOST"] ?? "127.0.0.1"
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:".contains($0) }) else {
            throw ConfigError("--host/HOST", "'\(host)' is not a host name or address")
        }
        let portText = overrides.port ?? env["PORT"] ?? "8080"
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw ConfigError("--port/PORT", "'\(portText)' is not a port number (0-65535, 0 for any free port)")
        }

        let tls = try parseTLS(certificate: overrides.tlsCertificate ?? env["TLS_CERT_FILE"], key: overrides.tlsKey ?? env["TLS_KEY_FILE"])

        let rolesText = overrides.roles ?? env["CAREEROPS_ROLES"] ?? "api,worker"
        var roles = Set<Role>()
        for name in rolesText.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let role = Role(rawValue: name) else {
                throw ConfigError("--roles/CAREEROPS_ROLES", "'\(name)' is not a role (api, worker)")
            }
            roles.insert(role)
        }
        guard !roles.isEmpty else { throw ConfigError("--roles/CAREEROPS_ROLES", "name at least one role (api, worker)") }

        let poolText = env["DATABASE_POOL_SIZE"] ?? "4"
        guard let poolSize = Int(poolText), (1...100).contains(poolSize) else {
            throw ConfigError("DATABASE_POOL_SIZE", "'\(poolText)' is not a pool size (1-100 connections per event loop)")
        }
        let database = try parseDatabaseURL(env["DATABASE_URL"], poolSize: poolSize, dataDirectory: dataDirectory)
        var databaseReadURL: String?
        if let text = env["DATABASE_READ_URL"], !text.isEmpty {
            guard database.isPostgres else { throw ConfigError("DATABASE_READ_URL", "a read replica needs DATABASE_URL to name a PostgreSQL primary") }
            let replica: DatabaseLocation
            do throws(ConfigError) {
                replica = try parseDatabaseURL(text, poolSize: poolSize, dataDirectory: dataDirectory)
            } catch {
                throw ConfigError("DATABASE_READ_URL", error.reason)
            }
            guard case .postgres(let url, _, _) = replica else { throw ConfigError("DATABASE_READ_URL", "must start with postgres://") }
            databaseReadURL = url
        }

        var redis: RedisSettings?
        if let text = env["REDIS_URL"], !text.isEmpty {
            do { redis = try RedisSettings(url: text) } catch { throw ConfigError("REDIS_URL", error.description) }
            let timeoutText = env["REDIS_TIMEOUT_MS"] ?? "1000"
            guard let milliseconds = Int64(timeoutText), (10...60_000).contains(milliseconds) else {
                throw ConfigError("REDIS_TIMEOUT_MS", "'\(timeoutText)' is not a timeout in milliseconds (10-60000)")
            }
            redis?.connectTimeout = .milliseconds(milliseconds)
            redis?.commandTimeout = .milliseconds(milliseconds)
        }
        let redisPrefix = env["REDIS_PREFIX"].flatMap { $0.isEmpty ? nil : $0 } ?? "careerops:"
        guard redisPrefix.count <= 64, redisPrefix.allSatisfy({ $0.isLetter || $0.isNumber || ":_-.".contains($0) }) else {
            throw ConfigError("REDIS_PREFIX", "'\(redisPrefix)' is not a key prefix (up to 64 letters, digits, ':', '_', '-', '.')")
        }

        let logFormat = try parseEnum(LogFormat.self, env["LOG_FORMAT"], setting: "LOG_FORMAT", default: production ? .json : .text)
        let levelText = env["LOG_LEVEL"] ?? "info"
        guard let logLevel = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ConfigError("LOG_LEVEL", "'\(levelText)' is not a level (trace, debug, info, notice, warning, error, critical)")
        }

        let costText = env["BCRYPT_COST"] ?? "12"
        guard let cost = UInt8(costText), (4...31).contains(cost) else {
            throw ConfigError("BCRYPT_COST", "'\(costText)' is not a bcrypt cost (4-31)")
        }
        if production && cost < 10 { throw ConfigError("BCRYPT_COST", "must be at least 10 in production") }

        let keys = try parseKeys(env, production: production, dataDirectory: dataDirectory)
        let demo = try parseBool(env["CAREEROPS_DEMO"], setting: "CAREEROPS_DEMO", default: environment == .development)
        if production && demo { throw ConfigError("CAREEROPS_DEMO", "demo data is never loaded in production") }
        let taxonomy = try parseBool(env["CAREEROPS_LOAD_TAXONOMY"], setting: "CAREEROPS_LOAD_TAXONOMY", default: true)

        let publicURL = (env["CAREEROPS_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(tls == nil ? "http" : "https")://\(host == "0.0.0.0" ? "localhost" : host):\(port)")
        guard let components = URLComponents(string: publicURL), ["http", "https"].contains(components.scheme ?? ""), components.host?.isEmpty == false else {
            throw ConfigError("CAREEROPS_PUBLIC_URL", "'\(publicURL)' is not an http(s) URL")
        }
        func limit(_ name: String, _ fallback: String) throws(ConfigError) -> RateLimit {
            let text = env[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
            guard let limit = RateLimit.parse(text) else { throw ConfigError(name, "'\(text)' is not a rate such as 30/min, 5/s or 1000/h") }
            return limit
        }
        let rateLimits = RateLimits(
            auth: try limit("RATE_LIMIT_AUTH", "30/min"),
            api: try limit("RATE_LIMIT_API", "1200/min"),
            account: try limit("RATE_LIMIT_ACCOUNT", "1200/min")
        )
        func networks(_ setting: String) throws(ConfigError) -> [CIDR] {
            var networks: [CIDR] = []
            for entry in (env[setting] ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
                guard let network = CIDR(entry) else { throw ConfigError(setting, "'\(entry)' is not a network such as 10.0.0.0/8") }
                networks.append(network)
            }
            return networks
        }

        let smtp = try parseSMTP(env)
        let sso = try parseSSO(env)
        func count(_ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws(ConfigError) -> Int {
            guard let text = env[name], !text.isEmpty else { return fallback }
            guard let value = Int(text), range.contains(value) else { throw ConfigError(name, "'\(text)' is not a whole number in \(range.lowerBound)-\(range.upperBound)") }
            return value
        }
        let graphQL = GraphQLLimits(
            maxLength: try count("GRAPHQL_MAX_QUERY_BYTES", 32_768, 1_024...1_048_576),
            maxDepth: try count("GRAPHQL_MAX_DEPTH", 10, 2...50), maxComplexity: try count("GRAPHQL_MAX_COMPLEXITY", 5_000, 10...1_000_000),
            introspection: try parseBool(env["GRAPHQL_INTROSPECTION"], setting: "GRAPHQL_INTROSPECTION", default: !production)
        )

        return AppConfig(
            environment: environment, host: host, port: port, tls: tls, roles: roles, database: database, databaseReadURL: databaseReadURL, redis: redis, redisPrefix: redisPrefix,
            dataDirectory: dataDirectory, logFormat: logFormat, logLevel: logLevel, keys: keys, bcryptCost: cost,
            migrateOnStart: !overrides.noMigrate, seedDemoOnFirstStart: demo, loadTaxonomyOnStart: taxonomy,
            debugRoutes: !production, publicURL: publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL,
            rateLimits: rateLimits, adminAllowedNetworks: try networks("ADMIN_ALLOWED_CIDRS"), trustedProxies: try networks("TRUSTED_PROXIES"), smtp: smtp, ssoProviders: sso, graphQL: graphQL,
            modelDirectory: env["CAREEROPS_MODEL_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".cache/models/all-MiniLM-L6-v2",
            analyticsMinimumGroup: try count("ANALYTICS_MIN_GROUP", 5, 2...1_000),
            eventRetentionMonths: try count("ANALYTICS_EVENT_RETENTION_MONTHS", 25, 1...240)
        )
    }

    /// `--tls-cert`/`TLS_CERT_FILE` and `--tls-key`/`TLS_KEY_FILE`: both or neither, readable files.
    static func parseTLS(certificate: String?, key: String?) throws(ConfigError) -> TLSFiles? {
        let certificate = certificate.flatMap { $0.isEmpty ? nil : $0 }, key = key.flatMap { $0.isEmpty ? nil : $0 }
        switch (certificate, key) {
        case (nil, nil):
            return nil
        case (nil, _):
            throw ConfigError("--tls-cert/TLS_CERT_FILE", "required with --tls-key (the certificate chain, PEM)")
        case (_, nil):
            throw ConfigError("--tls-key/TLS_KEY_FILE", "required with --tls-cert (the private key, PEM)")
        case (let certificate?, let key?):
            for (setting, path) in [("--tls-cert/TLS_CERT_FILE", certificate), ("--tls-key/TLS_KEY_FILE", key)]
            where !FileManager.default.isReadableFile(atPath: path) {
                throw ConfigError(setting, "\(path) is not a readable file")
            }
            return TLSFiles(certificateChain: certificate, privateKey: key)
        }
    }

    /// `DATABASE_URL`: unset → the SQLite file in the data directory; `sqlite:///abs/path`;
    /// `postgres://user:pass@host:port/db`.
    static func parseDatabaseURL(_ text: String?, poolSize: Int, dataDirectory: String) throws(ConfigError) -> DatabaseLocation {
        guard let text, !text.isEmpty else {
            return .sqlite(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("careerops.sqlite").path)
        }
        let setting = "DATABASE_URL"
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard path.hasPrefix("/"), path.count > 1, !path.hasSuffix("/") else {
                throw ConfigError(setting, "an SQLite URL reads sqlite:///absolute/path.sqlite")
            }
            return .sqlite(path: path)
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else {
            throw ConfigError(setting, "must start with postgres:// or sqlite:///")
        }
        let expected = "expected postgres://user:password@host:port/database"
        guard let url = URLComponents(string: text) else { throw ConfigError(setting, "not a valid URL; \(expected)") }
        guard let host = url.host, !host.isEmpty else { throw ConfigError(setting, "no host; \(expected)") }
        guard url.user?.isEmpty == false else { throw ConfigError(setting, "no user; \(expected)") }
        if let port = url.port, !(1...65_535).contains(port) { throw ConfigError(setting, "port \(port) is out of range") }
        guard url.path.count > 1 else { throw ConfigError(setting, "no database name; \(expected)") }
        do {
            try DatabaseLocation.validatePostgres(url: text)
        } catch {
            throw ConfigError(setting, "\(error)")
        }
        return .postgres(url: text, poolSize: poolSize, schema: nil)
    }

    static let keySettings = ["CAREEROPS_DATA_KEYS", "CAREEROPS_HMAC_KEY", "CAREEROPS_JWT_KEYS"]

    static func parseKeys(_ env: [String: String], production: Bool, dataDirectory: String) throws(ConfigError) -> KeySource {
        let given = keySettings.filter { env[$0]?.isEmpty == false }
        if given.isEmpty {
            if production { throw ConfigError("CAREEROPS_DATA_KEYS", "required in production (with CAREEROPS_HMAC_KEY and CAREEROPS_JWT_KEYS)") }
            return .generatedFile(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("keys.env").path)
        }
        if let missing = keySettings.first(where: { !given.contains($0) }) {
            throw ConfigError(missing, "required when \(given.joined(separator: " and ")) \(given.count == 1 ? "is" : "are") set")
        }
        let keys: [FieldCipher.Key]
        do { keys = try FieldCipher.parseKeyList(env["CAREEROPS_DATA_KEYS"]!) } catch { throw ConfigError("CAREEROPS_DATA_KEYS", error.description) }
        guard let hmac = Data(base64Encoded: env["CAREEROPS_HMAC_KEY"]!), hmac.count >= 32 else {
            throw ConfigError("CAREEROPS_HMAC_KEY", "must be 32 bytes or more, base64-encoded")
        }
        let jwtKeys: [TokenIssuer.SigningKey]
        do { jwtKeys = try TokenIssuer.parseKeyList(env["CAREEROPS_JWT_KEYS"]!) } catch { throw ConfigError("CAREEROPS_JWT_KEYS", error.description) }
        return .configured(dataKeys: keys, hmacKey: hmac, jwtKeys: jwtKeys)
    }

    /// `SMTP_URL`: `smtp://user:password@host:587` (STARTTLS required) or `smtps://…:465`.
    static func parseSMTP(_ env: [String: String]) throws(ConfigError) -> SMTPMailer.Settings? {
        guard let text = env["SMTP_URL"], !text.isEmpty else { return nil }
        guard let url = URLComponents(string: text), let scheme = url.scheme, ["smtp", "smtps"].contains(scheme),
              let host = url.host, !host.isEmpty
        else { throw ConfigError("SMTP_URL", "expected smtp://user:password@host:587 or smtps://user:password@host:465") }
        let from = env["SMTP_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? "CareerOps <no-reply@careerops.local>"
        guard SMTPMailer.address(in: from).contains("@") else { throw ConfigError("SMTP_FROM", "'\(from)' has no e-mail address") }
        if let ca = env["SMTP_CA_FILE"], !ca.isEmpty, !FileManager.default.fileExists(atPath: ca) {
            throw ConfigError("SMTP_CA_FILE", "\(ca) does not exist")
        }
        return SMTPMailer.Settings(
            host: host, port: url.port ?? (scheme == "smtps" ? 465 : 587), implicitTLS: scheme == "smtps",
            username: url.user?.removingPercentEncoding, password: url.password?.removingPercentEncoding, from: from,
            caFile: env["SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    /// Providers from `SSO_<ID>_CLIENT_ID` and `SSO_<ID>_CLIENT_SECRET`: `GOOGLE`, `LINKEDIN` and
    /// `GITHUB` by name (issuer or URLs overridable), and any OpenID Connect issuer listed in
    /// `SSO_OIDC_PROVIDERS` with its `SSO_<ID>_ISSUER`.
    static func parseSSO(_ env: [String: String]) throws(ConfigError) -> [SSOProvider] {
        func value(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        let generic = (value("SSO_OIDC_PROVIDERS") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        var providers: [SSOProvider] = []
        for id in ["google", "linkedin", "github"] + generic {
            let prefix = "SSO_\(id.uppercased().replacingOccurrences(of: "-", with: "_"))_"
            guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw ConfigError("SSO_OIDC_PROVIDERS", "'\(id)' may hold letters, digits and dashes only")
            }
            guard let clientID = value(prefix + "CLIENT_ID") else {
                if generic.contains(id) { throw ConfigError(prefix + "CLIENT_ID", "required for the provider '\(id)'") }
                continue
            }
            guard let secret = value(prefix + "CLIENT_SECRET") else { throw ConfigError(prefix + "CLIENT_SECRET", "required with \(prefix)CLIENT_ID") }
            let kind: SSOProvider.Kind
            let name: String
            switch id {
            case "github":
                kind = .github(web: value(prefix + "URL") ?? SSOProvider.gitHubWeb, api: value(prefix + "API_URL") ?? SSOProvider.gitHubAPI)
                name = "GitHub"
            case "google":
                kind = .oidc(issuer: value(prefix + "ISSUER") ?? SSOProvider.googleIssuer)
                name = "Google"
            case "linkedin":
                kind = .oidc(issuer: value(prefix + "ISSUER") ?? SSOProvider.linkedInIssuer)
                name = "LinkedIn"
            default:
                guard let issuer = value(prefix + "ISSUER") else { throw ConfigError(prefix + "ISSUER", "required for the provider '\(id)'") }
                kind = .oidc(issuer: issuer)
                name = value(prefix + "NAME") ?? id.capitalized
            }
            let endpoints: [String] = switch kind {
            case .oidc(let issuer): [issuer]
            case .github(let web, let api): [web, api]
            }
            for endpoint in endpoints where !SSOProvider.isAcceptableEndpoint(endpoint) {
                throw ConfigError(prefix + (id == "github" ? "URL" : "ISSUER"), "'\(endpoint)' must be https (plain http only on loopback)")
            }
            providers.append(SSOProvider(id: id, displayName: name, kind: kind, clientID: clientID, clientSecret: secret))
        }
        return providers
    }

    static func parseEnum<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ text: String?, setting: String, default value: T) throws(ConfigError) -> T where T.RawValue == String {
        guard let text, !text.isEmpty else { return value }
        guard let parsed = T(rawValue: text.lowercased()) else {
            throw ConfigError(setting, "'\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return parsed
    }

    static func parseBool(_ text: String?, setting: String, default value: Bool) throws(ConfigError) -> Bool {
        guard let text, !text.isEmpty else { return value }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigError(setting, "'\(text)' is not true or false")
        }
    }
}
