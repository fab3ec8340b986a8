import Career
import Core
import Foundation
import Identity

/// The intelligence services the edges answer from, built once per process. Every call about a
/// member names the caller: the member's data is read only when the caller may read it
/// (`CareerAccess`), and only postings and learning the caller may see are considered.
public struct Insights: Sendable {
    let access: CareerAccess
    public let matcher: MatchService
    let skillGaps: SkillGapService
    public let paths: CareerPathService
    public let recommender: RecommendationService
    let planner: CareerPlanner
    let trajectories: TrajectoryService
    let demand: SkillDemandService

    public init(access: CareerAccess, matches: MatchService, skillGaps: SkillGapService, paths: CareerPathService, recommendations: RecommendationService,
                planner: CareerPlanner, trajectories: TrajectoryService, demand: SkillDemandService) {
        self.access = access
        self.trajectories = trajectories
        self.demand = demand
        matcher = matches
        self.skillGaps = skillGaps
        self.paths = paths
        recommender = recommendations
        self.planner = planner
    }

    /// The member's best open opportunities, each explained.
    public func matches(of member: UUID, as caller: Principal) async throws -> [OpportunityMatch] {
        try await access.requireRead(member, by: caller)
        return try await matcher.matches(of: member, visibleTo: caller.opportunityScope)
    }

    /// A target role's skills (an occupation URI or any title; the member's goal role when nil)
    /// against the member's.
    public func skillGap(of member: UUID, as caller: Principal, targetRole: String?) async throws -> SkillGapReport {
        try await access.requireRead(member, by: caller)
        return try await skillGaps.gap(of: member, targetRole: targetRole, visibleTo: caller.opportunityScope)
    }

    /// The occupation a role names: an occupation URI, a title the catalog knows, or the nearest by meaning.
    public func resolveRole(_ text: String) async throws -> SkillGapReport.Target {
        try await skillGaps.resolve(text)
    }

    /// Likely next roles from `from`, or from the member's current position.
    public func careerPaths(of member: UUID, as caller: Principal, from: String?, limit: Int = 5) async throws -> CareerPathReport {
        try await access.requireRead(member, by: caller)
        return try await paths.paths(of: member, from: from, limit: limit)
    }

    /// Learning recommended to the member, among what the caller may see.
    public func recommendations(for member: UUID, as caller: Principal, limit: Int = 10) async throws -> [LearningRecommendation] {
        try await access.requireRead(member, by: caller)
        return try await recommender.recommendations(for: member, organizations: caller.learningScope, limit: limit)
    }

    /// When the member reaches their skill targets and goals at their pace.
    public func trajectory(of member: UUID, as caller: Principal) async throws -> Trajectory {
        try await access.requireRead(member, by: caller)
        return try await trajectories.trajectory(of: member)
    }

    /// The seed's `generateCareerPlan`, written to the member's plans: only the member does it.
    public func generatePlan(for member: UUID, as caller: Principal) async throws -> (Plan, PlanChanges) {
        try await access.requireWrite(member, by: caller)
        return try await planner.generate(for: member, visibleTo: caller.opportunityScope, learning: caller.learningScope)
    }

    /// Weekly demand for a skill in the postings the caller may see, with a forecast.
    public func skillDemand(of skillURI: String, weeks: Int = 26, horizon: Int = 8, as caller: Principal) async throws -> SkillDemand {
        try await demand.demand(of: skillURI, weeks: weeks, horizon: horizon, visibleTo: caller.opportunityScope)
    }
}
