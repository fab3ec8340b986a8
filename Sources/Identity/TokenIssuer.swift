import Core
import Crypto
import Foundation
import JWTKit

/// Signs and verifies access tokens: JWTs signed ES256 under a key id, 15 minutes long, carrying
/// subject, issuer, audience, roles and organization. Every configured key verifies and is
/// published in the JWKS; the newest signs. Rotation is adding a key and, once tokens signed by
/// the old one have expired, removing it.
public struct TokenIssuer: Sendable {
    public struct SigningKey: Sendable {
        public let id: String
        public let key: ES256PrivateKey
        public init(id: String, key: ES256PrivateKey) {
            self.id = id
            self.key = key
        }
    }

    public static let lifetime: TimeInterval = 15 * 60
    let keys: JWTKeyCollection
    let signingKeyID: String
    public let jwks: JWKS
    public let issuer: String
    public let audience: String
    let clock: any WallClock

    public static func make(keys signingKeys: [SigningKey], issuer: String, audience: String, clock: any WallClock) async throws -> TokenIssuer {
        guard let newest = signingKeys.last else { throw DomainError.invalid(field: "CAREEROPS_JWT_KEYS", reason: "no signing key") }
        let collection = JWTKeyCollection()
        var published: [JWK] = []
        for signingKey in signingKeys {
            await collection.add(ecdsa: signingKey.key, kid: JWKIdentifier(string: signingKey.id))
            guard let parameters = signingKey.key.publicKey.parameters else { continue }
            published.append(.ecdsa(.es256, identifier: JWKIdentifier(string: signingKey.id), x: parameters.x, y: parameters.y, curve: .p256))
        }
        return TokenIssuer(keys: collection, signingKeyID: newest.id, jwks: JWKS(keys: published), issuer: issuer, audience: audience, clock: clock)
    }

    /// The claims of an access token.
    public struct Claims: JWTPayload, Equatable {
        public var sub: SubjectClaim
        public var iss: IssuerClaim
        public var aud: AudienceClaim
        public var exp: ExpirationClaim
        public var iat: IssuedAtClaim
        public var sid: String?
        public var roles: [String]
        public var org: String?

        public func verify(using algorithm: some JWTAlgorithm) async throws {
            // Expiry, issuer and audience are checked by `TokenIssuer.verify` against its clock.
        }
    }

    public func issue(for principal: Principal, sessionID: UUID?) async throws -> (token: String, expiresIn: Int) {
        let now = clock.now()
        let claims = Claims(
            sub: .init(value: principal.userID.uuidString.lowercased()),
            iss: .init(value: issuer),
            aud: .init(value: [audience]),
            exp: .init(value: now.addingTimeInterval(Self.lifetime)),
            iat: .init(value: now),
            sid: sessionID?.uuidString.lowercased(),
            roles: principal.roles,
            org: principal.memberships.first?.organizationID.uuidString.lowercased()
        )
        let token = try await keys.sign(claims, kid: JWKIdentifier(string: signingKeyID))
        return (token, Int(Self.lifetime))
    }

    /// Verifies signature (by `kid`, with the algorithm of that key only), expiry, issuer and
    /// audience. Any failure is `DomainError.unauthenticated`: the caller learns nothing more.
    public func verify(_ token: String) async throws(DomainError) -> Claims {
        let claims: Claims
        do {
            claims = try await keys.verify(token, as: Claims.self)
        } catch {
            throw .unauthenticated
        }
        let now = clock.now()
        guard claims.exp.value > now, claims.iat.value <= now.addingTimeInterval(60),
              claims.iss.value == issuer, claims.aud.value.contains(audience),
              UUID(uuidString: claims.sub.value) != nil
        else { throw .unauthenticated }
        return claims
    }

    /// Reads a key list `kid:base64url(raw P-256 private key)`, oldest first.
    public static func parseKeyList(_ text: String) throws(DomainError) -> [SigningKey] {
        var keys: [SigningKey] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let key = try? ES256PrivateKey(key: parts[1]) else {
                throw .invalid(field: "CAREEROPS_JWT_KEYS", reason: "each entry must read kid:base64url(raw P-256 private key)")
            }
            keys.append(SigningKey(id: parts[0], key: key))
        }
        guard !keys.isEmpty else { throw .invalid(field: "CAREEROPS_JWT_KEYS", reason: "no key given") }
        return keys
    }

    /// A fresh signing key in the form `parseKeyList` reads, for development keys.
    public static func generateKey() -> String {
        SecretToken.base64URL(P256.Signing.PrivateKey().rawRepresentation)
    }
}
