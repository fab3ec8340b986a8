import Core
import Crypto
import Foundation

/// Single sign-on by OAuth 2.0 authorization code with PKCE, `state` and `nonce`. `start` gives
/// the provider URL and the attempt to keep (sealed) in the browser; `finish` checks the
/// callback against it, exchanges the code, validates the identity and signs the person in.
/// A provider's identity joins an existing account only through an e-mail address the provider
/// has verified.
public struct SSOService: Sendable {
    public static let attemptLifetime: TimeInterval = 600
    let providers: [String: SSOProvider]
    let http: any SSOHTTPClient
    let validator: OIDCValidator
    let links: any IdentityLinkStore
    let auth: AuthService
    let clock: any WallClock
    let ids: any IdentifierSource
    let publicURL: String

    public init(providers: [SSOProvider], http: any SSOHTTPClient, links: any IdentityLinkStore, auth: AuthService, clock: any WallClock, ids: any IdentifierSource = RandomIdentifiers(), publicURL: String) {
        self.providers = Dictionary(providers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.http = http
        self.validator = OIDCValidator(http: http, clock: clock)
        self.links = links
        self.auth = auth
        self.clock = clock
        self.ids = ids
        self.publicURL = publicURL
    }

    /// The configured providers, for sign-in pages.
    public var available: [SSOProvider] { providers.values.sorted { $0.id < $1.id } }

    /// The providers an account is linked to (by id; a provider no longer configured keeps its id).
    public func connected(_ userID: UUID) async throws -> [(id: String, name: String)] {
        try await links.links(of: userID).sorted().map { id in (id, providers[id]?.displayName ?? id) }
    }

    func redirectURI(_ provider: SSOProvider) -> String { "\(publicURL)/auth/sso/\(provider.id)/callback" }

    public func start(provider id: String) async throws -> (url: String, attempt: SSOAttempt) {
        guard let provider = providers[id] else { throw SSOFailure.unknownProvider }
        let attempt = SSOAttempt(provider: id, state: SecretToken.generate(), nonce: SecretToken.generate(), verifier: SecretToken.generate(), startedAt: clock.now())
        let authorize: String = switch provider.kind {
        case .oidc(let issuer): try await validator.metadata(issuer: issuer).authorization_endpoint
        case .github(let web, _): web + "/login/oauth/authorize"
        }
        var components = URLComponents(string: authorize)!
        components.queryItems = (components.queryItems ?? []) + [
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "client_id", value: provider.clientID),
            URLQueryItem(name: "redirect_uri", value: redirectURI(provider)),
            URLQueryItem(name: "scope", value: provider.scopes),
            URLQueryItem(name: "state", value: attempt.state),
            URLQueryItem(name: "nonce", value: attempt.nonce),
            URLQueryItem(name: "code_challenge", value: Self.challenge(for: attempt.verifier)),
            URLQueryItem(name: "code_challenge_method", value: "S256"),
        ]
        // `+` in a query value means a space to form decoders; encode it.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return (components.string!, attempt)
    }

    /// Completes a sign-in; answers the account and a browser session for it.
    public func finish(provider id: String, code: String?, state: String?, error: String?, attempt: SSOAttempt?, origin: RequestOrigin) async throws -> WebSession {
        guard let provider = providers[id] else { throw SSOFailure.unknownProvider }
        guard let attempt, attempt.provider == id, let state, Self.constantTimeEqual(state, attempt.state) else { throw SSOFailure.stateMismatch }
        guard clock.now().timeIntervalSince(attempt.startedAt) < Self.attemptLifetime else { throw SSOFailure.attemptExpired }
        if let error { throw SSOFailure.providerRefused(String(error.prefix(100))) }
        guard let code, !code.isEmpty else { throw SSOFailure.providerRefused("no code") }
        let identity: ExternalIdentity = switch provider.kind {
        case .oidc(let issuer): try await oidcIdentity(provider, issuer: issuer, code: code, attempt: attempt)
        case .github(let web, let api): try await gitHubIdentity(provider, web: web, api: api, code: code, attempt: attempt)
        }
        let account = try await account(for: identity, origin: origin)
        let (session, token) = try await auth.openSession(for: account, kind: .web, origin: origin)
        return WebSession(session: session, cookieToken: token)
    }

    // MARK: Code exchange

    struct TokenResponse: Decodable {
        let access_token: String?
        let id_token: String?
        let error: String?
    }

    private func exchange(_ provider: SSOProvider, endpoint: String, code: String, attempt: SSOAttempt) async throws -> TokenResponse {
        let (status, body) = try await http.postForm(endpoint, [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI(provider)),
            ("client_id", provider.clientID), ("client_secret", provider.clientSecret), ("code_verifier", attempt.verifier),
        ])
        guard let response = try? JSONDecoder().decode(TokenResponse.self, from: body) else { throw SSOFailure.providerUnavailable }
        guard status == 200, response.error == nil else { throw SSOFailure.providerRefused(response.error ?? "status \(status)") }
        return response
    }

    private func oidcIdentity(_ provider: SSOProvider, issuer: String, code: String, attempt: SSOAttempt) async throws -> ExternalIdentity {
        let metadata = try await validator.metadata(issuer: issuer)
        let response = try await exchange(provider, endpoint: metadata.token_endpoint, code: code, attempt: attempt)
        guard let idToken = response.id_token else { throw SSOFailure.invalidIDToken("presence") }
        let claims = try await validator.validate(idToken: idToken, issuer: issuer, clientID: provider.clientID, nonce: attempt.nonce)
        return ExternalIdentity(provider: provider.id, subject: claims.sub.value, email: claims.email,
                                emailVerified: claims.email_verified?.value ?? false, name: claims.name)
    }

    private func gitHubIdentity(_ provider: SSOProvider, web: String, api: String, code: String, attempt: SSOAttempt) async throws -> ExternalIdentity {
        let response = try await exchange(provider, endpoint: web + "/login/oauth/access_token", code: code, attempt: attempt)
        guard let token = response.access_token else { throw SSOFailure.providerRefused("no access token") }
        struct User: Decodable { let id: Int; let login: String; let name: String? }
        struct Email: Decodable { let email: String; let primary: Bool; let verified: Bool }
        let (userStatus, userBody) = try await http.get(api + "/user", bearer: token)
        let (emailStatus, emailBody) = try await http.get(api + "/user/emails", bearer: token)
        guard userStatus == 200, emailStatus == 200, let user = try? JSONDecoder().decode(User.self, from: userBody),
              let emails = try? JSONDecoder().decode([Email].self, from: emailBody)
        else { throw SSOFailure.providerUnavailable }
        let verified = emails.filter(\.verified)
        let email = verified.first(where: \.primary) ?? verified.first
        return ExternalIdentity(provider: provider.id, subject: String(user.id), email: email?.email, emailVerified: email != nil, name: user.name ?? user.login)
    }

    // MARK: Accounts

    /// The account an identity signs in to: the linked one; else the account with the same
    /// verified address (now linked; one whose address was never verified is taken over, its
    /// password removed); else a new account.
    func account(for identity: ExternalIdentity, origin: RequestOrigin) async throws -> Account {
        let now = clock.now()
        if let userID = try await links.user(provider: identity.provider, subject: identity.subject) {
            guard let account = try await auth.account(id: userID), account.status == .active else { throw DomainError.unauthenticated }
            return account
        }
        guard let rawEmail = identity.email, identity.emailVerified, let email = try? AccountInput.email(rawEmail) else {
            throw SSOFailure.noVerifiedEmail
        }
        var account = try await auth.accounts.account(email: email)
        if account == nil {
            let id = ids.next()
            let name = (try? AccountInput.name(identity.name ?? "")) ?? String(email.prefix { $0 != "@" })
            try await auth.accounts.create(NewAccount(id: id, email: email, name: name, passwordHash: nil, platformRole: .member, emailVerified: true, isDemo: false), at: now)
            try await auth.audit.record(AuditEntry(actorID: id, action: .signUp, targetType: "user", targetID: id, address: origin.address,
                                                   requestID: origin.requestID, details: "via \(identity.provider)", at: now))
            await auth.events?.publish(DomainEvent(name: "signed_up", subjectID: id, occurredAt: now))
            account = try await auth.accounts.account(id: id)
        }
        guard let account, account.status == .active else { throw DomainError.unauthenticated }
        if !account.isEmailVerified {
            // Whoever made this account never proved the address; the provider has just shown
            // that this person owns it. They take it over: the password someone else may have
            // chosen (to wait for the owner, a pre-account takeover) goes, with every session
            // and token opened with it.
            try await auth.accounts.setPassword(of: account.id, hash: nil, at: now)
            try await auth.endAllSessions(of: account.id, at: now)
            try await auth.accounts.markEmailVerified(account.id, at: now)
            try await auth.audit.record(AuditEntry(actorID: account.id, action: .ssoLinked, targetType: "user", targetID: account.id,
                                                   address: origin.address, requestID: origin.requestID,
                                                   details: "unverified account taken over by the verified owner via \(identity.provider); password removed", at: now))
        }
        try await links.link(provider: identity.provider, subject: identity.subject, to: account.id, at: now)
        try await auth.audit.record(AuditEntry(actorID: account.id, action: .ssoLinked, targetType: "user", targetID: account.id,
                                               address: origin.address, requestID: origin.requestID, details: "provider=\(identity.provider)", at: now))
        return account
    }

    static func challenge(for verifier: String) -> String {
        SecretToken.base64URL(Data(SHA256.hash(data: Data(verifier.utf8))))
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
