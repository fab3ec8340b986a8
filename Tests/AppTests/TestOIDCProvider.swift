import AsyncHTTPClient
import Crypto
import Foundation
import Hummingbird
import JWTKit
import Logging
import NIOCore
import ServiceLifecycle

/// An OpenID Connect provider (and a GitHub look-alike) on a real socket, for the SSO tests: it
/// keeps codes single-use, checks PKCE, client secret and redirect URI, and signs real ES256 ID
/// tokens — or, on request, subtly wrong ones.
actor TestOIDCProvider {
    enum Mode: Sendable { case honest, wrongIssuer, wrongNonce, expired, wrongAudience, foreignKey }

    struct Person: Sendable {
        var subject = "subject-1"
        var email = "sso.user@example.com"
        var verified = true
        var name = "Sam Sso"
    }

    struct Grant {
        let clientID: String
        let redirectURI: String
        let challenge: String
        let nonce: String?
        let person: Person
        var used = false
    }

    static let clientID = "careerops-test-client"
    static let clientSecret = "test-client-secret"
    let key = ES256PrivateKey()
    let foreign = ES256PrivateKey()
    var base = ""
    var mode = Mode.honest
    var person = Person()
    var grants: [String: Grant] = [:]
    var accessTokens: [String: Person] = [:]
    var tokenRequests = 0

    func set(mode: Mode) { self.mode = mode }
    func set(person: Person) { self.person = person }
    func setBase(_ base: String) { self.base = base }

    /// Runs the provider on 127.0.0.1 for the duration of `body`.
    static func run<T: Sendable>(_ body: @Sendable (TestOIDCProvider) async throws -> T) async throws -> T {
        let provider = TestOIDCProvider()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: provider.router(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
            logger: Logger(label: "test-oidc")
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "test-oidc")))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask { try await group.run(); return nil }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            await provider.setBase("http://127.0.0.1:\(port)")
            do {
                let result = try await body(provider)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }

    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get(".well-known/openid-configuration") { _, _ -> Response in
            let base = await self.base
            return Self.json(["issuer": base, "authorization_endpoint": base + "/authorize", "token_endpoint": base + "/token",
                              "jwks_uri": base + "/jwks", "response_types_supported": ["code"], "id_token_signing_alg_values_supported": ["ES256"]])
        }
        router.get("jwks") { _, _ -> Response in
            let parameters = self.key.publicKey.parameters!
            return Self.json(["keys": [["kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": "provider-1", "x": parameters.x, "y": parameters.y]]])
        }
        for path in ["authorize", "login/oauth/authorize"] {
            router.get(RouterPath(path)) { request, _ -> Response in
                let query = request.uri.queryParameters
                guard let redirect = query["redirect_uri"].map(String.init), let challenge = query["code_challenge"].map(String.init),
                      query["code_challenge_method"] == "S256", let client = query["client_id"].map(String.init)
                else { return Response(status: .badRequest) }
                let code = await self.grant(client: client, redirect: redirect, challenge: challenge, nonce: query["nonce"].map(String.init))
                var location = URLComponents(string: redirect)!
                location.queryItems = [URLQueryItem(name: "code", value: code), URLQueryItem(name: "state", value: query["state"].map(String.init))]
                return Response(status: .found, headers: [.location: location.string!])
            }
        }
        for path in ["token", "login/oauth/access_token"] {
            router.post(RouterPath(path)) { request, _ -> Response in
                let body = String(buffer: try await request.body.collect(upTo: 65_536))
                var form: [String: String] = [:]
                for pair in body.split(separator: "&") {
                    let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                    if parts.count == 2 { form[parts[0]] = parts[1] }
                }
                return await self.exchange(form, github: path.hasPrefix("login"))
            }
        }
        router.get("api/user") { request, _ -> Response in
            guard let person = await self.person(bearer: request.headers[.authorization]) else { return Response(status: .unauthorized) }
            return Self.json(["id": 4242, "login": "samsso", "name": person.name])
        }
        router.get("api/user/emails") { request, _ -> Response in
            guard let person = await self.person(bearer: request.headers[.authorization]) else { return Response(status: .unauthorized) }
            return Self.json([["email": "old@example.com", "primary": false, "verified": false], ["email": person.email, "primary": true, "verified": person.verified]])
        }
        return router
    }

    func grant(client: String, redirect: String, challenge: String, nonce: String?) -> String {
        let code = UUID().uuidString
        grants[code] = Grant(clientID: client, redirectURI: redirect, challenge: challenge, nonce: nonce, person: person)
        return code
    }

    func person(bearer: String?) -> Person? {
        guard let bearer, bearer.hasPrefix("Bearer ") else { return nil }
        return accessTokens[String(bearer.dropFirst(7))]
    }

    func exchange(_ form: [String: String], github: Bool) async -> Response {
        tokenRequests += 1
        guard let code = form["code"], var grant = grants[code], !grant.used else { return Self.json(["error": "invalid_grant"], status: .badRequest) }
        grant.used = true
        grants[code] = grant
        guard form["client_id"] == grant.clientID, form["client_id"] == Self.clientID, form["client_secret"] == Self.clientSecret,
              form["redirect_uri"] == grant.redirectURI
        else { return Self.json(["error": "invalid_client"], status: .badRequest) }
        let verifier = form["code_verifier"] ?? ""
        let challenge = Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        guard challenge == grant.challenge else { return Self.json(["error": "invalid_grant", "error_description": "PKCE"], status: .badRequest) }
        let accessToken = UUID().uuidString
        accessTokens[accessToken] = grant.person
        if github { return Self.json(["access_token": accessToken, "token_type": "bearer", "scope": "read:user,user:email"]) }
        let now = Date()
        let claims = IDToken(
            iss: .init(value: mode == .wrongIssuer ? "http://evil.example" : base), sub: .init(value: grant.person.subject),
            aud: .init(value: [mode == .wrongAudience ? "someone-else" : grant.clientID]),
            exp: .init(value: mode == .expired ? now.addingTimeInterval(-300) : now.addingTimeInterval(300)), iat: .init(value: now),
            nonce: mode == .wrongNonce ? "not-the-nonce" : grant.nonce, email: grant.person.email, email_verified: grant.person.verified, name: grant.person.name
        )
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: mode == .foreignKey ? foreign : key, kid: "provider-1")
        guard let idToken = try? await keys.sign(claims, kid: "provider-1") else { return Response(status: .internalServerError) }
        return Self.json(["access_token": accessToken, "token_type": "Bearer", "id_token": idToken, "expires_in": 300])
    }

    struct IDToken: JWTPayload {
        let iss: IssuerClaim
        let sub: SubjectClaim
        let aud: AudienceClaim
        let exp: ExpirationClaim
        let iat: IssuedAtClaim
        let nonce: String?
        let email: String
        let email_verified: Bool
        let name: String
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func json(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))))
    }

    /// What a browser does at the provider: follow the authorize URL, return the callback URL.
    static func authorize(_ url: String) async throws -> URLComponents {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            try await client.shutdown()
        } catch {
            try await client.shutdown()
            throw error
        }
        guard response.status == .found, let location = response.headers.first(name: "Location"), let components = URLComponents(string: location) else {
            throw HTTPError(.badGateway)
        }
        return components
    }
}
