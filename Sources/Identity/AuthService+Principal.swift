import Core
import Foundation

extension AuthService {
    /// The caller behind an access token. The token's session must still be live, so that
    /// signing out, a password change and a replayed refresh token stop it at once; a disabled
    /// account is refused even while its token lives.
    public func principal(accessToken: String) async throws -> Principal {
        let claims = try await issuer.verify(accessToken)
        guard let userID = UUID(uuidString: claims.sub.value), let sessionID = claims.sid.flatMap(UUID.init(uuidString:)),
              let session = try await sessions.session(id: sessionID), session.userID == userID, session.isLive(at: clock.now())
        else { throw DomainError.unauthenticated }
        return try await principal(userID: userID, credential: .accessToken(sessionID: sessionID))
    }

    /// The caller behind a session cookie. Sessions slide: use within the lifetime extends them
    /// (written at most once a minute, so that browsing does not write on every request).
    public func principal(sessionToken: String) async throws -> Principal {
        let now = clock.now()
        guard let session = try await sessions.session(tokenHash: SecretToken.hash(sessionToken)), session.kind == .web, session.isLive(at: now) else {
            throw DomainError.unauthenticated
        }
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            try await sessions.touch(session.id, lastSeenAt: now, expiresAt: now.addingTimeInterval(settings.sessionLifetime))
        }
        return try await principal(userID: session.userID, credential: .session(id: session.id))
    }

    func principal(userID: UUID, credential: Principal.Credential) async throws -> Principal {
        guard let account = try await accounts.account(id: userID), account.status == .active else { throw DomainError.unauthenticated }
        return Principal(userID: account.id, platformRole: account.platformRole, memberships: try await accounts.memberships(of: account.id), credential: credential)
    }

    public func account(of principal: Principal) async throws -> Account {
        guard let account = try await accounts.account(id: principal.userID) else { throw DomainError.notFound("account") }
        return account
    }
}

extension AuthService {
    /// Another member's account; callers ask the access policy first.
    public func account(id: UUID) async throws -> Account? {
        try await accounts.account(id: id)
    }
}

extension AuthService {
    /// Several accounts at once; callers ask the access policy first.
    public func accounts(ids: [UUID]) async throws -> [Account] {
        try await accounts.accounts(ids: ids)
    }
}
