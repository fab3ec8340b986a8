/// The intelligence services the API answers from, built once per process.
public struct Insights: Sendable {
    public let matches: MatchService
    public let skillGaps: SkillGapService
    public let paths: CareerPathService
    public let recommendations: RecommendationService

    public init(matches: MatchService, skillGaps: SkillGapService, paths: CareerPathService, recommendations: RecommendationService) {
        self.matches = matches
        self.skillGaps = skillGaps
        self.paths = paths
        self.recommendations = recommendations
    }
}
