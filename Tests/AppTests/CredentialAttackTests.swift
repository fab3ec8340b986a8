@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Testing

/// The outside review's attacks on credentials (parallel guesses, tokens that outlive a password
/// change or a sign-out), each performed as an attacker would: every one succeeded before its fix.
@Suite struct CredentialAttackTests {
    /// Twenty guesses sent at once were all checked: the lockout read the count, checked the
    /// password (slow), then wrote the count. Now each guess is counted before it is checked.
    @Test func parallelGuessesAreCountedLikeSequentialOnes() async throws {
        try await TestPlatform.withAuthApp { _, api in
            _ = try await api.signUp("target@example.com")
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<20 {
                    group.addTask { try await api.login("target@example.com", password: "guess number \(index) of many").status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count <= 5, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count >= 15)
        }
    }

    /// A personal token, a refresh token and an access token made with the old password all
    /// kept working after the password was changed.
    @Test func changingThePasswordEndsEveryCredential() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let pair = try await api.signUp("owner@example.com")
            let other = try AuthClient.decode(TokenPair.self, try await api.login("owner@example.com"))
            let (status, created) = try await api.call(.post, "/api/v1/me/tokens", ["name": "script", "scopes": ["read"]], token: pair.accessToken)
            #expect(status == .created)
            let personal = try #require(created["token"].string)
            #expect(created["details"]["expires_at"].string != nil, "a personal token expires by default")
            #expect(try await api.get("/api/v1/me", token: personal).status == .ok)

            let (changed, _) = try await api.call(.post, "/api/v1/auth/password/change",
                                                  ["current_password": AuthClient.password, "new_password": "a brand new passphrase"], token: pair.accessToken)
            #expect(changed == .noContent)
            #expect(try await api.get("/api/v1/me", token: personal).status == .unauthorized)
            #expect(try await api.get("/api/v1/me", token: other.accessToken).status == .unauthorized)
            #expect(try await api.get("/api/v1/me", token: pair.accessToken).status == .unauthorized)
            #expect(try await api.post("/api/v1/auth/refresh", ["refresh_token": other.refreshToken]).status == .unauthorized)
            #expect(try await api.login("owner@example.com", password: "a brand new passphrase").status == .ok)
        }
    }

    /// Signing out and resetting the password stop the session's access tokens at once, not
    /// when they expire 15 minutes later.
    @Test func signingOutAndResettingStopAccessTokensAtOnce() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            let pair = try await api.signUp("leaver@example.com")
            _ = try await api.call(.post, "/api/v1/auth/logout", token: pair.accessToken)
            #expect(try await api.get("/api/v1/me", token: pair.accessToken).status == .unauthorized)

            let again = try AuthClient.decode(TokenPair.self, try await api.login("leaver@example.com"))
            let (_, created) = try await api.call(.post, "/api/v1/me/tokens", ["name": "script", "scopes": ["read"]], token: again.accessToken)
            let personal = try #require(created["token"].string)
            #expect(try await api.post("/api/v1/auth/password/forgot", ["email": "leaver@example.com"]).status == .accepted)
            let mail = try #require(try await platform.outbox.recent().first { $0.subject.contains("Reset") })
            let token = try #require(AuthTests.token(in: mail.body, path: "/auth/reset-password"))
            #expect(try await api.post("/api/v1/auth/password/reset", ["token": token, "password": "yet another passphrase"]).status == .noContent)
            #expect(try await api.get("/api/v1/me", token: again.accessToken).status == .unauthorized)
            #expect(try await api.get("/api/v1/me", token: personal).status == .unauthorized)
        }
    }

    @Test func personalTokensLiveAtMostAYear() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let pair = try await api.signUp("tokens@example.com")
            let (tooLong, body) = try await api.call(.post, "/api/v1/me/tokens", ["name": "forever", "scopes": ["read"], "expires_in_days": 3_650], token: pair.accessToken)
            #expect(tooLong == .unprocessableContent)
            #expect(body["errors"]["expires_in_days"].string != nil)
        }
    }
}
