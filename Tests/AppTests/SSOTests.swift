@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Testing

/// Single sign-on end to end over real sockets against `TestOIDCProvider`, with the attacks of
/// the issue: a wrong state, a replayed code, a wrong nonce, another issuer, an expired token.
@Suite struct SSOTests {
    struct Flow {
        let api: AuthClient
        let attemptCookie: String
        let callback: URLComponents

        var callbackURI: String { "/auth/sso/test/callback?\(callback.percentEncodedQuery ?? "")" }

        func finish(cookie: String? = nil, uri: String? = nil) async throws -> TestResponse {
            try await api.client.execute(uri: uri ?? callbackURI, method: .get, headers: [.cookie: cookie ?? attemptCookie])
        }
    }

    static func extra(_ provider: TestOIDCProvider) async -> [String: String] {
        let base = await provider.base
        return [
            "SSO_OIDC_PROVIDERS": "test", "SSO_TEST_ISSUER": base, "SSO_TEST_CLIENT_ID": TestOIDCProvider.clientID,
            "SSO_TEST_CLIENT_SECRET": TestOIDCProvider.clientSecret, "SSO_GITHUB_CLIENT_ID": TestOIDCProvider.clientID,
            "SSO_GITHUB_CLIENT_SECRET": TestOIDCProvider.clientSecret, "SSO_GITHUB_URL": base, "SSO_GITHUB_API_URL": base + "/api",
        ]
    }

    /// Starts a sign-in at the platform and lets the "browser" visit the provider.
    static func begin(_ api: AuthClient, provider: String = "test") async throws -> Flow {
        let start = try await api.get("/auth/sso/\(provider)/start")
        #expect(start.status == .found)
        let location = try #require(start.headers[.location])
        let query = URLComponents(string: location)?.queryItems ?? []
        #expect(query.first { $0.name == "code_challenge_method" }?.value == "S256")
        #expect(query.first { $0.name == "state" }?.value?.isEmpty == false)
        let cookie = try #require(start.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        return Flow(api: api, attemptCookie: cookie, callback: try await TestOIDCProvider.authorize(location))
    }

    static func sessionCookie(_ response: TestResponse) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix("careerops_session=") }?.split(separator: ";").first.map(String.init)
    }

    @Test func signsInThroughAnOIDCIssuerAndCreatesTheAccount() async throws {
        try await TestOIDCProvider.run { provider in
            try await TestPlatform.withAuthApp(extra: await Self.extra(provider)) { platform, api in
                let flow = try await Self.begin(api)
                let done = try await flow.finish()
                #expect(done.status == .found)
                #expect(done.headers[.location] == "/")
                let session = try #require(Self.sessionCookie(done))
                let me = try AuthClient.decode(AuthTests.Me.self, try await api.get("/api/v1/me", headers: [.cookie: session]))
                #expect(me.email == "sso.user@example.com")
                #expect(me.email_verified)
                #expect(me.name == "Sam Sso")

                // The replayed callback (same code, same state cookie) is refused: the code is spent.
                let replay = try await flow.finish()
                #expect(replay.status == .unauthorized)
                #expect(Self.sessionCookie(replay) == nil)

                // A second sign-in lands in the same account through the link, without a new link.
                let again = try await Self.begin(api).finish()
                let secondSession = try #require(Self.sessionCookie(again))
                #expect(try AuthClient.decode(AuthTests.Me.self, try await api.get("/api/v1/me", headers: [.cookie: secondSession])).email == me.email)
                let audit = try await platform.auth.auditEntries(actorID: nil, page: .init(limit: 50))
                #expect(audit.filter { $0.action == .ssoLinked }.count == 1)
            }
        }
    }

    @Test func aForgedOrMissingStateIsRefused() async throws {
        try await TestOIDCProvider.run { provider in
            try await TestPlatform.withAuthApp(extra: await Self.extra(provider)) { _, api in
                let flow = try await Self.begin(api)
                var forged = flow.callback
                forged.queryItems = forged.queryItems?.map { $0.name == "state" ? URLQueryItem(name: "state", value: "attacker-state") : $0 }
                let wrongState = try await flow.finish(uri: "/auth/sso/test/callback?\(forged.percentEncodedQuery ?? "")")
                #expect(wrongState.status == .unauthorized)
                // A callback without the attempt cookie (a login CSRF from another site) is refused too.
                #expect(try await flow.finish(cookie: "other=1").status == .unauthorized)
                // A tampered cookie does not open.
                #expect(try await flow.finish(cookie: flow.attemptCookie + "x").status == .unauthorized)
                #expect(await provider.tokenRequests == 0, "nothing may reach the token endpoint without a valid state")
            }
        }
    }

    @Test(arguments: [TestOIDCProvider.Mode.wrongNonce, .wrongIssuer, .expired, .wrongAudience, .foreignKey])
    func aBadIDTokenIsRefused(_ mode: TestOIDCProvider.Mode) async throws {
        try await TestOIDCProvider.run { provider in
            try await TestPlatform.withAuthApp(extra: await Self.extra(provider)) { platform, api in
                await provider.set(mode: mode)
                let response = try await Self.begin(api).finish()
                #expect(response.status == .unauthorized)
                #expect(Self.sessionCookie(response) == nil)
                #expect(try await platform.auth.accounts.account(email: "sso.user@example.com") == nil)
            }
        }
    }

    @Test func linksToAnExistingAccountOnlyThroughAVerifiedAddress() async throws {
        try await TestOIDCProvider.run { provider in
            try await TestPlatform.withAuthApp(extra: await Self.extra(provider)) { platform, api in
                // Someone signs up with the address before its owner ever comes (never verifying it).
                let squatter = try await api.signUp("sso.user@example.com", name: "Password Person")
                let existing = try await TestPlatform.userID("sso.user@example.com", in: platform)

                await provider.set(person: .init(subject: "unverified", verified: false))
                #expect(try await Self.begin(api).finish().status == .unauthorized)

                await provider.set(person: .init(subject: "verified", verified: true))
                let linked = try await Self.begin(api).finish()
                let cookie = try #require(Self.sessionCookie(linked))
                let me = try AuthClient.decode(AuthTests.Me.self, try await api.get("/api/v1/me", headers: [.cookie: cookie]))
                #expect(me.name == "Password Person")
                #expect(try await platform.sso.links.user(provider: "test", subject: "verified") == existing)
                #expect(try await platform.sso.links.user(provider: "test", subject: "unverified") == nil)
                // The owner took the unverified account over: the squatter's password and tokens are gone.
                #expect(try await api.login("sso.user@example.com").status == .unauthorized)
                #expect(try await api.get("/api/v1/me", token: squatter.accessToken).status == .unauthorized)
                #expect(try await api.post("/api/v1/auth/refresh", ["refresh_token": squatter.refreshToken]).status == .unauthorized)
                #expect(try await api.get("/api/v1/me", headers: [.cookie: cookie]).status == .ok)

                // A verified account is linked as it is: its password stays.
                _ = try await api.signUp("verified.user@example.com", name: "Verified Person")
                try await platform.auth.accounts.markEmailVerified(try await TestPlatform.userID("verified.user@example.com", in: platform), at: Date())
                await provider.set(person: .init(subject: "second", email: "verified.user@example.com", verified: true))
                #expect(try await Self.begin(api).finish().status == .found)
                #expect(try await api.login("verified.user@example.com").status == .ok)
            }
        }
    }

    @Test func signsInWithGitHubThroughItsUserAndEmailAPI() async throws {
        try await TestOIDCProvider.run { provider in
            try await TestPlatform.withAuthApp(extra: await Self.extra(provider)) { platform, api in
                let flow = try await Self.begin(api, provider: "github")
                let response = try await flow.finish(uri: "/auth/sso/github/callback?\(flow.callback.percentEncodedQuery ?? "")")
                #expect(response.status == .found)
                #expect(try await platform.sso.links.user(provider: "github", subject: "4242") != nil)
            }
        }
    }

    @Test func anUnknownProviderIsNotFound() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let response = try await api.get("/auth/sso/nowhere/start")
            #expect(response.status == .notFound)
        }
    }
}
