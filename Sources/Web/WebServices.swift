import Analytics
import Career
import Core
import Foundation
import Identity

/// The domain services the pages read and change.
public struct WebServices: Sendable {
    let auth: AuthService
    let policy: AccessPolicy
    let organizations: OrganizationService
    let sso: SSOService
    let career: CareerService
    let opportunities: OpportunityService
    let learning: LearningService
    let matches: MatchService
    let recommendations: RecommendationService
    let planner: CareerPlanner
    let skillGaps: SkillGapService
    let paths: CareerPathService
    let skillIndex: SkillIndexCache
    let analytics: AnalyticsService
    let clock: any WallClock

    public init(auth: AuthService, policy: AccessPolicy, organizations: OrganizationService, sso: SSOService, career: CareerService, opportunities: OpportunityService, learning: LearningService, matches: MatchService,
                recommendations: RecommendationService, planner: CareerPlanner, skillGaps: SkillGapService,
                paths: CareerPathService, skillIndex: SkillIndexCache, analytics: AnalyticsService, clock: any WallClock) {
        self.auth = auth
        self.policy = policy
        self.organizations = organizations
        self.sso = sso
        self.career = career
        self.opportunities = opportunities
        self.learning = learning
        self.matches = matches
        self.recommendations = recommendations
        self.planner = planner
        self.skillGaps = skillGaps
        self.paths = paths
        self.skillIndex = skillIndex
        self.analytics = analytics
        self.clock = clock
    }
}

extension Principal {
    /// What the member may see of organization-owned postings and learning.
    var opportunityScope: OpportunityFilter {
        OpportunityFilter(organizations: Set(memberships.map(\.organizationID)), allOrganizations: isPlatformAdmin)
    }

    var learningScope: Set<UUID>? { isPlatformAdmin ? nil : Set(memberships.map(\.organizationID)) }
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
