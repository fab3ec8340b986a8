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
        let adminOf = Set(viewer.memberships.filter { $0.role == .orgAdmin }.map(\.organizationID))
        if !adminOf.isEmpty, !adminOf.isDisjoint(with: try await sharing.organizations(of: userID)) { return true }
        if viewer.memberships.contains(where: { $0.role == .coach }), try await sharing.shares(userID, with: viewer.userID) { return true }
        return false
    }

    public func requireView(member userID: UUID, by principal: Principal?) async throws -> Principal {
        let viewer = try Self.requireSignedIn(principal)
        guard try await canView(member: userID, by: viewer) else { throw DomainError.notFound("user") }
        return viewer
    }
}
