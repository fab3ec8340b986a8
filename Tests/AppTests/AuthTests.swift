@testable import App
import Core
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import JWTKit
import SQLKit
@testable import Storage
import Testing

/// Accounts and tokens over HTTP; each attack named in the issue has a test that fails if the
/// defence is removed.
@Suite struct AuthTests {
    struct Me: Decodable {
        let email: String
        let name: String
        let email_verified: Bool
        let roles: [String]
    }

    @Test func signUpAnswersATokenPairThatOpensMe() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let pair = try await api.signUp("ada@example.com", name: "Ada Lovelace")
            #expect(pair.tokenType == "Bearer")
            #expect(pair.expiresIn == 900)
            #expect(pair.refreshToken.hasPrefix("rt_"))
            let me = try await api.get("/api/v1/me", token: pair.accessToken)
            #expect(me.status == .ok)
            let body = try AuthClient.decode(Me.self, me)
            #expect(body.email == "ada@example.com")
            #expect(body.roles == ["member"])
            #expect(!body.email_verified)
            #expect(try await api.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test func signUpRejectsBadInputNamingTheField() async throws {
        try await TestPlatform.withAuthApp { _, api in
            func errors(_ body: [String: Any]) async throws -> (HTTPResponse.Status, [String: String]) {
                let response = try await api.post("/api/v1/auth/signup", body)
                return (response.status, try AuthClient.decode(ProblemBody.self, response).errors ?? [:])
            }
            let short = try await errors(["email": "a@example.com", "password": "short", "name": "A"])
            #expect(short.0 == .unprocessableContent)
            #expect(short.1["password"] == "must be at least 10 characters")
            #expect(try await errors(["email": "a@example.com", "password": "1234567890", "name": "A"]).1["password"]?.contains("too common") == true)
            #expect(try await errors(["email": "not-an-address", "password": AuthClient.password, "name": "A"]).1["email"] != nil)
            let missing = try await errors(["email": "a@example.com", "password": AuthClient.password])
            #expect(missing.0 == .badRequest)
            #expect(missing.1["name"] == "is required")
            _ = try await api.signUp("taken@example.com")
            #expect(try await api.post("/api/v1/auth/signup", ["email": "Taken@Example.com", "password": AuthClient.password, "name": "B"]).status == .conflict)
        }
    }

    @Test func aWrongPasswordAndAnUnknownAddressAnswerAlike() async throws {
        try await TestPlatform.withAuthApp { _, api in
            _ = try await api.signUp("bob@example.com")
            let wrong = try await api.login("bob@example.com", password: "not the password at all")
            let unknown = try await api.login("nobody@example.com", password: "not the password at all")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(try AuthClient.decode(ProblemBody.self, wrong).detail == AuthClient.decode(ProblemBody.self, unknown).detail)
            #expect(try await api.login("BOB@example.com").status == .ok)
        }
    }

    @Test func fiveFailuresThrottleTheAddressEvenForTheRightPassword() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            _ = try await api.signUp("carol@example.com")
            for _ in 0..<5 {
                #expect(try await api.login("carol@example.com", password: "guess guess guess").status == .unauthorized)
            }
            let throttled = try await api.login("carol@example.com")
            #expect(throttled.status == .tooManyRequests)
            #expect((1...30).contains(Int(throttled.headers[.retryAfter] ?? "") ?? 0), "locked for the first 30 s step")
            // An address without an account is throttled the same way, so the answer tells nothing.
            for _ in 0..<5 { _ = try await api.login("ghost@example.com", password: "guess guess guess") }
            #expect(try await api.login("ghost@example.com").status == .tooManyRequests)
            let audit = try await platform.auth.auditEntries(actorID: nil, page: .init(limit: 100))
            #expect(audit.filter { $0.action == .signInFailed }.count >= 10)
            #expect(audit.allSatisfy { !($0.details ?? "").contains("guess") })
        }
    }

    @Test func refreshRotatesAndAReplayRevokesTheWholeFamily() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            let first = try await api.signUp("dan@example.com")
            let rotated = try await api.post("/api/v1/auth/refresh", ["refresh_token": first.refreshToken])
            #expect(rotated.status == .ok)
            let second = try AuthClient.decode(TokenPair.self, rotated)
            #expect(second.refreshToken != first.refreshToken)
            // The stolen first token comes back: refused, and the family (with the thief's and the
            // owner's newer token) is revoked.
            #expect(try await api.post("/api/v1/auth/refresh", ["refresh_token": first.refreshToken]).status == .unauthorized)
            #expect(try await api.post("/api/v1/auth/refresh", ["refresh_token": second.refreshToken]).status == .unauthorized)
            #expect(try await api.post("/api/v1/auth/refresh", ["refresh_token": "rt_made_up"]).status == .unauthorized)
            let audit = try await platform.auth.auditEntries(actorID: nil, page: .init(limit: 50))
            #expect(audit.contains { $0.action == .tokenFamilyRevoked })
        }
    }

    @Test func signOutEndsTheSessionAndItsRefreshTokens() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let pair = try await api.signUp("erin@example.com")
            let logout = try await api.client.execute(uri: "/api/v1/auth/logout", method: .post, headers: [.authorization: "Bearer \(pair.accessToken)"])
            #expect(logout.status == .noContent)
            #expect(try await api.post("/api/v1/auth/refresh", ["refresh_token": pair.refreshToken]).status == .unauthorized)
        }
    }

    @Test func forgedAndStaleTokensAreRefused() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            let pair = try await api.signUp("fay@example.com")
            let claims = try await platform.auth.issuer.verify(pair.accessToken)
            let jwks = try await api.get("/.well-known/jwks.json")
            #expect(jwks.status == .ok)
            let published = try JSONDecoder().decode(JWKS.self, from: Data(buffer: jwks.body))
            #expect(published.keys.map(\.keyIdentifier?.string) == ["j1"])
            #expect(published.keys.allSatisfy { $0.privateExponent == nil })

            func refused(_ token: String) async throws -> Bool {
                try await api.get("/api/v1/me", token: token).status == .unauthorized
            }
            // alg: none
            let header = base64URL(#"{"alg":"none","typ":"JWT","kid":"j1"}"#)
            let payload = base64URL(String(decoding: try JSONEncoder().encode(claims), as: UTF8.self))
            #expect(try await refused("\(header).\(payload)."))
            // HS256 signed with the published public key as the HMAC secret
            let publicJWK = String(decoding: try JSONEncoder().encode(published.keys[0]), as: UTF8.self)
            let confused = JWTKeyCollection()
            await confused.add(hmac: HMACKey(from: publicJWK), digestAlgorithm: .sha256, kid: "j1")
            #expect(try await refused(try await confused.sign(claims, kid: "j1")))
            // The platform's own key, but the wrong audience, issuer, or an expired time
            let signer = try await TokenIssuer.make(keys: platform.config.signingKeysForTests, issuer: platform.auth.issuer.issuer, audience: "careerops-api", clock: platform.clock)
            var wrongAudience = claims
            wrongAudience.aud = .init(value: ["someone-else"])
            #expect(try await refused(try await signer.keys.sign(wrongAudience, kid: "j1")))
            var wrongIssuer = claims
            wrongIssuer.iss = .init(value: "https://evil.example")
            #expect(try await refused(try await signer.keys.sign(wrongIssuer, kid: "j1")))
            var expired = claims
            expired.exp = .init(value: Date().addingTimeInterval(-5))
            #expect(try await refused(try await signer.keys.sign(expired, kid: "j1")))
            // A tampered payload under a real signature
            let parts = pair.accessToken.split(separator: ".").map(String.init)
            var elevated = claims
            elevated.roles = ["platform_admin"]
            #expect(try await refused("\(parts[0]).\(base64URL(String(decoding: try JSONEncoder().encode(elevated), as: UTF8.self))).\(parts[2])"))
            #expect(try await refused("garbage"))
            // The genuine one still works.
            #expect(try await api.get("/api/v1/me", token: pair.accessToken).status == .ok)
        }
    }

    @Test func browserSessionsUseAHardenedCookieAndRequireCSRF() async throws {
        try await TestPlatform.withAuthApp { _, api in
            _ = try await api.signUp("gil@example.com")
            let response = try await api.post("/api/v1/auth/session", ["email": "gil@example.com", "password": AuthClient.password])
            #expect(response.status == .ok)
            let setCookie = try #require(response.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("Secure"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect(setCookie.contains("Max-Age=86400"))
            let cookieValue = try #require(setCookie.split(separator: ";").first.map(String.init))
            struct Session: Decodable { let csrf_token: String }
            let csrf = try AuthClient.decode(Session.self, response).csrf_token

            #expect(try await api.get("/api/v1/me", headers: [.cookie: cookieValue]).status == .ok)
            let body = ["name": "script", "scopes": ["read"]] as [String: Any]
            let forged = try await api.post("/api/v1/me/tokens", body, headers: [.cookie: cookieValue])
            #expect(forged.status == .forbidden)
            let wrong = try await api.post("/api/v1/me/tokens", body, headers: [.cookie: cookieValue, .init("X-CSRF-Token")!: "guess"])
            #expect(wrong.status == .forbidden)
            let allowed = try await api.post("/api/v1/me/tokens", body, headers: [.cookie: cookieValue, .init("X-CSRF-Token")!: csrf])
            #expect(allowed.status == .created)
            #expect(try await api.get("/api/v1/me", headers: [.cookie: "careerops_session=forged"]).status == .unauthorized)
        }
    }

    @Test func membersListAndRevokeTheirOwnSessionsOnly() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let first = try await api.signUp("hal@example.com")
            let second = try AuthClient.decode(TokenPair.self, try await api.login("hal@example.com"))
            struct Sessions: Decodable { struct S: Decodable { let id: UUID; let current: Bool; let revoked: Bool }; let items: [S] }
            let list = try AuthClient.decode(Sessions.self, try await api.get("/api/v1/me/sessions", token: second.accessToken))
            #expect(list.items.count == 2)
            let other = try #require(list.items.first { !$0.current })
            let mallory = try await api.signUp("mallory@example.com")
            let stolen = try await api.client.execute(uri: "/api/v1/me/sessions/\(other.id)", method: .delete, headers: [.authorization: "Bearer \(mallory.accessToken)"])
            #expect(stolen.status == .notFound)
            let revoked = try await api.client.execute(uri: "/api/v1/me/sessions/\(other.id)", method: .delete, headers: [.authorization: "Bearer \(second.accessToken)"])
            #expect(revoked.status == .noContent)
            #expect(try await api.post("/api/v1/auth/refresh", ["refresh_token": first.refreshToken]).status == .unauthorized)
        }
    }

    @Test func personalTokensAreScopedAndRevocable() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let pair = try await api.signUp("ivy@example.com")
            let created = try await api.post("/api/v1/me/tokens", ["name": "reporting script", "scopes": ["read"], "expires_in_days": 30],
                                             headers: [.authorization: "Bearer \(pair.accessToken)"])
            #expect(created.status == .created)
            struct Created: Decodable { struct D: Decodable { let id: UUID }; let token: String; let details: D }
            let token = try AuthClient.decode(Created.self, created)
            #expect(token.token.hasPrefix("cop_"))
            #expect(try await api.get("/api/v1/me", token: token.token).status == .ok)
            // Read-only: it may not write, nor mint another token.
            let write = try await api.post("/api/v1/me/tokens", ["name": "x", "scopes": ["read"]], headers: [.authorization: "Bearer \(token.token)"])
            #expect(write.status == .forbidden)
            let revoke = try await api.client.execute(uri: "/api/v1/me/tokens/\(token.details.id)", method: .delete, headers: [.authorization: "Bearer \(pair.accessToken)"])
            #expect(revoke.status == .noContent)
            #expect(try await api.get("/api/v1/me", token: token.token).status == .unauthorized)
        }
    }

    @Test func passwordResetWorksOnceAndEndsSessions() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            let pair = try await api.signUp("jo@example.com")
            #expect(try await api.post("/api/v1/auth/password/forgot", ["email": "jo@example.com"]).status == .accepted)
            #expect(try await api.post("/api/v1/auth/password/forgot", ["email": "nobody@example.com"]).status == .accepted)
            _ = try await Self.mail(platform, subject: "Reset")
            let mails = try await platform.outbox.recent()
            #expect(mails.filter { $0.subject.contains("Reset") }.map(\.to) == ["jo@example.com"])
            let token = try #require(Self.token(in: mails.first { $0.subject.contains("Reset") }!.body, path: "/auth/reset-password"))
            let newPassword = "an entirely new passphrase"
            #expect(try await api.post("/api/v1/auth/password/reset", ["token": token, "password": newPassword]).status == .noContent)
            #expect(try await api.post("/api/v1/auth/password/reset", ["token": token, "password": newPassword]).status == .unprocessableContent)
            #expect(try await api.login("jo@example.com").status == .unauthorized)
            #expect(try await api.login("jo@example.com", password: newPassword).status == .ok)
            #expect(try await api.post("/api/v1/auth/refresh", ["refresh_token": pair.refreshToken]).status == .unauthorized)
        }
    }

    @Test func emailVerificationTokensAreSingleUse() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            let pair = try await api.signUp("kim@example.com")
            let mail = try await Self.mail(platform, subject: "Confirm")
            #expect(mail.to == "kim@example.com")
            let token = try #require(Self.token(in: mail.body, path: "/auth/verify-email"))
            #expect(try await api.post("/api/v1/auth/verify-email", ["token": token]).status == .noContent)
            #expect(try await api.post("/api/v1/auth/verify-email", ["token": token]).status == .unprocessableContent)
            #expect(try AuthClient.decode(Me.self, try await api.get("/api/v1/me", token: pair.accessToken)).email_verified)
        }
    }

    @Test func theUsersEndpointAnswers404ForWhatIsNotYours() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            let alice = try await api.signUp("alice@example.com")
            let bob = try await api.signUp("bob@example.com")
            let coach = try await api.signUp("coach@example.com")
            let admin = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let bobID = try await TestPlatform.userID("bob@example.com", in: platform)
            let coachID = try await TestPlatform.userID("coach@example.com", in: platform)
            #expect(try await api.get("/api/v1/users/\(bobID)", token: bob.accessToken).status == .ok)
            #expect(try await api.get("/api/v1/users/\(bobID)", token: alice.accessToken).status == .notFound)
            #expect(try await api.get("/api/v1/users/\(UUID())", token: alice.accessToken).status == .notFound)
            #expect(try await api.get("/api/v1/users/\(bobID)", token: coach.accessToken).status == .notFound)
            #expect(try await api.get("/api/v1/users/\(bobID)").status == .unauthorized)
            let adminToken = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            _ = admin
            #expect(try await api.get("/api/v1/users/\(bobID)", token: adminToken).status == .ok)

            // Bob shares with a coach of his organization: now that coach sees him.
            try await Self.makeCoach(coachID, of: bobID, in: platform)
            let coachToken = try AuthClient.decode(TokenPair.self, try await api.login("coach@example.com")).accessToken
            #expect(try await api.get("/api/v1/users/\(bobID)", token: coachToken).status == .ok)
        }
    }

    @Test func adminRoutesAnswerOnlyToAdminsFromAllowedNetworks() async throws {
        try await TestPlatform.withLiveAuthApp { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let admin = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            let member = try await api.signUp("plain@example.com").accessToken
            #expect(try await api.get("/api/v1/admin/audit", token: admin).status == .ok)
            #expect(try await api.get("/api/v1/admin/audit", token: member).status == .notFound)
            let training = try await api.client.execute(uri: "/api/v1/admin/recommender/train", method: .post, headers: [.authorization: "Bearer \(admin)"])
            #expect(training.status == .ok && String(buffer: training.body).contains("\"interactions\":0"))
            #expect(try await api.client.execute(uri: "/api/v1/admin/recommender/train", method: .post, headers: [.authorization: "Bearer \(member)"]).status == .notFound)
            let plainID = try await TestPlatform.userID("plain@example.com", in: platform)
            let change = try await api.client.execute(uri: "/api/v1/admin/users/\(plainID)/role", method: .put,
                                                      headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                                                      body: AuthClient.json(["platform_role": "platform_admin"]))
            #expect(change.status == .noContent)
            let audit = try await platform.auth.auditEntries(actorID: nil, page: .init(limit: 50))
            #expect(audit.contains { $0.action == .roleChanged && $0.targetID == plainID && $0.address == "127.0.0.1" })
        }
        // From outside the allowed networks, even an admin finds nothing there.
        try await TestPlatform.withLiveAuthApp(extra: ["ADMIN_ALLOWED_CIDRS": "10.0.0.0/8"]) { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let admin = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            #expect(try await api.get("/api/v1/admin/audit", token: admin).status == .notFound)
        }
    }

    @Test func authRoutesAreRateLimitedPerAddress() async throws {
        // Per hour, so that a slow machine does not earn a fresh token between the attempts.
        try await TestPlatform.withAuthApp(extra: ["RATE_LIMIT_AUTH": "3/hour"]) { _, api in
            for _ in 0..<3 { #expect(try await api.login("x@example.com", password: "whatever it is").status == .unauthorized) }
            let limited = try await api.login("x@example.com", password: "whatever it is")
            #expect(limited.status == .tooManyRequests)
            #expect((1...1_200).contains(Int(limited.headers[.retryAfter] ?? "") ?? 0))
            #expect(try await api.get("/health/live").status == .ok)
        }
    }

    /// The newest mail whose subject holds `subject`, waiting for it (reset mail is sent after the answer).
    static func mail(_ platform: Platform, subject: String) async throws -> Mail {
        for _ in 0..<100 {
            if let mail = try await platform.outbox.recent().first(where: { $0.subject.contains(subject) }) { return mail }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DomainError.notFound("mail about \(subject)")
    }

    static func token(in body: String, path: String) -> String? {
        guard let range = body.range(of: path + "?token=") else { return nil }
        return String(body[range.upperBound...].prefix { !$0.isWhitespace })
    }

    static func makeCoach(_ coach: UUID, of member: UUID, in platform: Platform) async throws {
        let sql = platform.persistence.sql
        let organization = UUID()
        let now = Date()
        try await sql.insert(into: "organizations").columns("id", "name", "slug", "is_demo", "created_at", "updated_at")
            .values(SQLBind(organization), SQLBind("Team"), SQLBind("team-\(organization)"), SQLBind(false), SQLBind(now), SQLBind(now)).run()
        for (user, role) in [(coach, "coach"), (member, "member")] {
            try await sql.insert(into: "memberships").columns("id", "user_id", "organization_id", "role", "created_at", "updated_at")
                .values(SQLBind(UUID()), SQLBind(user), SQLBind(organization), SQLBind(role), SQLBind(now), SQLBind(now)).run()
        }
        try await sql.insert(into: "coach_shares").columns("id", "member_id", "coach_id", "created_at")
            .values(SQLBind(UUID()), SQLBind(member), SQLBind(coach), SQLBind(now)).run()
    }
}

struct ProblemBody: Decodable {
    let status: Int
    let detail: String?
    let errors: [String: String]?
    let request_id: String
}

func base64URL(_ text: String) -> String {
    Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
}

extension AuthTests {
    @Test func theLinksInMailOpenAFormAndSpendTheTokenOnlyOnSubmit() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            _ = try await api.signUp("mo@example.com")
            let mail = try await Self.mail(platform, subject: "Confirm")
            let token = try #require(Self.token(in: mail.body, path: "/auth/verify-email"))
            let page = try await api.get("/auth/verify-email?token=\(token)")
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("value=\"\(token)\""))
            // Opening the link twice does not spend it; submitting the form does.
            _ = try await api.get("/auth/verify-email?token=\(token)")
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            let confirm = try await api.client.execute(uri: "/auth/verify-email", method: .post, headers: [.contentType: form["Content-Type"]!],
                                                       body: ByteBuffer(string: "token=\(token)"))
            #expect(confirm.status == .ok)
            let again = try await api.client.execute(uri: "/auth/verify-email", method: .post, headers: [.contentType: form["Content-Type"]!],
                                                     body: ByteBuffer(string: "token=\(token)"))
            #expect(again.status == .unprocessableContent)
            // Markup in a forged link is escaped, never run.
            let hostile = try await api.get("/auth/reset-password?token=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
            #expect(!String(buffer: hostile.body).contains("<script>"))
        }
    }
}

extension AuthTests {
    @Test func graphQLMeAnswersTheCallerWithRolesAndOrganizations() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let pair = try await api.signUp("gql@example.com", name: "Graph Q")
            let query = ["query": "{ me { email name emailVerified roles organizations { id name role } } }"]
            let answer = try await api.post("/graphql", query, headers: [.authorization: "Bearer \(pair.accessToken)"])
            #expect(answer.status == .ok)
            let text = String(buffer: answer.body)
            #expect(text.contains("\"email\":\"gql@example.com\""))
            #expect(text.contains("\"roles\":[\"member\"]"))
            let anonymous = try await api.post("/graphql", query)
            #expect(String(buffer: anonymous.body).contains("\"me\":null"))
            let forged = try await api.post("/graphql", query, headers: [.authorization: "Bearer forged"])
            #expect(forged.status == .unauthorized)
        }
    }
}
