import Core
import Foundation
import Identity

/// Who may read or change a member's career data, decided from the caller: the member
/// themselves; a platform admin; and whom the member's visibility admits, through Identity's
/// policy (coaches they share with, people of their organizations). Every service of Career
/// asks it before it reads or writes a member's data, so that no edge (REST, GraphQL, the web
/// pages, reports, exports) can reach that data without passing the caller. Whoever may not
/// read is told the member does not exist.
public struct CareerAccess: Sendable {
    let policy: AccessPolicy
    let store: any CareerStore

    public init(policy: AccessPolicy, store: any CareerStore) {
        self.policy = policy
        self.store = store
    }

    /// Whether the caller may read the member's career data.
    public func canRead(_ member: UUID, by caller: Principal) async throws -> Bool {
        guard caller.allows(.read) else { return false }
        if caller.userID == member { return true }
        guard let visibility = try await store.visibility(of: member) else { return false }
        if caller.isPlatformAdmin { return true }
        return try await policy.canView(member: member, by: caller, audience: visibility.audience)
    }

    /// Refuses (as not found) a caller who may not read the member's data.
    public func requireRead(_ member: UUID, by caller: Principal) async throws {
        guard try await canRead(member, by: caller) else { throw DomainError.notFound("user") }
    }

    /// Only the member changes their data (a personal token needs the `write` scope): a reader
    /// who is not the member is forbidden; anyone else is told the member does not exist.
    public func requireWrite(_ member: UUID, by caller: Principal) async throws {
        if caller.userID == member {
            guard caller.allows(.write) else { throw DomainError.forbidden }
            return
        }
        try await requireRead(member, by: caller)
        throw DomainError.forbidden
    }

    /// What only the member may have (an export of all their data): a reader who is not the
    /// member is forbidden; anyone else is told the member does not exist.
    public func requireOwner(_ member: UUID, by caller: Principal) async throws {
        try await requireRead(member, by: caller)
        guard caller.userID == member else { throw DomainError.forbidden }
    }

    /// The members among `ids` whose data the caller may read, in their order.
    public func readable(_ ids: [UUID], by caller: Principal) async throws -> [UUID] {
        guard caller.allows(.read) else { return [] }
        let others = ids.filter { $0 != caller.userID }
        let visibilities = others.isEmpty ? [:] : try await store.visibilities(of: others)
        var readable: [UUID] = []
        for id in ids {
            if id == caller.userID {
                readable.append(id)
            } else if let visibility = visibilities[id] {
                let allowed = caller.isPlatformAdmin ? true : try await policy.canView(member: id, by: caller, audience: visibility.audience)
                if allowed { readable.append(id) }
            }
        }
        return readable
    }

    /// Whether the caller coaches the member: a coach the member shares with.
    func isCoach(of member: UUID, caller: Principal) async throws -> Bool {
        try await policy.isCoach(of: member, viewer: caller)
    }

    /// Whether the caller administers the member: themselves, a platform admin, or an admin of
    /// one of the member's organizations.
    func administers(_ member: UUID, caller: Principal) async throws -> Bool {
        if caller.userID == member || caller.isPlatformAdmin { return true }
        return try await policy.administers(member: member, by: caller)
    }
}

extension Visibility {
    /// Who a profile with this visibility is shown to, in the access policy's terms.
    var audience: Audience {
        switch self {
        case .private: .onlyMember
        case .organization: .organization
        case .coaches: .coaches
        }
    }
}
