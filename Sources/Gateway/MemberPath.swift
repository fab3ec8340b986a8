import Career
import Core
import Foundation
import Hummingbird
import Identity

/// Decides, for the member named in a path (`:user`, or `me`), whether the caller may read
/// their career data (the member's profile visibility, through Identity's policy) or change it
/// (only the member). Someone who may not read is told the member does not exist.
struct MemberAccess: Sendable {
    let policy: AccessPolicy
    let career: CareerService

    /// The caller and the member the path names.
    func member(_ context: some GatewayContext, parameter: String = "user") throws -> (Principal, UUID) {
        let principal = try AccessPolicy.requireSignedIn(context.principal)
        guard let text = context.parameters.get(parameter) else { throw DomainError.notFound("user") }
        if text == "me" { return (principal, principal.userID) }
        guard let id = UUID(uuidString: text) else { throw DomainError.notFound("user") }
        return (principal, id)
    }

    func canRead(_ member: UUID, by principal: Principal) async throws -> Bool {
        if principal.userID == member || principal.isPlatformAdmin { return true }
        guard let visibility = try await career.visibility(of: member) else { return false }
        return try await policy.canView(member: member, by: principal, audience: visibility.audience)
    }

    /// The member whose data the caller may read.
    func read(_ context: some GatewayContext) async throws -> (Principal, UUID) {
        let (principal, member) = try member(context)
        guard try await canRead(member, by: principal) else { throw DomainError.notFound("user") }
        return (principal, member)
    }

    /// The member whose data the caller may change: only themselves. A reader who is not the
    /// member is forbidden; anyone else is told the member does not exist.
    func write(_ context: some GatewayContext) async throws -> (Principal, UUID) {
        let (principal, member) = try await read(context)
        guard principal.userID == member else { throw DomainError.forbidden }
        return (principal, member)
    }
}

extension Visibility {
    var audience: Audience {
        switch self {
        case .private: .onlyMember
        case .organization: .organization
        case .coaches: .coaches
        }
    }
}

/// A path parameter that names an object by UUID; anything else names nothing (`what` is
/// not found).
func pathID(_ name: String, _ context: some GatewayContext, what: String = "resource") throws -> UUID {
    guard let id = context.parameters.get(name).flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound(what) }
    return id
}
