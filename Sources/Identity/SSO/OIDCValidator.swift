import Core
import Foundation
import JWTKit

/// Fetches and caches an issuer's metadata and signing keys, and checks ID tokens: signature
/// (with the issuer's published keys only), `iss`, `aud`, `exp`, `nonce`.
public actor OIDCValidator {
    struct Metadata: Decodable {
        let issuer: String
        let authorization_endpoint: String
        let token_endpoint: String
        let jwks_uri: String
    }

    struct Entry {
        let metadata: Metadata
        let keys: JWTKeyCollection
        let fetchedAt: Date
    }

    /// The claims of an ID token that matter here.
    struct IDClaims: JWTPayload {
        let iss: IssuerClaim
        let sub: SubjectClaim
        let aud: AudienceClaim
        let exp: ExpirationClaim
        let iat: IssuedAtClaim?
        let nonce: String?
        let email: String?
        let email_verified: BoolClaim?
        let name: String?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    private let http: any SSOHTTPClient
    private let clock: any WallClock
    private var cache: [String: Entry] = [:]
    static let lifetime: TimeInterval = 3_600

    public init(http: any SSOHTTPClient, clock: any WallClock) {
        self.http = http
        self.clock = clock
    }

    func metadata(issuer: String) async throws -> Metadata {
        try await entry(issuer: issuer, refresh: false).metadata
    }

    private func entry(issuer: String, refresh: Bool) async throws -> Entry {
        if !refresh, let entry = cache[issuer], clock.now().timeIntervalSince(entry.fetchedAt) < Self.lifetime { return entry }
        let base = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        let (status, body) = try await http.get(base + "/.well-known/openid-configuration", bearer: nil)
        guard status == 200, let metadata = try? JSONDecoder().decode(Metadata.self, from: body) else { throw SSOFailure.providerUnavailable }
        // The document must be the issuer's own (OpenID Connect Discovery §4.3).
        guard metadata.issuer == issuer, [metadata.authorization_endpoint, metadata.token_endpoint, metadata.jwks_uri].allSatisfy(SSOProvider.isAcceptableEndpoint) else {
            throw SSOFailure.providerUnavailable
        }
        let (keyStatus, keyBody) = try await http.get(metadata.jwks_uri, bearer: nil)
        guard keyStatus == 200, let jwks = try? JSONDecoder().decode(JWKS.self, from: keyBody) else { throw SSOFailure.providerUnavailable }
        let keys = JWTKeyCollection()
        _ = try await keys.add(jwks: jwks)
        let entry = Entry(metadata: metadata, keys: keys, fetchedAt: clock.now())
        cache[issuer] = entry
        return entry
    }

    /// Verifies an ID token for `clientID`; a key id the cached set lacks makes one refetch
    /// (the issuer rotated its keys).
    func validate(idToken: String, issuer: String, clientID: String, nonce: String) async throws -> IDClaims {
        var entry = try await entry(issuer: issuer, refresh: false)
        let claims: IDClaims
        do {
            claims = try await entry.keys.verify(idToken, as: IDClaims.self)
        } catch {
            entry = try await self.entry(issuer: issuer, refresh: true)
            do {
                claims = try await entry.keys.verify(idToken, as: IDClaims.self)
            } catch {
                throw SSOFailure.invalidIDToken("signature")
            }
        }
        let now = clock.now()
        guard claims.iss.value == entry.metadata.issuer else { throw SSOFailure.invalidIDToken("issuer") }
        guard claims.aud.value.contains(clientID) else { throw SSOFailure.invalidIDToken("audience") }
        guard claims.exp.value > now.addingTimeInterval(-60) else { throw SSOFailure.invalidIDToken("expired") }
        guard let tokenNonce = claims.nonce, tokenNonce == nonce else { throw SSOFailure.invalidIDToken("nonce") }
        return claims
    }
}

/// Why a single sign-on did not complete. The user sees a plain message; details go to the log.
public enum SSOFailure: Error, Equatable, CustomStringConvertible {
    case unknownProvider
    case stateMismatch
    case attemptExpired
    case providerRefused(String)
    case providerUnavailable
    case invalidIDToken(String)
    case noVerifiedEmail

    public var description: String {
        switch self {
        case .unknownProvider: "this sign-in provider is not configured"
        case .stateMismatch: "the sign-in answer does not match the sign-in that was started here"
        case .attemptExpired: "the sign-in took too long; start again"
        case .providerRefused(let reason): "the provider refused the sign-in (\(reason))"
        case .providerUnavailable: "the provider could not be reached or answered something unusable"
        case .invalidIDToken(let check): "the provider's identity token failed the \(check) check"
        case .noVerifiedEmail: "the provider did not vouch for an e-mail address"
        }
    }
}
