@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Testing

/// The outside review's attacks at the HTTP edge (forged cross-site sign-in, paths around the
/// sign-in limit, a redirect to another site), each performed as an attacker would.
@Suite struct EdgeAttackTests {
    /// A page of another site posts the attacker's credentials as `text/plain` (no preflight),
    /// which signed the victim's browser into the attacker's account.
    @Test func anotherSitesPageCannotSignTheBrowserIn() async throws {
        try await TestPlatform.withAuthApp { _, api in
            _ = try await api.signUp("attacker@example.com")
            let credentials = AuthClient.json(["email": "attacker@example.com", "password": AuthClient.password])
            func session(_ headers: HTTPFields) async throws -> TestResponse {
                try await api.client.execute(uri: "/api/v1/auth/session", method: .post, headers: headers, body: credentials)
            }
            let plain = try await session([.contentType: "text/plain", .origin: "https://evil.example"])
            #expect(plain.status == .forbidden)
            #expect(plain.headers[.setCookie] == nil)
            // Without an Origin (an old browser), a text/plain body is no JSON here.
            #expect(try await session([.contentType: "text/plain"]).status == .unsupportedMediaType)
            // A modern browser says where the request comes from, whatever the body is.
            #expect(try await session([.contentType: "application/json", .init("Sec-Fetch-Site")!: "cross-site"]).status == .forbidden)
            #expect(try await session([.contentType: "application/json", .init("Sec-Fetch-Site")!: "same-site"]).status == .forbidden)
            // The web form, posted from another site, too.
            let form = try await api.client.execute(uri: "/sign-in", method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://evil.example"],
                                                    body: ByteBuffer(string: "email=attacker%40example.com&password=a+long+enough+passphrase"))
            #expect(form.status == .forbidden)
            #expect(form.headers[.setCookie] == nil)
            // The site's own page signs in.
            let own = try await session([.contentType: "application/json", .init("Sec-Fetch-Site")!: "same-origin"])
            #expect(own.status == .ok)
            #expect(own.headers[.setCookie] != nil)
        }
    }

    /// The router serves `//api/v1/auth/login` as `/api/v1/auth/login`; the sign-in limit read
    /// the path as text and let it through at the general rate. The web forms were outside too.
    @Test func theSignInLimitHoldsWhateverThePathLooksLike() async throws {
        try await TestPlatform.withAuthApp(extra: ["RATE_LIMIT_AUTH": "3/hour"]) { _, api in
            for _ in 0..<3 { #expect(try await api.login("x@example.com", password: "whatever it is").status == .unauthorized) }
            for path in ["//api/v1/auth/login", "/api//v1/auth/login", "/api/v1/auth/login/", "/api/v1//auth//login"] {
                let response = try await api.post(path, ["email": "x@example.com", "password": "whatever it is"])
                #expect(response.status == .tooManyRequests, "\(path)")
            }
            let form = try await api.client.execute(uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                    body: ByteBuffer(string: "email=x%40example.com&password=whatever+it+is"))
            #expect(form.status == .tooManyRequests)
            let signUp = try await api.client.execute(uri: "//sign-up", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                      body: ByteBuffer(string: "name=X&email=y%40example.com&password=a+long+enough+passphrase"))
            #expect(signUp.status == .tooManyRequests)
            // Reading pages is not signing in.
            #expect(try await api.get("/sign-in").status == .ok)
        }
    }

    /// Browsers drop tabs and line breaks from a Location and read `\` as `/`: `/\t/evil.example`
    /// took a signed-in member to another site.
    @Test func signInSendsOnlyToPathsOfThisSite() async throws {
        try await TestPlatform.withAuthApp { _, api in
            _ = try await api.signUp("nav@example.com")
            let signIn = try await api.client.execute(uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                      body: ByteBuffer(string: "email=nav%40example.com&password=a+long+enough+passphrase"))
            let cookie = try #require(signIn.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            for next in ["/%09/evil.example", "/%0A/evil.example", "/%5C/evil.example", "//evil.example", "/%5Cevil.example",
                         "https://evil.example", "/%0D%0ASet-Cookie:%20x=1", "%2F%2Fevil.example", "/%E2%80%8B/evil.example"] {
                let response = try await api.get("/sign-in?next=\(next)", headers: [.cookie: cookie])
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/dashboard", "\(next) -> \(response.headers[.location] ?? "")")
            }
            let local = try await api.get("/sign-in?next=/goals%3Ftab%3Ddone", headers: [.cookie: cookie])
            #expect(local.headers[.location] == "/goals?tab=done")
        }
    }
}
