/// The intelligence services the API answers from, built once per process.
public struct Insights: Sendable {
    public let matches: MatchService
    public let skillGaps: SkillGapService
    public let paths: CareerPathService
    public let recommendations: RecommendationService
    public let planner: CareerPlanner
    public let trajectories: TrajectoryService
    public let demand: SkillDemandService

    public init(matches: MatchService, skillGaps: SkillGapService, paths: CareerPathService, recommendations: RecommendationService,
                planner: CareerPlanner, trajectories: TrajectoryService, demand: SkillDemandService) {
        self.trajectories = trajectories
        self.demand = demand
        self.matches = matches
        self.skillGaps = skillGaps
        self.paths = paths
        self.recommendations = recommendations
        self.planner = planner
    }
}
