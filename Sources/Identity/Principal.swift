import Foundation

/// One organization a person belongs to, and their role there.
public struct MembershipGrant: Sendable, Equatable, Codable {
    public let organizationID: UUID
    public let organizationName: String
    public let role: OrganizationRole

    public init(organizationID: UUID, organizationName: String, role: OrganizationRole) {
        self.organizationID = organizationID
        self.organizationName = organizationName
        self.role = role
    }
}

/// Who is asking: the authenticated caller of a request, whatever the credential was.
public struct Principal: Sendable, Equatable {
    public enum Credential: Sendable, Equatable {
        /// A JWT access token from sign-in.
        case accessToken(sessionID: UUID?)
        /// A browser session cookie.
        case session(id: UUID)
        /// A personal access token with its scopes.
        case personalToken(id: UUID, scopes: Set<TokenScope>)
    }

    public let userID: UUID
    public let platformRole: PlatformRole
    public let memberships: [MembershipGrant]
    public let credential: Credential

    public init(userID: UUID, platformRole: PlatformRole, memberships: [MembershipGrant], credential: Credential) {
        self.userID = userID
        self.platformRole = platformRole
        self.memberships = memberships
        self.credential = credential
    }

    public var isPlatformAdmin: Bool { platformRole == .platformAdmin }

    /// Every role the caller holds, as carried in tokens: `member`, `coach`, `org_admin`, `platform_admin`.
    public var roles: [String] {
        var roles = Set([OrganizationRole.member.rawValue])
        for membership in memberships { roles.insert(membership.role.rawValue) }
        if isPlatformAdmin { roles.insert(PlatformRole.platformAdmin.rawValue) }
        return roles.sorted()
    }

    public func role(in organization: UUID) -> OrganizationRole? {
        memberships.first { $0.organizationID == organization }?.role
    }

    /// Whether the credential allows `scope` (only personal tokens are narrowed by scopes).
    public func allows(_ scope: TokenScope) -> Bool {
        if case .personalToken(_, let scopes) = credential { return scopes.contains(scope) }
        return true
    }
}

/// What a personal access token may do.
public enum TokenScope: String, Sendable, Codable, CaseIterable, Hashable {
    case read
    case write
}
