import Career
import Core
import Foundation
import Hummingbird
import Identity
import Intelligence

/// `GET /api/v1/opportunities/match` (the caller's best matches, each explained) and
/// `GET /api/v1/users/{user}/skill-gap?target_role=…` (a target role's skills against the member's).
struct InsightsController<Context: GatewayContext>: Sendable {
    let access: MemberAccess
    let matches: MatchService
    let skillGaps: SkillGapService

    func addRoutes(to api: RouterGroup<Context>) {
        api.get("opportunities/match") { request, context -> Paged<MatchView> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let page = try request.page(defaultLimit: 20)
            return Paged(all: try await matches.matches(of: principal.userID, visibleTo: principal.opportunityScope).map(MatchView.init), request: page)
        }
        api.get("users/:user/skill-gap") { request, context -> SkillGapView in
            let (principal, member) = try await access.read(context)
            let role = request.uri.queryParameters["target_role"].map(String.init)
            return SkillGapView(try await skillGaps.gap(of: member, targetRole: role, visibleTo: principal.opportunityScope))
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
