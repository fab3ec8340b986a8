import Career
import Core
import Foundation
import Intelligence

/// How often postings ask for a skill, week by week, and where that is heading.
public struct SkillDemand: Sendable, Equatable {
    public struct Week: Sendable, Equatable {
        public let start: Day
        public let postings: Int
    }

    public struct Forecast: Sendable, Equatable {
        public let start: Day
        public let expected: Double
        /// The 80% interval, never below zero.
        public let lower: Double
        public let upper: Double
    }

    public let skill: SkillRef
    public let weeks: [Week]
    /// Postings in the last four weeks against the four before, in percent (nil when those had none).
    public let growth: Double?
    /// Damped Holt's trend ahead, when there are enough weeks to fit it.
    public let forecast: [Forecast]
    public let model: String?
}

/// Market demand for a skill from the postings that ask for it: weekly counts over a window, the
/// recent growth, and an exponential-smoothing forecast (damped trend, since demand does not grow
/// without bound) with its 80% interval.
public struct SkillDemandService: Sendable {
    let store: any InsightStore
    let career: any CareerStore
    let clock: any WallClock

    public init(store: any InsightStore, career: any CareerStore, clock: any WallClock) {
        self.store = store
        self.career = career
        self.clock = clock
    }

    static let week: TimeInterval = 7 * 86_400

    func demand(of skillURI: String, weeks: Int = 26, horizon: Int = 8, visibleTo filter: OpportunityFilter) async throws -> SkillDemand {
        guard (8...156).contains(weeks) else { throw DomainError.invalid(field: "weeks", reason: "must be between 8 and 156") }
        guard (1...26).contains(horizon) else { throw DomainError.invalid(field: "horizon", reason: "must be between 1 and 26") }
        guard let skill = try await career.skill(uri: skillURI) else { throw DomainError.invalid(field: "skill", reason: "is not a skill in the catalog") }
        let now = clock.now()
        let start = now.addingTimeInterval(-Double(weeks) * Self.week)
        let dates = try await store.postingDates(askingFor: skill.id, organizations: filter.allOrganizations ? nil : filter.organizations, since: start)
        var counts = [Int](repeating: 0, count: weeks)
        for date in dates { counts[min(weeks - 1, max(0, Int(date.timeIntervalSince(start) / Self.week)))] += 1 }
        let outlook = DemandOutlook(counts.map(Double.init), horizon: horizon)
        let forecast = outlook.map { outlook in
            (0..<horizon).map { step in
                SkillDemand.Forecast(start: Day(now.addingTimeInterval(Double(step) * Self.week)), expected: outlook.expected[step],
                                     lower: outlook.lower[step], upper: outlook.upper[step])
            }
        } ?? []
        return SkillDemand(
            skill: skill,
            weeks: counts.enumerated().map { SkillDemand.Week(start: Day(start.addingTimeInterval(Double($0) * Self.week)), postings: $1) },
            growth: DemandOutlook.growth(counts, span: 4), forecast: forecast, model: outlook?.model)
    }
}
