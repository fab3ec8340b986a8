import Core
import Foundation

extension AuthService {
    public static let personalTokenPrefix = "cop_"
    /// A personal token lives 90 days unless its owner asks otherwise, a year at most.
    public static let personalTokenDefaultDays = 90
    public static let personalTokenMaximumDays = 366

    /// Creates a personal access token; the secret is shown once, only its hash is kept.
    public func createPersonalToken(for principal: Principal, name rawName: String, scopes: Set<TokenScope>, expiresInDays: Int?, origin: RequestOrigin) async throws -> (PersonalToken, String) {
        // A token must not mint further tokens.
        if case .personalToken = principal.credential { throw DomainError.forbidden }
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { throw DomainError.invalid(field: "name", reason: "must be 1 to 100 characters") }
        guard !scopes.isEmpty else { throw DomainError.invalid(field: "scopes", reason: "name at least one of read, write") }
        let days = expiresInDays ?? Self.personalTokenDefaultDays
        guard (1...Self.personalTokenMaximumDays).contains(days) else {
            throw DomainError.invalid(field: "expires_in_days", reason: "must be between 1 and \(Self.personalTokenMaximumDays)")
        }
        let now = clock.now()
        let secret = SecretToken.generate(prefix: Self.personalTokenPrefix)
        let token = PersonalToken(id: ids.next(), userID: principal.userID, name: name, scopes: scopes, createdAt: now, lastUsedAt: nil,
                                  expiresAt: now.addingTimeInterval(Double(days) * 86_400), revokedAt: nil)
        try await personalTokens.create(token, tokenHash: SecretToken.hash(secret))
        try await audit.record(AuditEntry(actorID: principal.userID, action: .personalTokenCreated, targetType: "personal_token", targetID: token.id,
                                          address: origin.address, requestID: origin.requestID, at: now))
        return (token, secret)
    }

    public func personalTokens(of principal: Principal) async throws -> [PersonalToken] {
        try await personalTokens.tokens(of: principal.userID)
    }

    public func revokePersonalToken(_ id: UUID, by principal: Principal, origin: RequestOrigin) async throws {
        guard try await personalTokens.revoke(id, of: principal.userID, at: clock.now()) else { throw DomainError.notFound("token") }
        try await audit.record(AuditEntry(actorID: principal.userID, action: .personalTokenRevoked, targetType: "personal_token", targetID: id,
                                          address: origin.address, requestID: origin.requestID, at: clock.now()))
    }

    /// The caller behind a personal access token.
    public func principal(personalToken secret: String) async throws -> Principal {
        let now = clock.now()
        guard let token = try await personalTokens.token(hash: SecretToken.hash(secret)), token.isLive(at: now) else {
            throw DomainError.unauthenticated
        }
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try await personalTokens.markUsed(token.id, at: now)
        }
        return try await principal(userID: token.userID, credential: .personalToken(id: token.id, scopes: token.scopes))
    }

    /// Changes a member's platform role (platform admins only), audited.
    public func setPlatformRole(of userID: UUID, to role: PlatformRole, by principal: Principal, origin: RequestOrigin) async throws {
        guard principal.isPlatformAdmin else { throw DomainError.notFound("user") }
        guard let account = try await accounts.account(id: userID) else { throw DomainError.notFound("user") }
        guard account.platformRole != role else { return }
        let now = clock.now()
        try await accounts.setPlatformRole(of: userID, to: role, at: now)
        try await audit.record(AuditEntry(actorID: principal.userID, action: .roleChanged, targetType: "user", targetID: userID,
                                          address: origin.address, requestID: origin.requestID,
                                          details: "platform_role \(account.platformRole.rawValue) -> \(role.rawValue)", at: now))
    }

    public func auditEntries(actorID: UUID?, page: PageRequest) async throws -> [AuditEntry] {
        try await audit.entries(actorID: actorID, limit: page.limit, offset: page.offset)
    }

    /// The CSRF token of a browser session: derived from the session's secret, so the server
    /// stores nothing more and a page from another site cannot know it.
    public static func csrfToken(forSession sessionToken: String) -> String {
        SecretToken.hash("csrf:" + sessionToken)
    }
}
