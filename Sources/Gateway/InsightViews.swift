import Career
import Core
import Foundation
import Hummingbird
import Insights
import Intelligence

extension Request {
    /// A whole-number query parameter (its range is the service's to check).
    func integer(_ name: String, default value: Int) throws -> Int {
        try uri.queryParameters[name[...]].map { text in
            guard let number = Int(text) else { throw DomainError.invalid(field: name, reason: "must be a whole number") }
            return number
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

/// A date forecast with its 80% interval (`latest` nil: not within three years in the pessimistic case).
struct EstimateView: Codable, Sendable {
    let expected: Day?
    let earliest: Day?
    let latest: Day?

    init(_ estimate: Trajectory.Estimate) {
        expected = estimate.expected
        earliest = estimate.earliest
        latest = estimate.latest
    }
}

struct SkillForecastView: Codable, Sendable {
    let skill: CatalogSkillView
    let currentLevel: Int
    let targetLevel: Int
    let estimate: EstimateView
    let sentence: String
}

struct GoalForecastView: Codable, Sendable {
    let goalId: String
    let title: String
    let milestonesDone: Int
    let milestones: Int
    let dueOn: Day?
    let estimate: EstimateView
    let sentence: String
}

/// When the member gets where they are going at their pace.
struct TrajectoryView: Codable, Sendable, ResponseEncodable {
    let levelsPerMonth: Double
    let skills: [SkillForecastView]
    let goals: [GoalForecastView]

    init(_ trajectory: Trajectory) {
        levelsPerMonth = trajectory.levelsPerMonth
        skills = trajectory.skills.map {
            SkillForecastView(skill: CatalogSkillView($0.skill), currentLevel: $0.currentLevel, targetLevel: $0.targetLevel, estimate: EstimateView($0.estimate),
                              sentence: $0.sentence)
        }
        goals = trajectory.goals.map {
            GoalForecastView(goalId: $0.goalID.uuidString.lowercased(), title: $0.title, milestonesDone: $0.milestonesDone, milestones: $0.milestones,
                             dueOn: $0.dueOn, estimate: EstimateView($0.estimate), sentence: $0.sentence)
        }
    }
}

/// Weekly postings asking for a skill, recent growth, and the forecast ahead.
struct SkillDemandView: Codable, Sendable, ResponseEncodable {
    struct Week: Codable, Sendable {
        let start: Day
        let postings: Int
    }

    struct Point: Codable, Sendable {
        let start: Day
        let expected: Double
        let lower: Double
        let upper: Double
    }

    let skill: CatalogSkillView
    let weeks: [Week]
    let growthPercent: Double?
    let forecast: [Point]
    let model: String?

    init(_ demand: SkillDemand) {
        skill = CatalogSkillView(demand.skill)
        weeks = demand.weeks.map { Week(start: $0.start, postings: $0.postings) }
        growthPercent = demand.growth
        forecast = demand.forecast.map { Point(start: $0.start, expected: $0.expected, lower: $0.lower, upper: $0.upper) }
        model = demand.model
    }
}
