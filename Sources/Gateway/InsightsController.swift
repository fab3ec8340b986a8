import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity
import Insights
import Intelligence

/// `GET /api/v1/opportunities/match` (the caller's best matches, each explained),
/// `GET /api/v1/users/{user}/skill-gap?target_role=…` (a target role's skills against the member's)
/// `GET /api/v1/users/{user}/career-paths?from=…&limit=…` (likely next roles) and
/// `GET /api/v1/users/{user}/recommendations?limit=…` (learning, each with why).
struct InsightsController<Context: EdgeContext>: Sendable {
    let insights: Insights

    func addRoutes(to api: RouterGroup<Context>) {
        api.get("opportunities/match") { request, context -> Paged<MatchView> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let page = try request.page(defaultLimit: 20)
            return Paged(all: try await insights.matches(of: principal.userID, as: principal).map(MatchView.init),
                         request: page)
        }
        api.get("users/:user/skill-gap") { request, context -> SkillGapView in
            let (principal, member) = try MemberPath.member(context)
            let role = request.uri.queryParameters["target_role"].map(String.init)
            return SkillGapView(try await insights.skillGap(of: member, as: principal, targetRole: role))
        }
        api.get("users/:user/career-paths") { request, context -> CareerPathsView in
            let (principal, member) = try MemberPath.member(context)
            let from = request.uri.queryParameters["from"].map(String.init)
            return CareerPathsView(try await insights.careerPaths(of: member, as: principal, from: from, limit: try request.integer("limit", default: 5)))
        }
        api.get("market/skills/demand") { request, context -> SkillDemandView in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            guard let skill = request.uri.queryParameters["skill"].map(String.init) else { throw DomainError.invalid(field: "skill", reason: "is required (a catalog skill URI)") }
            return SkillDemandView(try await insights.skillDemand(of: skill, weeks: try request.integer("weeks", default: 26),
                                                                  horizon: try request.integer("horizon", default: 8), as: principal))
        }
        api.get("users/:user/trajectory") { _, context -> TrajectoryView in
            let (principal, member) = try MemberPath.member(context)
            return TrajectoryView(try await insights.trajectory(of: member, as: principal))
        }
        api.get("users/:user/recommendations") { request, context -> RecommendationsView in
            let (principal, member) = try MemberPath.member(context)
            let list = try await insights.recommendations(for: member, as: principal, limit: try request.integer("limit", default: 10))
            return RecommendationsView(items: list.map(RecommendationView.init))
        }
    }
}
