import Foundation
import Identity

extension Principal {
    /// The organization-owned opportunities the caller may see: those of their organizations
    /// (all, for a platform admin), besides the platform's own.
    public var opportunityScope: OpportunityFilter {
        OpportunityFilter(organizations: Set(memberships.map(\.organizationID)), allOrganizations: isPlatformAdmin)
    }

    /// The organizations whose learning resources the caller sees besides the global ones;
    /// nil for platform admins, who see all.
    public var learningScope: Set<UUID>? {
        isPlatformAdmin ? nil : Set(memberships.map(\.organizationID))
    }

    /// Whether the caller administers content owned by `organization` (nil: platform-wide).
    public func administers(_ organization: UUID?) -> Bool {
        isPlatformAdmin || organization.map { role(in: $0) == .orgAdmin } ?? false
    }
}
