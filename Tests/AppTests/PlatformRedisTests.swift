@testable import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import Identity
import Prometheus
@testable import Redis
import SQLKit
import Synchronization
@testable import Storage
import Testing

/// The platform with `REDIS_URL`: sessions' hot copy, cached profiles dropped on write, rate
/// limits shared by instances, and a Redis outage that slows the platform without breaking it.
@Suite(.serialized) struct PlatformRedisTests {
    static func withApp(_ server: RedisTestServer, extra: [String: String] = [:],
                        _ test: @escaping @Sendable (Platform, WebTests.Browser, AuthClient) async throws -> Void) async throws {
        try await TestPlatform.with(extra: ["REDIS_URL": server.url].merging(extra) { $1 }) { platform in
            let app = try buildApplication(platform: platform, registry: PrometheusCollectorRegistry())
            try await app.test(.router) { client in
                try await test(platform, WebTests.Browser(client: client), AuthClient(client: client))
            }
        }
    }

    static func keys(_ redis: RedisClient, _ pattern: String) async throws -> [String] {
        try await redis.send("KEYS", pattern).array?.compactMap(\.string) ?? []
    }

    @Test func sessionsAreServedFromTheHotCopyUntilRevoked() async throws {
        let server = try RedisTestServer()
        try await Self.withApp(server) { platform, browser, _ in
            var browser = browser
            try await browser.signUp("hot@example.com")
            #expect(try await browser.page("/dashboard").status == .ok)
            let redis = try #require(platform.redis)
            let prefix = platform.config.redisPrefix
            let cached = try await Self.keys(redis, "\(prefix)c:session:*")
            #expect(cached.count == 1, "the session is kept in Redis")

            // Revoked (here by another instance's hand: straight through the service), the
            // session is refused on the next request, not when its copy expires.
            let userID = try await TestPlatform.userID("hot@example.com", in: platform)
            let session = try #require(try await platform.auth.sessions.sessions(of: userID).first)
            let principal = Principal(userID: userID, platformRole: .member, memberships: [], credential: .session(id: session.id))
            try await platform.auth.revokeSession(session.id, by: principal, origin: RequestOrigin(address: nil, userAgent: nil, requestID: nil))
            #expect(try await browser.page("/dashboard").status == .seeOther, "revoked: sent to sign in")
        }
    }

    @Test func aProfileIsCachedAndAWriteIsSeenAtOnce() async throws {
        let server = try RedisTestServer()
        try await Self.withApp(server) { platform, _, api in
            let tokens = try await api.signUp("cached@example.com")
            let me = try await TestPlatform.userID("cached@example.com", in: platform)
            #expect(try await api.get("/api/v1/users/me/profile", token: tokens.accessToken).status == .ok)
            let redis = try #require(platform.redis)
            #expect(try await Self.keys(redis, "\(platform.config.redisPrefix)c:profile:\(me.uuidString)").count == 1)
            let headers: HTTPFields = [.authorization: "Bearer \(tokens.accessToken)", .contentType: "application/json"]
            let patched = try await api.client.execute(uri: "/api/v1/users/me/profile", method: .patch, headers: headers,
                                                       body: AuthClient.json(["headline": "Staff engineer"]))
            #expect(patched.status == .ok, "\(String(buffer: patched.body))")
            let read = try await api.get("/api/v1/users/me/profile", token: tokens.accessToken)
            #expect(String(buffer: read.body).contains("Staff engineer"))
        }
    }

    @Test func aChangeAnnouncedByOneInstanceReachesTheOthers() async throws {
        let server = try RedisTestServer()
        let redis = RedisClient(settings: try RedisSettings(url: server.url), logger: Logger(label: "test"))
        let applied = Mutex<[ChangeFeed.Topic]>([])
        let listener = ChangeListener(subscriber: RedisSubscriber(client: redis, logger: Logger(label: "test")), channel: "feed") { topic in
            applied.withLock { $0.append(topic) }
        }
        let listening = Task { try await listener.run() }
        defer { listening.cancel() }
        for _ in 0..<100 where applied.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(applied.withLock { $0 } == [.postings], "on subscribing, whatever may have been missed is applied")
        await ChangeFeed(redis: redis, channel: "feed").announce(.postings)
        for _ in 0..<100 where applied.withLock({ $0.count }) < 2 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(applied.withLock { $0 } == [.postings, .postings])
        await redis.shutdown()
    }

    @Test func rateLimitsHoldAcrossInstances() async throws {
        let server = try RedisTestServer()
        let shared = ["RATE_LIMIT_AUTH": "3/min", "REDIS_PREFIX": "shared\(UInt32.random(in: 0...UInt32.max)):"]
        let recorded = Mutex<[HTTPResponse.Status]>([])
        for _ in 0..<2 {
            try await Self.withApp(server, extra: shared) { _, _, api in
                for _ in 0..<2 {
                    let response = try await api.post("/api/v1/auth/login", ["email": "nobody@example.com", "password": "wrong password here"])
                    recorded.withLock { $0.append(response.status) }
                }
            }
        }
        let statuses = recorded.withLock { $0 }
        #expect(statuses.filter { $0 == .tooManyRequests }.count == 1, "\(statuses): three attempts between two instances, then 429")
        #expect(statuses.last == .tooManyRequests)
    }

    @Test func withRedisDownPagesStillAnswerReadinessSaysDegradedAndItRecovers() async throws {
        let server = try RedisTestServer()
        try await Self.withApp(server) { platform, browser, api in
            var browser = browser
            try await browser.signUp("outage@example.com")
            func readiness() async throws -> String {
                let response = try await api.get("/health/ready")
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(try await readiness().contains("\"ready\""))
            #expect(String(buffer: try await api.get("/metrics").body).contains("\ncareerops_redis_up 1"))

            server.stop()
            for page in ["/dashboard", "/profile", "/goals", "/settings"] {
                #expect(try await browser.page(page).status == .ok, "\(page) without Redis")
            }
            #expect(try await api.login("outage@example.com").status == .ok, "sign-in without Redis")
            #expect(try await readiness().contains("\"degraded\""))
            #expect(String(buffer: try await api.get("/metrics").body).contains("\ncareerops_redis_up 0"), "what the RedisDown alert reads")

            try server.start()
            var recovered = false
            for _ in 0..<100 where !recovered {
                recovered = try await readiness().contains("\"ready\"")
                if !recovered { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(recovered, "ready again once Redis is back, without a restart")
            #expect(try await browser.page("/dashboard").status == .ok)
            let redis = try #require(platform.redis)
            #expect(try await Self.keys(redis, "\(platform.config.redisPrefix)c:session:*").count == 1, "the hot copy is filled again")
        }
    }
}
