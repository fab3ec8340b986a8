import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// The member a path names (`:user`, or `me`) and the caller asking. Whether the caller may
/// read or change that member's data is the domain's decision: every Career call takes the
/// caller and decides it there.
enum MemberPath {
    static func member(_ context: some EdgeContext, parameter: String = "user") throws -> (Principal, UUID) {
        let principal = try AccessPolicy.requireSignedIn(context.principal)
        guard let text = context.parameters.get(parameter) else { throw DomainError.notFound("user") }
        if text == "me" { return (principal, principal.userID) }
        guard let id = UUID(uuidString: text) else { throw DomainError.notFound("user") }
        return (principal, id)
    }
}

/// A path parameter that names an object by UUID; anything else names nothing (`what` is
/// not found).
func pathID(_ name: String, _ context: some EdgeContext, what: String = "resource") throws -> UUID {
    guard let id = context.parameters.get(name).flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound(what) }
    return id
}
