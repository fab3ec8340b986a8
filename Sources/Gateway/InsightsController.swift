import Career
import Core
import Foundation
import Hummingbird
import Identity
import Intelligence

/// `GET /api/v1/opportunities/match` (the caller's best matches, each explained),
/// `GET /api/v1/users/{user}/skill-gap?target_role=…` (a target role's skills against the member's)
/// `GET /api/v1/users/{user}/career-paths?from=…&limit=…` (likely next roles) and
/// `GET /api/v1/users/{user}/recommendations?limit=…` (learning, each with why).
struct InsightsController<Context: GatewayContext>: Sendable {
    let access: MemberAccess
    let insights: Insights

    func addRoutes(to api: RouterGroup<Context>) {
        api.get("opportunities/match") { request, context -> Paged<MatchView> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let page = try request.page(defaultLimit: 20)
            return Paged(all: try await insights.matches.matches(of: principal.userID, visibleTo: principal.opportunityScope).map(MatchView.init),
                         request: page)
        }
        api.get("users/:user/skill-gap") { request, context -> SkillGapView in
            let (principal, member) = try await access.read(context)
            let role = request.uri.queryParameters["target_role"].map(String.init)
            return SkillGapView(try await insights.skillGaps.gap(of: member, targetRole: role, visibleTo: principal.opportunityScope))
        }
        api.get("users/:user/career-paths") { request, context -> CareerPathsView in
            let (_, member) = try await access.read(context)
            let from = request.uri.queryParameters["from"].map(String.init)
            return CareerPathsView(try await insights.paths.paths(of: member, from: from, limit: try request.limit(default: 5)))
        }
        api.get("users/:user/recommendations") { request, context -> RecommendationsView in
            let (principal, member) = try await access.read(context)
            let list = try await insights.recommendations.recommendations(for: member, organizations: principal.learningScope,
                                                                          limit: try request.limit(default: 10))
            return RecommendationsView(items: list.map(RecommendationView.init))
        }
    }
}

extension Request {
    /// The `limit` query parameter (its range is the service's to check).
    func limit(default value: Int) throws -> Int {
        try uri.queryParameters["limit"].map { text in
            guard let limit = Int(text) else { throw DomainError.invalid(field: "limit", reason: "must be a whole number") }
            return limit
        } ?? value
    }
}

/// A learning resource recommended to a member: 0–100, and why in words.
struct RecommendationView: Codable, Sendable {
    let resource: LearningResourceView
    let score: Int
    let reasons: [String]

    init(_ recommendation: LearningRecommendation) {
        resource = LearningResourceView(recommendation.resource)
        score = recommendation.score
        reasons = recommendation.reasons
    }
}

struct RecommendationsView: Codable, Sendable, ResponseEncodable {
    let items: [RecommendationView]
}

/// A likely next role: how likely, how long members take, and the essential skills still to gain.
struct CareerPathView: Codable, Sendable {
    let occupation: OccupationView
    let probability: Double
    let typicalMonths: Int
    let observedMoves: Int
    let similarity: Double
    let skillsToGain: [CatalogSkillView]
    let skillsHeld: Int
}

struct CareerPathsView: Codable, Sendable, ResponseEncodable {
    let origin: OccupationView
    let resolvedBy: String
    let paths: [CareerPathView]

    init(_ report: CareerPathReport) {
        origin = OccupationView(report.origin)
        resolvedBy = report.resolvedBy
        paths = report.paths.map {
            CareerPathView(occupation: OccupationView($0.occupation), probability: $0.probability, typicalMonths: $0.typicalMonths,
                           observedMoves: $0.observedMoves, similarity: $0.similarity, skillsToGain: $0.skillsToGain.map(CatalogSkillView.init),
                           skillsHeld: $0.skillsHeld)
        }
    }
}

/// An opportunity with its score (0–100), each part's points, and the skills behind it.
struct MatchView: Codable, Sendable {
    let opportunity: OpportunityView
    let score: Int
    let summary: String
    let parts: [MatchBreakdown.Part]
    let matchedSkills: [MatchBreakdown.Skill]
    let missingSkills: [MatchBreakdown.Skill]

    init(_ match: OpportunityMatch) {
        opportunity = OpportunityView(match.opportunity)
        score = match.breakdown.score
        summary = match.breakdown.summary
        parts = match.breakdown.parts
        matchedSkills = match.breakdown.matchedSkills
        missingSkills = match.breakdown.missingSkills
    }
}

struct SkillGapItemView: Codable, Sendable {
    let skill: CatalogSkillView
    let status: String
    let relation: String?
    let importance: Double
    let targetLevel: Int
    let currentLevel: Int?
    let verification: String?
    let postings: Int
    let evidence: [String]
}

struct SkillGapTargetView: Codable, Sendable {
    let occupation: OccupationView
    let resolvedBy: String
    let similarity: Double?
    let alternatives: [OccupationView]
}

/// A skill gap: the role as resolved, how ready the member is, and every skill ranked.
struct SkillGapView: Codable, Sendable, ResponseEncodable {
    let target: SkillGapTargetView
    let postingsConsidered: Int
    let readiness: Int
    let items: [SkillGapItemView]

    init(_ report: SkillGapReport) {
        target = SkillGapTargetView(occupation: OccupationView(report.target.occupation), resolvedBy: report.target.resolvedBy,
                                    similarity: report.target.similarity, alternatives: report.target.alternatives.map(OccupationView.init))
        postingsConsidered = report.postingsConsidered
        readiness = report.readiness
        items = report.items.map {
            SkillGapItemView(skill: CatalogSkillView($0.skill), status: $0.status.rawValue, relation: $0.relation?.rawValue, importance: $0.importance,
                             targetLevel: $0.targetLevel, currentLevel: $0.currentLevel, verification: $0.verification, postings: $0.postings,
                             evidence: $0.evidence)
        }
    }
}
