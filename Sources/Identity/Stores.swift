import Foundation

/// Accounts and what they belong to. Storage implements it; addresses are looked up through
/// their blind index there, so the domain passes plain (normalised) addresses.
public protocol AccountStore: Sendable {
    /// Creates the account; `DomainError.conflict` when the address is taken.
    func create(_ account: NewAccount, at: Date) async throws
    func account(email: String) async throws -> Account?
    func account(id: UUID) async throws -> Account?
    func accounts(ids: [UUID]) async throws -> [Account]
    /// Deletes the account and, through the database's cascades, everything that is theirs.
    func delete(_ userID: UUID) async throws -> Bool
    func memberships(of userID: UUID) async throws -> [MembershipGrant]
    /// Sets the password's hash; nil removes the password (the account signs in through SSO only).
    func setPassword(of userID: UUID, hash: String?, at: Date) async throws
    func markEmailVerified(_ userID: UUID, at: Date) async throws
    func setPlatformRole(of userID: UUID, to role: PlatformRole, at: Date) async throws
}

/// A server-side session: every sign-in makes one, whether it then travels as a cookie or
/// as a token pair.
public struct SessionRecord: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case web
        case api
    }

    public let id: UUID
    public let userID: UUID
    public let kind: Kind
    public let userAgent: String?
    public let address: String?
    public let createdAt: Date
    public let lastSeenAt: Date
    public let expiresAt: Date
    public let revokedAt: Date?

    public init(id: UUID, userID: UUID, kind: Kind, userAgent: String?, address: String?, createdAt: Date, lastSeenAt: Date, expiresAt: Date, revokedAt: Date?) {
        self.id = id
        self.userID = userID
        self.kind = kind
        self.userAgent = userAgent
        self.address = address
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    public func isLive(at now: Date) -> Bool { revokedAt == nil && expiresAt > now }
}

public protocol SessionStore: Sendable {
    func create(_ session: SessionRecord, tokenHash: String) async throws
    func session(tokenHash: String) async throws -> SessionRecord?
    func session(id: UUID) async throws -> SessionRecord?
    /// Slides the expiry of a session in use.
    func touch(_ id: UUID, lastSeenAt: Date, expiresAt: Date) async throws
    func sessions(of userID: UUID) async throws -> [SessionRecord]
    /// Revokes one of `userID`'s sessions; false when there is no such session of theirs.
    func revoke(_ id: UUID, of userID: UUID, at: Date) async throws -> Bool
    /// Revokes every session of the member with its refresh tokens (a password changed or reset).
    func revokeAll(of userID: UUID, at: Date) async throws
}

/// A refresh token as stored: only its hash, its family and its state.
public struct RefreshRecord: Sendable, Equatable {
    public let id: UUID
    public let userID: UUID
    public let sessionID: UUID
    public let familyID: UUID
    public let expiresAt: Date
    public let usedAt: Date?
    public let revokedAt: Date?

    public init(id: UUID, userID: UUID, sessionID: UUID, familyID: UUID, expiresAt: Date, usedAt: Date?, revokedAt: Date?) {
        self.id = id
        self.userID = userID
        self.sessionID = sessionID
        self.familyID = familyID
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.revokedAt = revokedAt
    }
}

public protocol RefreshTokenStore: Sendable {
    func create(_ record: RefreshRecord, tokenHash: String, at: Date) async throws
    func token(hash: String) async throws -> RefreshRecord?
    /// Marks a token used, atomically: false when it was used already (a replay).
    func markUsed(_ id: UUID, at: Date) async throws -> Bool
    /// Revokes every token of the family and the session they belong to.
    func revokeFamily(_ familyID: UUID, sessionID: UUID, at: Date) async throws
}

/// Failed sign-in counts per address — also for addresses without an account, so that they are
/// throttled the same way and the answer tells nothing. Storage keys them by blind index.
public protocol LoginThrottleStore: Sendable {
    /// Counts a sign-in attempt before its password is checked, atomically, so that guesses sent
    /// in parallel are counted like guesses sent one after another: `locked` while the address is
    /// locked (the attempt is not counted), else the attempts so far including this one.
    /// `lockout` turns that count into the time the address stays locked from now on.
    func claimAttempt(for email: String, at: Date, lockout: @escaping @Sendable (Int) -> Date?) async throws -> LoginAttempt
    /// Forgets the attempts (a sign-in succeeded).
    func reset(_ email: String) async throws
}

public enum LoginAttempt: Sendable, Equatable {
    case allowed(attempts: Int)
    case locked(until: Date)
}

/// Single-use, expiring tokens sent by mail (e-mail verification, password reset), stored hashed.
public protocol OneTimeTokenStore: Sendable {
    func create(userID: UUID, purpose: OneTimePurpose, tokenHash: String, expiresAt: Date, at: Date) async throws
    /// Consumes a live token of `purpose`, atomically; answers its user, or nil when it is
    /// unknown, used or expired.
    func consume(tokenHash: String, purpose: OneTimePurpose, at: Date) async throws -> UUID?
}

public enum OneTimePurpose: String, Sendable, Codable {
    case verifyEmail = "verify_email"
    case resetPassword = "reset_password"
}

/// Security-relevant events: who did what, when, from which address. Never secrets.
public struct AuditEntry: Sendable, Equatable {
    public enum Action: String, Sendable, Codable, CaseIterable {
        case signUp = "sign_up"
        case signIn = "sign_in"
        case signInFailed = "sign_in_failed"
        case signOut = "sign_out"
        case passwordChanged = "password_changed"
        case passwordResetRequested = "password_reset_requested"
        case passwordReset = "password_reset"
        case emailVerified = "email_verified"
        case ssoLinked = "sso_linked"
        case roleChanged = "role_changed"
        case tokenFamilyRevoked = "token_family_revoked"
        case sessionRevoked = "session_revoked"
        case personalTokenCreated = "personal_token_created"
        case personalTokenRevoked = "personal_token_revoked"
        case accountDeleted = "account_deleted"
    }

    public let actorID: UUID?
    public let action: Action
    public let targetType: String?
    public let targetID: UUID?
    public let address: String?
    public let requestID: String?
    public let details: String?
    public let at: Date

    public init(actorID: UUID?, action: Action, targetType: String? = nil, targetID: UUID? = nil, address: String?, requestID: String?, details: String? = nil, at: Date) {
        self.actorID = actorID
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.address = address
        self.requestID = requestID
        self.details = details
        self.at = at
    }
}

public protocol AuditLog: Sendable {
    func record(_ entry: AuditEntry) async throws
    func entries(actorID: UUID?, limit: Int, offset: Int) async throws -> [AuditEntry]
}

/// A personal access token for scripts: named, scoped, stored hashed, revocable.
public struct PersonalToken: Sendable, Equatable {
    public let id: UUID
    public let userID: UUID
    public let name: String
    public let scopes: Set<TokenScope>
    public let createdAt: Date
    public let lastUsedAt: Date?
    public let expiresAt: Date?
    public let revokedAt: Date?

    public init(id: UUID, userID: UUID, name: String, scopes: Set<TokenScope>, createdAt: Date, lastUsedAt: Date?, expiresAt: Date?, revokedAt: Date?) {
        self.id = id
        self.userID = userID
        self.name = name
        self.scopes = scopes
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    public func isLive(at now: Date) -> Bool { revokedAt == nil && (expiresAt.map { $0 > now } ?? true) }
}

public protocol PersonalTokenStore: Sendable {
    func create(_ token: PersonalToken, tokenHash: String) async throws
    func token(hash: String) async throws -> PersonalToken?
    func tokens(of userID: UUID) async throws -> [PersonalToken]
    func markUsed(_ id: UUID, at: Date) async throws
    func revoke(_ id: UUID, of userID: UUID, at: Date) async throws -> Bool
    func revokeAll(of userID: UUID, at: Date) async throws
}

/// Who shares their data with whom, for the access policy.
public protocol SharingDirectory: Sendable {
    /// Whether `member` shares their data with `coach`.
    func shares(_ member: UUID, with coach: UUID) async throws -> Bool
    /// The organizations `member` belongs to.
    func organizations(of member: UUID) async throws -> Set<UUID>
    /// The members who share their data with `coach`.
    func members(sharingWith coach: UUID) async throws -> [UUID]
}
