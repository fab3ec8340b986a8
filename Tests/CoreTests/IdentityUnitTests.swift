import Core
import Foundation
@testable import Identity
import JWTKit
import Testing

@Suite struct IdentityUnitTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func principal() -> Principal {
        Principal(userID: UUID(), platformRole: .member, memberships: [], credential: .accessToken(sessionID: nil))
    }

    @Test func passwordPolicyNamesWhatIsWrong() {
        let policy = PasswordPolicy(commonPasswords: ["correcthorse1"])
        #expect(throws: DomainError.invalid(field: "password", reason: "must be at least 10 characters")) { try policy.check("short") }
        #expect(throws: DomainError.self) { try policy.check("CorrectHorse1") }
        #expect(throws: DomainError.self) { try policy.check(String(repeating: "é", count: 40)) }
        #expect(throws: Never.self) { try policy.check("a perfectly long passphrase") }
    }

    @Test func validatesSignUpFields() throws {
        #expect(try AccountInput.email("  Ada@Example.COM ") == "ada@example.com", "spaces around are dropped")
        for bad in ["", "no-at-sign", "a@b", "a@.com", "two@@example.com", "a b@example.com"] {
            #expect(throws: DomainError.self) { try AccountInput.email(bad) }
        }
        #expect(throws: DomainError.invalid(field: "name", reason: "must not be empty")) { try AccountInput.name("   ") }
        // "@" then an emoji modifier is one Character to Swift; the address is still split at its "@".
        #expect(try AccountInput.email("a@\u{1F3FB}x.example") == "a@\u{1F3FB}x.example")
    }

    @Test func accessTokensCarryTheClaimsAndExpire() async throws {
        let key = TokenIssuer.SigningKey(id: "k1", key: ES256PrivateKey())
        let issuer = try await TokenIssuer.make(keys: [key], issuer: "https://careerops.test", audience: "careerops-api", clock: FixedClock(Self.now))
        let principal = Self.principal()
        let (token, expiresIn) = try await issuer.issue(for: principal, sessionID: nil)
        #expect(expiresIn == 900)
        let claims = try await issuer.verify(token)
        #expect(claims.sub.value == principal.userID.uuidString.lowercased())
        #expect(claims.roles == ["member"])
        let later = try await TokenIssuer.make(keys: [key], issuer: "https://careerops.test", audience: "careerops-api", clock: FixedClock(Self.now.addingTimeInterval(901)))
        await #expect(throws: DomainError.unauthenticated) { try await later.verify(token) }
    }

    @Test func rotationKeepsTheOldKeyValidAndSignsWithTheNew() async throws {
        let old = TokenIssuer.SigningKey(id: "old", key: ES256PrivateKey())
        let new = TokenIssuer.SigningKey(id: "new", key: ES256PrivateKey())
        let before = try await TokenIssuer.make(keys: [old], issuer: "i", audience: "a", clock: FixedClock(Self.now))
        let after = try await TokenIssuer.make(keys: [old, new], issuer: "i", audience: "a", clock: FixedClock(Self.now))
        let (oldToken, _) = try await before.issue(for: Self.principal(), sessionID: nil)
        _ = try await after.verify(oldToken)
        let (newToken, _) = try await after.issue(for: Self.principal(), sessionID: nil)
        let header = try JSONDecoder().decode([String: String].self, from: Data(base64URL: String(newToken.split(separator: ".")[0]))!)
        #expect(header["kid"] == "new")
        #expect(after.jwks.keys.compactMap { $0.keyIdentifier?.string } == ["old", "new"])
        let retired = try await TokenIssuer.make(keys: [new], issuer: "i", audience: "a", clock: FixedClock(Self.now))
        await #expect(throws: DomainError.unauthenticated) { try await retired.verify(oldToken) }
    }

    @Test func lockoutGrowsAndIsCapped() {
        #expect(AuthService.lockout(afterFailures: 5, threshold: 5) == 30)
        #expect(AuthService.lockout(afterFailures: 6, threshold: 5) == 60)
        #expect(AuthService.lockout(afterFailures: 50, threshold: 5) == 900)
    }

    @Test func cidrMatchesIPv4AndIPv6() throws {
        let v4 = try #require(CIDR("10.1.0.0/16"))
        #expect(v4.contains("10.1.200.3"))
        #expect(!v4.contains("10.2.0.1"))
        #expect(v4.contains("::ffff:10.1.0.9"))
        let v6 = try #require(CIDR("fd00::/8"))
        #expect(v6.contains("fd12:3456::1"))
        #expect(!v6.contains("fe80::1"))
        #expect(CIDR.loopback.contains { $0.contains("127.0.0.1") })
        #expect(CIDR.loopback.contains { $0.contains("::1") })
        #expect(CIDR("300.0.0.0/8") == nil)
        #expect(CIDR("10.0.0.0/40") == nil)
    }

    @Test func tokenBucketsRefillOverTime() async {
        let store = MemoryRateLimitStore()
        let limit = RateLimit(capacity: 2, perSecond: 1)
        #expect(await store.take("k", limit: limit, now: Self.now) == .allowed)
        #expect(await store.take("k", limit: limit, now: Self.now) == .allowed)
        #expect(await store.take("k", limit: limit, now: Self.now) == .limited(retryAfter: 1))
        #expect(await store.take("other", limit: limit, now: Self.now) == .allowed)
        #expect(await store.take("k", limit: limit, now: Self.now.addingTimeInterval(1.5)) == .allowed)
        #expect(RateLimit.parse("30/min") == RateLimit(capacity: 30, perSecond: 0.5))
        #expect(RateLimit.parse("many") == nil)
    }
}

extension Data {
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}
