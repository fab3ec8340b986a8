import Core
import Foundation

/// The one place that decides who may see or change what. Anything refused answers
/// `notFound`, so a caller cannot tell a hidden object from a missing one.
public struct AccessPolicy: Sendable {
    let sharing: any SharingDirectory

    public init(sharing: any SharingDirectory) { self.sharing = sharing }

    /// The caller, or `unauthenticated` for an anonymous request.
    public static func requireSignedIn(_ principal: Principal?) throws(DomainError) -> Principal {
        guard let principal else { throw .unauthenticated }
        return principal
    }

    /// Platform administration: only platform admins (the address allow-list is checked at the edge).
    public func requirePlatformAdmin(_ principal: Principal?) throws(DomainError) -> Principal {
        let principal = try Self.requireSignedIn(principal)
        guard principal.isPlatformAdmin else { throw .notFound("resource") }
        return principal
    }

    /// Whether `viewer` may see the member `userID`'s data: themselves; a platform admin; an
    /// admin of an organization the member belongs to; a coach the member shares with.
    public func canView(member userID: UUID, by viewer: Principal) async throws -> Bool {
        if viewer.userID == userID || viewer.isPlatformAdmin { return true }
        if try await administers(member: userID, by: viewer) { return true }
        if viewer.memberships.contains(where: { $0.role == .coach }), try await sharing.shares(userID, with: viewer.userID) { return true }
        return false
    }

    /// Whether `viewer` may see data the member `userID` shows to `audience`: themselves and
    /// platform admins always; coaches the member shares with for `coaches` and `organization`;
    /// anyone of the member's organizations for `organization`; nobody else for `onlyMember`.
    public func canView(member userID: UUID, by viewer: Principal, audience: Audience) async throws -> Bool {
        if viewer.userID == userID || viewer.isPlatformAdmin { return true }
        switch audience {
        case .onlyMember:
            return false
        case .coaches:
            return try await sharing.shares(userID, with: viewer.userID)
        case .organization:
            let mine = Set(viewer.memberships.map(\.organizationID))
            if !mine.isEmpty, !mine.isDisjoint(with: try await sharing.organizations(of: userID)) { return true }
            return try await sharing.shares(userID, with: viewer.userID)
        }
    }

    /// Whether `viewer` is an admin of one of the member's organizations.
    public func administers(member userID: UUID, by viewer: Principal) async throws -> Bool {
        let adminOf = Set(viewer.memberships.filter { $0.role == .orgAdmin }.map(\.organizationID))
        guard !adminOf.isEmpty else { return false }
        return try await !adminOf.isDisjoint(with: sharing.organizations(of: userID))
    }

    /// Whether `viewer` coaches the member: a coach the member shares their data with.
    public func isCoach(of userID: UUID, viewer: Principal) async throws -> Bool {
        guard viewer.userID != userID, viewer.memberships.contains(where: { $0.role == .coach }) else { return false }
        return try await sharing.shares(userID, with: viewer.userID)
    }

    /// The members a coach sees: those who share with them. Nobody, for someone who coaches nowhere.
    public func coachees(of viewer: Principal) async throws -> [UUID] {
        guard viewer.memberships.contains(where: { $0.role == .coach }) else { return [] }
        return try await sharing.members(sharingWith: viewer.userID)
    }

    public func requireView(member userID: UUID, by principal: Principal?) async throws -> Principal {
        let viewer = try Self.requireSignedIn(principal)
        guard try await canView(member: userID, by: viewer) else { throw DomainError.notFound("user") }
        return viewer
    }
}

/// Who a member shows a piece of their data to.
public enum Audience: Sendable, Equatable {
    case onlyMember
    case organization
    case coaches
}
