@testable import App
import Identity
import Storage
import Testing

@Suite struct ConfigTests {
    static let keys = [
        "CAREEROPS_DATA_KEYS": "k1:\(FieldCipher.generateKey())", "CAREEROPS_HMAC_KEY": FieldCipher.generateKey(),
        "CAREEROPS_JWT_KEYS": "j1:\(TokenIssuer.generateKey())",
    ]

    func load(_ env: [String: String], _ overrides: AppConfig.Overrides = .init()) throws(ConfigError) -> AppConfig {
        try AppConfig.load(overrides, environment: env)
    }

    @Test func defaultsToTheSQLiteFileInTheDataDirectory() throws {
        let config = try load([:])
        #expect(config.database == .sqlite(path: "data/careerops.sqlite") || config.database.redacted.hasSuffix("data/careerops.sqlite"))
        #expect(config.port == 8080)
        #expect(config.roles == [.api, .worker])
        #expect(config.seedDemoOnFirstStart)
    }

    @Test(arguments: ["postgres://nohost:x", "postgres://user:pw@host:99999/db", "postgres://user@/db", "postgres://user:pw@host:5432", "mysql://a@b/c", "sqlite://relative.sqlite"])
    func rejectsUnusableDatabaseURLs(_ url: String) {
        #expect { try load(["DATABASE_URL": url]) } throws: { ($0 as? ConfigError)?.setting == "DATABASE_URL" }
    }

    @Test func acceptsPostgresAndAbsoluteSQLiteURLs() throws {
        #expect(try load(["DATABASE_URL": "postgres://app:secret@db.internal:5433/careerops"]).database.isPostgres)
        #expect(try load(["DATABASE_URL": "sqlite:///tmp/x.sqlite"]).database == .sqlite(path: "/tmp/x.sqlite"))
    }

    @Test func rejectsAPortOutOfRangeNamingTheSetting() {
        #expect(throws: ConfigError("--port/PORT", "'70000' is not a port number (0-65535, 0 for any free port)")) { try load([:], .init(port: "70000")) }
        #expect(throws: ConfigError("--port/PORT", "'http' is not a port number (0-65535, 0 for any free port)")) { try load(["PORT": "http"]) }
    }

    @Test func flagsWinOverTheEnvironment() throws {
        let config = try load(["PORT": "9000", "HOST": "0.0.0.0", "CAREEROPS_ROLES": "worker"], .init(port: "9100", roles: "api"))
        #expect(config.port == 9100)
        #expect(config.host == "0.0.0.0")
        #expect(config.roles == [.api])
    }

    @Test func rejectsUnknownRolesAndLevels() {
        #expect { try load(["CAREEROPS_ROLES": "api,cron"]) } throws: { ($0 as? ConfigError)?.setting == "--roles/CAREEROPS_ROLES" }
        #expect { try load(["LOG_LEVEL": "loud"]) } throws: { ($0 as? ConfigError)?.setting == "LOG_LEVEL" }
        #expect { try load(["BCRYPT_COST": "40"]) } throws: { ($0 as? ConfigError)?.setting == "BCRYPT_COST" }
    }

    @Test func productionRequiresKeysAndNeverSeedsDemoData() throws {
        #expect { try load(["CAREEROPS_ENV": "production"]) } throws: { ($0 as? ConfigError)?.setting == "CAREEROPS_DATA_KEYS" }
        #expect { try load(Self.keys.merging(["CAREEROPS_ENV": "production", "CAREEROPS_DEMO": "true"]) { $1 }) } throws: {
            ($0 as? ConfigError)?.setting == "CAREEROPS_DEMO"
        }
        let production = try load(Self.keys.merging(["CAREEROPS_ENV": "production"]) { $1 })
        #expect(!production.seedDemoOnFirstStart)
        #expect(!production.debugRoutes)
        #expect(production.logFormat == .json)
    }

    @Test func rejectsMalformedKeys() {
        #expect { try load(Self.keys.merging(["CAREEROPS_DATA_KEYS": "k1:short"]) { $1 }) } throws: {
            ($0 as? ConfigError)?.setting == "CAREEROPS_DATA_KEYS"
        }
        #expect { try load(Self.keys.merging(["CAREEROPS_JWT_KEYS": "j1:notakey"]) { $1 }) } throws: {
            ($0 as? ConfigError)?.setting == "CAREEROPS_JWT_KEYS"
        }
        #expect { try load(["CAREEROPS_DATA_KEYS": "k1:\(FieldCipher.generateKey())"]) } throws: {
            ($0 as? ConfigError)?.setting == "CAREEROPS_HMAC_KEY"
        }
    }
}

extension ConfigTests {
    @Test func readsRateLimitsAndAdminNetworks() throws {
        let config = try load(["RATE_LIMIT_AUTH": "5/s", "ADMIN_ALLOWED_CIDRS": "10.0.0.0/8, fd00::/8"])
        #expect(config.rateLimits.auth.capacity == 5)
        #expect(config.adminAllowedNetworks.count == 2)
        #expect { try load(["RATE_LIMIT_API": "lots"]) } throws: { ($0 as? ConfigError)?.setting == "RATE_LIMIT_API" }
        #expect { try load(["ADMIN_ALLOWED_CIDRS": "10.0.0.0/33"]) } throws: { ($0 as? ConfigError)?.setting == "ADMIN_ALLOWED_CIDRS" }
    }
}
