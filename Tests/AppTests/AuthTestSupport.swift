@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Prometheus
import SQLKit
@testable import Storage
import Testing

/// Drives the auth API the way a client does, over the in-process router (or a live socket).
struct AuthClient {
    let client: any TestClientProtocol

    static let password = "a long enough passphrase"

    static func json(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(buffer: response.body))
    }

    func post(_ uri: String, _ body: [String: Any], headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await client.execute(uri: uri, method: .post, headers: headers, body: Self.json(body))
    }

    func get(_ uri: String, token: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .get, headers: headers)
    }

    func signUp(_ email: String, name: String = "Test Member", password: String = Self.password) async throws -> TokenPair {
        let response = try await post("/api/v1/auth/signup", ["email": email, "password": password, "name": name])
        #expect(response.status == .created, "\(String(buffer: response.body))")
        return try Self.decode(TokenPair.self, response)
    }

    func login(_ email: String, password: String = Self.password) async throws -> TestResponse {
        try await post("/api/v1/auth/login", ["email": email, "password": password])
    }
}

extension TestPlatform {
    /// Runs `test` against a platform's router, with the platform at hand.
    static func withAuthApp(
        extra: [String: String] = [:],
        _ test: @escaping @Sendable (Platform, AuthClient) async throws -> Void
    ) async throws {
        try await with(extra: extra) { platform in
            let app = try buildApplication(platform: platform, registry: PrometheusCollectorRegistry())
            try await app.test(.router) { client in try await test(platform, AuthClient(client: client)) }
        }
    }

    /// The same over a real socket on 127.0.0.1, so that the client address is known.
    static func withLiveAuthApp(
        extra: [String: String] = [:],
        _ test: @escaping @Sendable (Platform, AuthClient) async throws -> Void
    ) async throws {
        try await with(extra: extra.merging(["PORT": "0"]) { $1 }) { platform in
            let app = try buildApplication(platform: platform, registry: PrometheusCollectorRegistry())
            try await app.test(.live) { client in try await test(platform, AuthClient(client: client)) }
        }
    }

    static func makePlatformAdmin(_ email: String, in platform: Platform) async throws {
        try await platform.persistence.sql.update("users").set("platform_role", to: "platform_admin")
            .where("email_index", .equal, platform.cipher.blindIndex(email)).run()
    }

    static func userID(_ email: String, in platform: Platform) async throws -> UUID {
        try #require(try await platform.auth.accounts.account(email: email)).id
    }
}

extension AppConfig {
    /// The token signing keys the test configuration carries.
    var signingKeysForTests: [TokenIssuer.SigningKey] {
        if case .configured(_, _, let keys) = keys { return keys }
        return []
    }
}

extension AuthClient {
    /// Invites the address to the organization as `role` (by `admin`, over the API) and has its
    /// owner, once their address is verified, accept: membership is by invitation only.
    func join(_ email: String, _ organization: String, as role: String, invitedBy admin: String, in platform: Platform) async throws {
        let (status, invitation) = try await call(.post, "/api/v1/orgs/\(organization)/members", ["email": email, "role": role], token: admin)
        #expect(status == .accepted, "\(invitation)")
        let user = try await TestPlatform.userID(email, in: platform)
        try await platform.auth.accounts.markEmailVerified(user, at: Date())
        let invitee = try await platform.auth.principal(userID: user, credential: .session(id: UUID()))
        let id = try #require(invitation["id"].string.flatMap(UUID.init(uuidString:)))
        _ = try await platform.organizations.accept(id, by: invitee, origin: RequestOrigin(address: nil, userAgent: nil, requestID: nil))
    }
}
