import Analytics
import Career
import Core
import Foundation
import Identity
import Insights

/// The domain services the pages read and change.
public struct WebServices: Sendable {
    let auth: AuthService
    let organizations: OrganizationService
    let sso: SSOService
    let career: CareerService
    let opportunities: OpportunityService
    let learning: LearningService
    let insights: Insights
    let skillIndex: SkillIndexCache
    let reports: ReportAccess
    let clock: any WallClock

    public init(auth: AuthService, organizations: OrganizationService, sso: SSOService, career: CareerService, opportunities: OpportunityService,
                learning: LearningService, insights: Insights, skillIndex: SkillIndexCache, reports: ReportAccess, clock: any WallClock) {
        self.auth = auth
        self.organizations = organizations
        self.sso = sso
        self.career = career
        self.opportunities = opportunities
        self.learning = learning
        self.insights = insights
        self.skillIndex = skillIndex
        self.reports = reports
        self.clock = clock
    }

    /// The skills members' own words propose.
    var proposals: SkillProposals { SkillProposals(career: career, analyzer: skillIndex) }
}
