@testable import App
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Prometheus
import Synchronization
import Identity
import Testing

@Suite struct HTTPTests {
    func withApp(migrate: Bool = true, _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestPlatform.with(migrate: migrate) { platform in
            let app = try buildApplication(platform: platform, registry: PrometheusCollectorRegistry())
            try await app.test(.router, test)
        }
    }

    @Test func healthProbesAnswer() async throws {
        try await withApp { client in
            try await client.execute(uri: "/health/live", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"ready\""))
            }
        }
    }

    @Test func readinessIs503WhileMigrationsArePending() async throws {
        try await withApp(migrate: false) { client in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("migrations pending"))
            }
        }
    }

    @Test func everyAnswerCarriesARequestIDAndErrorsAreProblemJSON() async throws {
        try await withApp { client in
            try await client.execute(uri: "/no/such/page", method: .get, headers: [.init("X-Request-Id")!: "trace-123"]) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.init("X-Request-Id")!] == "trace-123")
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try JSONDecoder().decode(ProblemDetails.self, from: Data(buffer: response.body))
                #expect(problem.status == 404)
                #expect(problem.requestId == "trace-123")
            }
            try await client.execute(uri: "/health/live", method: .get, headers: [.init("X-Request-Id")!: "bad id with spaces"]) { response in
                let id = try #require(response.headers[.init("X-Request-Id")!])
                #expect(id != "bad id with spaces")
                #expect(UUID(uuidString: id) != nil)
            }
        }
    }

    @Test func validationErrorsNameTheField() async throws {
        try await withApp { client in
            try await client.execute(uri: "/api/v1/skills/catalog?q=", method: .get) { response in
                #expect(response.status == .unprocessableContent)
                let problem = try JSONDecoder().decode(ProblemDetails.self, from: Data(buffer: response.body))
                #expect(problem.errors == ["q": "must not be empty"])
            }
            try await client.execute(uri: "/api/v1/skills/catalog?q=a&limit=many", method: .get) { response in
                let problem = try JSONDecoder().decode(ProblemDetails.self, from: Data(buffer: response.body))
                #expect(problem.errors?["limit"] != nil)
            }
        }
    }

    @Test func metricsShowTheDatabasePoolOnPostgreSQL() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            let metrics = String(buffer: try await api.get("/metrics").body)
            if TestPlatform.onPostgres {
                #expect(metrics.contains("careerops_db_pool_max_connections \(try #require(platform.persistence.poolCapacity))"))
                #expect(metrics.contains("careerops_db_pool_open_connections ") && metrics.contains("careerops_db_pool_busy_connections "))
            } else {
                #expect(!metrics.contains("careerops_db_pool"), "SQLite has no pool to show")
            }
        }
    }

    @Test func metricsCountRequestsByRouteTemplate() async throws {
        try await withApp { client in
            try await client.execute(uri: "/health/live", method: .get) { _ in }
            try await client.execute(uri: "/nothing-here", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(text.contains(#"careerops_http_requests_total{route="/health/live",method="GET",status="200"} 1"#))
                #expect(text.contains(#"careerops_http_requests_total{route="NotFound",method="GET",status="404"} 1"#))
                #expect(text.contains("careerops_http_request_duration_seconds_bucket"))
            }
        }
    }

    @Test func aTrustedBalancerNamesTheClientAndNobodyElseCan() async throws {
        func statuses(_ extra: [String: String]) async throws -> [HTTPResponse.Status] {
            let seen = Mutex<[HTTPResponse.Status]>([])
            try await TestPlatform.withLiveAuthApp(extra: extra.merging(["RATE_LIMIT_AUTH": "1/min"]) { $1 }) { _, api in
                for client in ["203.0.113.5", "203.0.113.5", "198.51.100.7"] {
                    // A client may prepend anything; the balancer appends what it saw.
                    let response = try await api.post("/api/v1/auth/login", ["email": "x@example.com", "password": "wrong password here"],
                                                      headers: [.init("X-Forwarded-For")!: "10.9.9.9, \(client)"])
                    seen.withLock { $0.append(response.status) }
                }
            }
            return seen.withLock { $0 }
        }
        #expect(try await statuses(["TRUSTED_PROXIES": "127.0.0.1/32"]) == [.unauthorized, .tooManyRequests, .unauthorized],
                "each forwarded client has a bucket of its own")
        #expect(try await statuses([:]) == [.unauthorized, .tooManyRequests, .tooManyRequests], "an untrusted peer's header is ignored")
        #expect { try TestPlatform.config(extra: ["TRUSTED_PROXIES": "balancer"]) } throws: { "\($0)".contains("TRUSTED_PROXIES") }
    }

    /// Whatever sits in the trusted range could name any client; naming the server's own
    /// loopback would pass the admin allow-list. Such a header is ignored: the peer stays the client.
    @Test func aForwardedLoopbackAddressIsNotTheClient() async throws {
        try await TestPlatform.withLiveAuthApp(extra: ["TRUSTED_PROXIES": "127.0.0.1/32", "ADMIN_ALLOWED_CIDRS": "::1/128"]) { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let root = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            for forwarded in ["::1", "10.1.2.3, ::1", "127.0.0.1"] {
                let response = try await api.get("/api/v1/admin/audit", token: root, headers: [.init("X-Forwarded-For")!: forwarded])
                #expect(response.status == .notFound, "X-Forwarded-For: \(forwarded) made the peer an admin address")
            }
        }
    }
}

extension HTTPTests {
    /// A method a path does not take answered 404, as if the path did not exist: every
    /// documented path now answers it 405 with `Allow`, OPTIONS lists the methods, HEAD works
    /// wherever GET does, and paths nobody serves stay 404.
    @Test func unsupportedMethodsAnswer405WithAllow() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let token = try await api.signUp("methods@example.com").accessToken
            let document = try JSONValue(Data(buffer: try await api.raw(.get, "/api/v1/openapi.json", token: nil).body))
            guard case .object(let paths) = document["paths"] else { Issue.record("no paths"); return }
            let all: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
            var checked = 0
            for (template, item) in paths {
                guard case .object(let operations) = item else { continue }
                let declared = Set(operations.keys.map { $0.uppercased() })
                guard let unsupported = all.first(where: { !declared.contains($0.rawValue) }) else { continue }
                let path = template.replacingOccurrences(of: "{user}", with: "me").replacingOccurrences(of: #"\{[a-z]+\}"#, with: UUID().uuidString, options: .regularExpression)
                let response = try await api.raw(unsupported, path, token: token)
                #expect(response.status == .methodNotAllowed, "\(unsupported) \(template): \(response.status)")
                var expected = declared.union(["OPTIONS"])
                if declared.contains("GET") { expected.insert("HEAD") }
                #expect(response.headers[.init("Allow")!] == expected.sorted().joined(separator: ", "), "\(unsupported) \(template)")
                checked += 1
            }
            #expect(checked > 60)
            // The literal route wins as in the router: generate takes POST only.
            #expect(try await api.raw(.get, "/api/v1/users/me/plans/generate", token: token).headers[.init("Allow")!] == "OPTIONS, POST")
            let options = try await api.raw(.options, "/api/v1/users/me/goals", token: token)
            #expect(options.status == .noContent && options.headers[.init("Allow")!] == "GET, HEAD, OPTIONS, POST")
            let head = try await api.raw(.head, "/api/v1/me", token: token)
            #expect(head.status == .ok && head.body.readableBytes == 0)
            #expect(try await api.raw(.put, "/dashboard", token: token).status == .methodNotAllowed, "pages too")
            #expect(try await api.raw(.delete, "/api/v1/nothing-here", token: token).status == .notFound)
            // A handler's own 404 stays a 404.
            #expect(try await api.raw(.get, "/api/v1/users/me/goals/\(UUID())", token: token).status == .notFound)
        }
    }
}
