import Foundation

/// A configured sign-in provider: an OpenID Connect issuer (Google, LinkedIn, any other) or
/// GitHub's OAuth 2.0 with its user and e-mail API.
public struct SSOProvider: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// OpenID Connect: metadata from `issuer/.well-known/openid-configuration`.
        case oidc(issuer: String)
        /// GitHub: the web base (authorize, token) and the API base (user, e-mails).
        case github(web: String, api: String)
    }

    /// The path segment: `google`, `github`, `linkedin`, or a configured name.
    public let id: String
    public let displayName: String
    public let kind: Kind
    public let clientID: String
    public let clientSecret: String

    public init(id: String, displayName: String, kind: Kind, clientID: String, clientSecret: String) {
        self.id = id
        self.displayName = displayName
        self.kind = kind
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    public static let googleIssuer = "https://accounts.google.com"
    public static let linkedInIssuer = "https://www.linkedin.com/oauth"
    public static let gitHubWeb = "https://github.com"
    public static let gitHubAPI = "https://api.github.com"

    var scopes: String {
        switch kind {
        case .oidc: "openid email profile"
        case .github: "read:user user:email"
        }
    }

    /// Issuers and endpoints must use TLS; plain http is accepted for loopback only (tests,
    /// a provider on the same machine).
    public static func isAcceptableEndpoint(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let host = components.host else { return false }
        if components.scheme == "https" { return true }
        return components.scheme == "http" && ["127.0.0.1", "localhost", "::1"].contains(host)
    }
}

/// What the provider vouches for about the person.
public struct ExternalIdentity: Sendable, Equatable {
    public let provider: String
    public let subject: String
    public let email: String?
    public let emailVerified: Bool
    public let name: String?

    public init(provider: String, subject: String, email: String?, emailVerified: Bool, name: String?) {
        self.provider = provider
        self.subject = subject
        self.email = email
        self.emailVerified = emailVerified
        self.name = name
    }
}

/// The secrets of one sign-in attempt, kept in a sealed, short-lived cookie between start and
/// callback: `state` against forged callbacks, `nonce` against replayed ID tokens, the PKCE
/// verifier against stolen codes.
public struct SSOAttempt: Codable, Sendable, Equatable {
    public let provider: String
    public let state: String
    public let nonce: String
    public let verifier: String
    public let startedAt: Date
}

/// Outbound HTTP for SSO (discovery, keys, code exchange, GitHub's API); App implements it.
public protocol SSOHTTPClient: Sendable {
    func get(_ url: String, bearer: String?) async throws -> (status: Int, body: Data)
    func postForm(_ url: String, _ form: [(String, String)]) async throws -> (status: Int, body: Data)
}

/// SSO links: which account a provider's subject belongs to.
public protocol IdentityLinkStore: Sendable {
    func user(provider: String, subject: String) async throws -> UUID?
    func link(provider: String, subject: String, to userID: UUID, at: Date) async throws
    func links(of userID: UUID) async throws -> [String]
}
