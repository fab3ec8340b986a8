@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import SQLKit
@testable import Storage
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
            let mail = try await AuthTests.mail(platform, subject: "Reset")
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

extension CredentialAttackTests {
    /// An idempotent POST's answer is kept a day for replay; a new personal token's secret was
    /// kept in the clear, for anyone reading the database or a backup.
    @Test func answersKeptForReplayAreSealed() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            let pair = try await api.signUp("replay@example.com")
            // The same bytes twice (a dictionary's keys may serialize in another order each time).
            let headers: HTTPFields = [.authorization: "Bearer \(pair.accessToken)", .init("Idempotency-Key")!: "token-1", .contentType: "application/json"]
            func create() async throws -> TestResponse {
                try await api.client.execute(uri: "/api/v1/me/tokens", method: .post, headers: headers, body: ByteBuffer(string: #"{"name":"script","scopes":["read"]}"#))
            }
            let first = try await create()
            let secret = try #require(try JSONValue(Data(buffer: first.body))["token"].string)
            struct Row: Decodable { let body: Data? }
            let stored = try #require(try await platform.persistence.sql.raw("SELECT body FROM idempotency_keys").first(decoding: Row.self)?.body)
            #expect(!String(decoding: stored, as: UTF8.self).contains(secret), "the secret is stored in the clear")
            #expect(!stored.isEmpty)
            let again = try await create()
            #expect(again.headers[.init("Idempotent-Replayed")!] == "true", "\(first.status) \(again.status) \(String(buffer: again.body))")
            #expect(try JSONValue(Data(buffer: again.body))["token"].string == secret)
            // A key of control characters is refused whoever sends it.
            let anonymous = try await api.post("/api/v1/auth/password/forgot", ["email": "x@example.com"], headers: [.init("Idempotency-Key")!: "a\u{7}b"])
            #expect(anonymous.status == .unprocessableContent)
        }
    }
}

extension CredentialAttackTests {
    /// The reset request for an address with an account waited for the mail server; for one
    /// without, it did not: the delay said whether the account existed. Against a mail server
    /// that never answers, both answer at once.
    @Test func aResetRequestAnswersAtOnceWhateverTheAddress() async throws {
        let silent = Process()
        silent.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        silent.arguments = ["python3", "-c", "import socket,time; s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(8); print(s.getsockname()[1], flush=True); time.sleep(8)"]
        let output = Pipe()
        silent.standardOutput = output
        try silent.run()
        defer { silent.terminate() }
        let port = try #require(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).split(separator: "\n").first.flatMap { Int($0) })
        try await TestPlatform.withAuthApp(extra: ["SMTP_URL": "smtp://user:secret@127.0.0.1:\(port)"]) { _, api in
            _ = try await api.post("/api/v1/auth/signup", ["email": "known@example.com", "password": AuthClient.password, "name": "Known"])
            for address in ["known@example.com", "unknown@example.com"] {
                let started = ContinuousClock.now
                #expect(try await api.post("/api/v1/auth/password/forgot", ["email": address]).status == .accepted)
                #expect(ContinuousClock.now - started < .seconds(5), "\(address) waited for the mail server")
            }
        }
    }
}
