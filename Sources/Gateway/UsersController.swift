import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity
import Insights

/// `GET /api/v1/users/:id` (the seed's endpoint): a member as the caller may see them. Their
/// career data (profile, skills, goals, current plan) comes with it when the member's
/// visibility lets the caller read it; an organization admin who may not sees the name only.
/// Someone the caller may not see at all answers 404, like someone who does not exist.
public struct UsersController<Context: EdgeContext>: Sendable {
    let auth: AuthService
    let policy: AccessPolicy
    let career: CareerService

    public init(auth: AuthService, policy: AccessPolicy, career: CareerService) {
        self.auth = auth
        self.policy = policy
        self.career = career
    }

    struct UserView: Codable, Sendable {
        let id: String
        let name: String
        let emailVerified: Bool
        let profile: ProfileView?
        let skills: [SkillView]?
        let goals: [GoalView]?
        let careerPlan: PlanView?
    }

    public func addRoutes(to api: RouterGroup<Context>) {
        api.get("users/:user") { request, context -> Response in
            let (principal, member) = try MemberPath.member(context)
            let readable = try await career.access.canRead(member, by: principal)
            let listed = try await policy.canView(member: member, by: principal)
            guard readable || listed else { throw DomainError.notFound("user") }
            guard let account = try await auth.account(id: member) else { throw DomainError.notFound("user") }
            var view = UserView(id: account.id.uuidString.lowercased(), name: account.name, emailVerified: account.isEmailVerified,
                                profile: nil, skills: nil, goals: nil, careerPlan: nil)
            if readable {
                async let profile = career.profile(of: member, as: principal)
                async let skills = career.skills(of: member, as: principal)
                async let goals = career.goals(of: member, as: principal)
                async let plans = career.plans(of: member, as: principal)
                view = UserView(id: view.id, name: view.name, emailVerified: view.emailVerified, profile: ProfileView(try await profile),
                                skills: try await skills.map(SkillView.init), goals: try await goals.map(GoalView.init),
                                careerPlan: CareerService.currentPlan(in: try await plans).map(PlanView.init))
            }
            return try ETag.respond(view, to: request, context: context)
        }
    }
}

/// Every career route of REST v1: profiles, skills, endorsements, goals, plans,
/// opportunities and learning.
public struct CareerRoutes<Context: EdgeContext>: Sendable {
    let career: CareerService
    let auth: AuthService
    let opportunities: OpportunityService
    let learning: LearningService
    let skillIndex: SkillIndexCache
    let insights: Insights

    public init(auth: AuthService, career: CareerService, opportunities: OpportunityService, learning: LearningService,
                skillIndex: SkillIndexCache, insights: Insights) {
        self.insights = insights
        self.career = career
        self.auth = auth
        self.opportunities = opportunities
        self.learning = learning
        self.skillIndex = skillIndex
    }

    public func addRoutes(to api: RouterGroup<Context>) {
        ProfileController<Context>(career: career).addRoutes(to: api)
        SkillsController<Context>(career: career, proposals: SkillProposals(career: career, analyzer: skillIndex)).addRoutes(to: api)
        GoalsController<Context>(career: career).addRoutes(to: api)
        PlansController<Context>(career: career, insights: insights).addRoutes(to: api)
        InsightsController<Context>(insights: insights).addRoutes(to: api)
        OpportunitiesController<Context>(opportunities: opportunities).addRoutes(to: api)
        LearningController<Context>(learning: learning).addRoutes(to: api)
        ImportExportController<Context>(career: career, auth: auth, learning: learning).addRoutes(to: api)
        JobsController<Context>(cache: skillIndex).addRoutes(to: api)
    }
}
