import Core
import Foundation

/// Where a request came from, for sessions and the audit log.
public struct RequestOrigin: Sendable, Equatable {
    public let address: String?
    public let userAgent: String?
    public let requestID: String?

    public init(address: String?, userAgent: String?, requestID: String?) {
        self.address = address
        self.userAgent = userAgent
        self.requestID = requestID
    }
}

/// The answer to a sign-in through the API: RFC 6749's token response.
public struct TokenPair: Sendable, Codable, Equatable {
    public let accessToken: String
    public let refreshToken: String
    public let tokenType: String
    public let expiresIn: Int

    public init(accessToken: String, refreshToken: String, tokenType: String, expiresIn: Int) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }
}

/// A browser sign-in: the session and the secret its cookie carries.
public struct WebSession: Sendable, Equatable {
    /// The name of the cookie that carries a browser session's token.
    public static let cookieName = "careerops_session"

    public let session: SessionRecord
    public let cookieToken: String
}

/// Local accounts: sign-up, sign-in (API tokens or browser sessions), refresh with rotation and
/// replay detection, sign-out. Every outcome that matters for security is audited.
public struct AuthService: Sendable {
    public struct Settings: Sendable {
        public var publicURL: String
        public var refreshLifetime: TimeInterval = 30 * 86_400
        public var sessionLifetime: TimeInterval = 24 * 3_600
        public var verificationLifetime: TimeInterval = 48 * 3_600
        public var resetLifetime: TimeInterval = 3_600
        public var failuresBeforeLockout = 5

        public init(publicURL: String) { self.publicURL = publicURL }
    }

    let accounts: any AccountStore
    let sessions: any SessionStore
    let refreshTokens: any RefreshTokenStore
    let throttle: any LoginThrottleStore
    let oneTimeTokens: any OneTimeTokenStore
    let audit: any AuditLog
    let personalTokens: any PersonalTokenStore
    let mailer: any Mailer
    let hasher: any PasswordHasher
    let policy: PasswordPolicy
    public let issuer: TokenIssuer
    let clock: any WallClock
    let ids: any IdentifierSource
    let settings: Settings
    /// A hash no password matches, verified when the address is unknown so that the time taken
    /// does not tell whether an account exists.
    let decoyHash: String
    /// Where sign-ups and sign-ins are published (Analytics); nowhere when nil.
    let events: (any EventSink)?
    /// What is done after the answer (password-reset mail), so that its timing tells nothing.
    let deferred: DeferredWork

    public init(
        accounts: any AccountStore, sessions: any SessionStore, refreshTokens: any RefreshTokenStore,
        throttle: any LoginThrottleStore, oneTimeTokens: any OneTimeTokenStore, audit: any AuditLog,
        personalTokens: any PersonalTokenStore, mailer: any Mailer, hasher: any PasswordHasher, policy: PasswordPolicy, issuer: TokenIssuer,
        clock: any WallClock, ids: any IdentifierSource = RandomIdentifiers(), settings: Settings, decoyHash: String, events: (any EventSink)? = nil, deferred: DeferredWork = DeferredWork()
    ) {
        self.events = events
        self.deferred = deferred
        self.accounts = accounts
        self.sessions = sessions
        self.refreshTokens = refreshTokens
        self.throttle = throttle
        self.oneTimeTokens = oneTimeTokens
        self.audit = audit
        self.personalTokens = personalTokens
        self.mailer = mailer
        self.hasher = hasher
        self.policy = policy
        self.issuer = issuer
        self.clock = clock
        self.ids = ids
        self.settings = settings
        self.decoyHash = decoyHash
    }

    // MARK: Sign-up

    public func signUp(email rawEmail: String, password: String, name rawName: String, origin: RequestOrigin) async throws -> Account {
        let email = try AccountInput.email(rawEmail)
        let name = try AccountInput.name(rawName)
        try policy.check(password)
        let now = clock.now()
        let id = ids.next()
        try await accounts.create(
            NewAccount(id: id, email: email, name: name, passwordHash: try await hasher.hash(password), platformRole: .member, emailVerified: false, isDemo: false),
            at: now
        )
        try await audit.record(AuditEntry(actorID: id, action: .signUp, targetType: "user", targetID: id, address: origin.address, requestID: origin.requestID, at: now))
        await events?.publish(DomainEvent(name: "signed_up", subjectID: id, occurredAt: now))
        // Mailed after the answer: a slow mail server holds up nobody's sign-up.
        deferred.enqueue { [self] in try await sendVerification(to: id, email: email) }
        guard let account = try await accounts.account(id: id) else { throw DomainError.notFound("account") }
        return account
    }

    // MARK: Sign-in

    /// Checks the password with throttling: each attempt is counted before the password is
    /// checked; from the fifth failure in a row an address is locked for a growing time (and
    /// while an attempt that would reach it runs). Unknown addresses cost the same and answer the same.
    func authenticate(email rawEmail: String, password: String, origin: RequestOrigin) async throws -> Account {
        let email = NewAccount.normalize(email: rawEmail)
        let now = clock.now()
        let threshold = settings.failuresBeforeLockout
        let attempts: Int
        switch try await throttle.claimAttempt(for: email, at: now, lockout: { attempts in
            attempts < threshold ? nil : now.addingTimeInterval(Self.lockout(afterFailures: attempts, threshold: threshold))
        }) {
        case .locked(let until):
            throw AuthFailure.throttled(retryAfter: max(1, Int(until.timeIntervalSince(now).rounded(.up))))
        case .allowed(let count):
            attempts = count
        }
        let account = try await accounts.account(email: email)
        let matches = try await hasher.verify(password, against: account?.passwordHash ?? decoyHash)
        guard let account, matches, account.status == .active else {
            try await audit.record(AuditEntry(actorID: account?.id, action: .signInFailed, targetType: "user", targetID: account?.id,
                                              address: origin.address, requestID: origin.requestID, details: "failures=\(attempts)", at: now))
            throw DomainError.unauthenticated
        }
        try await throttle.reset(email)
        return account
    }

    /// 30 s after the fifth failure, doubling with each further one, at most 15 minutes.
    static func lockout(afterFailures failures: Int, threshold: Int) -> TimeInterval {
        min(900, 30 * pow(2, Double(max(0, failures - threshold))))
    }

    public func signIn(email: String, password: String, origin: RequestOrigin) async throws -> TokenPair {
        let account = try await authenticate(email: email, password: password, origin: origin)
        let (session, _) = try await openSession(for: account, kind: .api, origin: origin)
        return try await issueTokens(for: account, session: session, familyID: ids.next())
    }

    public func signInToBrowser(email: String, password: String, origin: RequestOrigin) async throws -> WebSession {
        let account = try await authenticate(email: email, password: password, origin: origin)
        let (session, token) = try await openSession(for: account, kind: .web, origin: origin)
        return WebSession(session: session, cookieToken: token)
    }

    /// Opens a session for an account authenticated some way (password or SSO).
    public func openSession(for account: Account, kind: SessionRecord.Kind, origin: RequestOrigin) async throws -> (SessionRecord, String) {
        let now = clock.now()
        let token = SecretToken.generate()
        let session = SessionRecord(
            id: ids.next(), userID: account.id, kind: kind, userAgent: origin.userAgent.map { String($0.prefix(300)) }, address: origin.address,
            createdAt: now, lastSeenAt: now,
            expiresAt: now.addingTimeInterval(kind == .web ? settings.sessionLifetime : settings.refreshLifetime), revokedAt: nil
        )
        try await sessions.create(session, tokenHash: SecretToken.hash(token))
        try await audit.record(AuditEntry(actorID: account.id, action: .signIn, targetType: "session", targetID: session.id,
                                          address: origin.address, requestID: origin.requestID, details: "kind=\(kind.rawValue)", at: now))
        await events?.publish(DomainEvent(name: "signed_in", subjectID: account.id, occurredAt: now))
        return (session, token)
    }

    private func issueTokens(for account: Account, session: SessionRecord, familyID: UUID) async throws -> TokenPair {
        let principal = Principal(userID: account.id, platformRole: account.platformRole,
                                  memberships: try await accounts.memberships(of: account.id), credential: .accessToken(sessionID: session.id))
        let (access, expiresIn) = try await issuer.issue(for: principal, sessionID: session.id)
        let refresh = SecretToken.generate(prefix: "rt_")
        let now = clock.now()
        try await refreshTokens.create(
            RefreshRecord(id: ids.next(), userID: account.id, sessionID: session.id, familyID: familyID,
                          expiresAt: now.addingTimeInterval(settings.refreshLifetime), usedAt: nil, revokedAt: nil),
            tokenHash: SecretToken.hash(refresh), at: now
        )
        return TokenPair(accessToken: access, refreshToken: refresh, tokenType: "Bearer", expiresIn: expiresIn)
    }

    // MARK: Refresh and sign-out

    /// Rotates a refresh token. Presenting one that was already used means it was stolen or
    /// replayed: the whole family and its session are revoked, and that is audited.
    public func refresh(_ token: String, origin: RequestOrigin) async throws -> TokenPair {
        let now = clock.now()
        guard let record = try await refreshTokens.token(hash: SecretToken.hash(token)) else { throw DomainError.unauthenticated }
        guard record.revokedAt == nil, record.expiresAt > now else { throw DomainError.unauthenticated }
        guard record.usedAt == nil, try await refreshTokens.markUsed(record.id, at: now) else {
            try await refreshTokens.revokeFamily(record.familyID, sessionID: record.sessionID, at: now)
            try await audit.record(AuditEntry(actorID: record.userID, action: .tokenFamilyRevoked, targetType: "session", targetID: record.sessionID,
                                              address: origin.address, requestID: origin.requestID, details: "refresh token replayed", at: now))
            throw DomainError.unauthenticated
        }
        guard let session = try await sessions.session(id: record.sessionID), session.isLive(at: now),
              let account = try await accounts.account(id: record.userID), account.status == .active
        else { throw DomainError.unauthenticated }
        return try await issueTokens(for: account, session: session, familyID: record.familyID)
    }

    /// Ends the caller's session: its refresh tokens stop working at once, its cookie too.
    public func signOut(_ principal: Principal, origin: RequestOrigin) async throws {
        let sessionID: UUID? = switch principal.credential {
        case .accessToken(let id): id
        case .session(let id): id
        case .personalToken: nil
        }
        guard let sessionID else { return }
        _ = try await sessions.revoke(sessionID, of: principal.userID, at: clock.now())
        try await audit.record(AuditEntry(actorID: principal.userID, action: .signOut, targetType: "session", targetID: sessionID,
                                          address: origin.address, requestID: origin.requestID, at: clock.now()))
    }

    /// The caller's sessions, newest first, and revoking one of them.
    public func sessions(of principal: Principal) async throws -> [SessionRecord] {
        try await sessions.sessions(of: principal.userID)
    }

    public func revokeSession(_ id: UUID, by principal: Principal, origin: RequestOrigin) async throws {
        guard try await sessions.revoke(id, of: principal.userID, at: clock.now()) else { throw DomainError.notFound("session") }
        try await audit.record(AuditEntry(actorID: principal.userID, action: .sessionRevoked, targetType: "session", targetID: id,
                                          address: origin.address, requestID: origin.requestID, at: clock.now()))
    }
}

/// Sign-in outcomes beyond "wrong credentials".
public enum AuthFailure: Error, Equatable {
    /// Too many failures from this address: try again after this many seconds.
    case throttled(retryAfter: Int)
}
