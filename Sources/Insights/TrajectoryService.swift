import Career
import Core
import Foundation
import Intelligence

/// When a member gets where they are going at their pace: a skill's target level, a goal's last
/// milestone. Each date comes with an 80% interval when there is enough history to fit one.
public struct Trajectory: Sendable, Equatable {
    public struct Estimate: Sendable, Equatable {
        public let expected: Day?
        /// The 80% interval; `latest` is nil when the pessimistic case does not get there within three years.
        public let earliest: Day?
        public let latest: Day?
    }

    public struct SkillForecast: Sendable, Equatable {
        public let skill: SkillRef
        public let currentLevel: Int
        public let targetLevel: Int
        public let estimate: Estimate
        public let sentence: String
    }

    public struct GoalForecast: Sendable, Equatable {
        public let goalID: UUID
        public let title: String
        public let milestonesDone: Int
        public let milestones: Int
        public let dueOn: Day?
        public let estimate: Estimate
        public let sentence: String
    }

    /// Skill levels gained per month, lately.
    public let levelsPerMonth: Double
    public let skills: [SkillForecast]
    public let goals: [GoalForecast]
}

/// Forecasts a member's trajectory with exponential smoothing (Holt's linear trend) of their
/// cumulative level-ups per month and of each goal's milestones done per week.
public struct TrajectoryService: Sendable {
    let store: any CareerStore
    let gaps: SkillGapService
    let clock: any WallClock

    public init(store: any CareerStore, gaps: SkillGapService, clock: any WallClock) {
        self.store = store
        self.gaps = gaps
        self.clock = clock
    }

    static let month = 30.44 * 86_400

    func trajectory(of userID: UUID) async throws -> Trajectory {
        let now = clock.now()
        let skills = try await store.skills(of: userID)
        let goals = try await store.goals(of: userID).filter { $0.status == .active }
        let pace = Projection(try await Self.levelUps(of: skills, store: store, now: now), step: Self.month)
        // Targets: skill goals first, then the skills the newest role goal's role needs most.
        var targets: [(SkillRef, Int)] = goals.filter { $0.kind == .skill }.compactMap { goal in goal.targetSkill.flatMap { s in goal.targetLevel.map { (s, $0) } } }
        if let role = goals.filter({ $0.kind == .role }).max(by: { $0.updatedAt < $1.updatedAt })?.targetOccupation,
           let gap = try? await gaps.gap(of: userID, targetRole: role.uri, visibleTo: OpportunityFilter()) {
            targets += gap.items.filter { $0.status != .met }.prefix(5).map { ($0.skill, $0.targetLevel) }
        }
        let byID = skills.heldWithConcepts
        var forecasts: [Trajectory.SkillForecast] = []
        var seen = Set<UUID>()
        for (skill, target) in targets where seen.insert(skill.id).inserted {
            let current = byID[skill.id]?.level ?? 0
            let estimate = pace.crossing(needed: Double(max(0, target - current)), now: now)
            forecasts.append(.init(skill: skill, currentLevel: current, targetLevel: target, estimate: estimate,
                                   sentence: Self.sentence("\(skill.label) level \(target)", current >= target, estimate)))
        }
        var goalForecasts: [Trajectory.GoalForecast] = []
        for goal in goals where !goal.milestones.isEmpty {
            let done = goal.milestones.compactMap(\.completedAt).sorted()
            let series = Self.cumulative(done, since: goal.createdAt, now: now, step: 7 * 86_400)
            let estimate = Projection(series, step: 7 * 86_400).crossing(needed: Double(goal.milestones.count - done.count), now: now)
            goalForecasts.append(.init(goalID: goal.id, title: goal.title, milestonesDone: done.count, milestones: goal.milestones.count, dueOn: goal.dueOn,
                                       estimate: estimate, sentence: Self.sentence("“\(goal.title)” done", done.count == goal.milestones.count, estimate)))
        }
        let rate = pace.rate > 0 ? 1 / pace.monthsPerLevel : 0
        return Trajectory(levelsPerMonth: (rate * 100).rounded() / 100, skills: forecasts, goals: goalForecasts)
    }

    /// The member's level-ups in the last two years, cumulative per month (oldest first).
    static func levelUps(of skills: [MemberSkill], store: any CareerStore, now: Date) async throws -> [Double] {
        var ups: [Date] = []
        for skill in skills {
            let history = try await store.levelHistory(of: skill.id).sorted { $0.changedAt < $1.changedAt }
            for (before, after) in zip(history, history.dropFirst()) where after.level > before.level {
                ups += Array(repeating: after.changedAt, count: after.level - before.level)
            }
        }
        ups = ups.filter { now.timeIntervalSince($0) < 730 * 86_400 }
        guard let first = ups.min() else { return [] }
        return cumulative(ups, since: first, now: now, step: month)
    }

    /// How many events had happened by the end of each step from `since` to `now`, starting at 0.
    static func cumulative(_ events: [Date], since start: Date, now: Date, step: TimeInterval) -> [Double] {
        let steps = max(1, Int((now.timeIntervalSince(start) / step).rounded(.up)))
        var counts = [Double](repeating: 0, count: steps + 1)
        for event in events where event >= start { counts[min(steps, Int(event.timeIntervalSince(start) / step) + 1)] += 1 }
        for index in counts.indices.dropFirst() { counts[index] += counts[index - 1] }
        return counts
    }

    static func sentence(_ what: String, _ reached: Bool, _ estimate: Trajectory.Estimate) -> String {
        if reached { return "You have reached \(what)." }
        guard let expected = estimate.expected else { return "No progress to extrapolate yet towards \(what)." }
        var text = "At your pace, \(what) by \(expected)"
        if let earliest = estimate.earliest { text += " (80% interval \(earliest) to \(estimate.latest.map(\.description) ?? "beyond three years"))" }
        return text + "."
    }
}

/// A cumulative series projected ahead once, to read crossing dates from: Holt's linear trend
/// (with its 80% interval) when it can be fitted and rises, else the average rate so far.
struct Projection {
    let step: TimeInterval
    let last: Double
    /// Gain per step.
    let rate: Double
    let forecast: [Double]
    let bounds: [(lower: Double, upper: Double)]

    /// Up to three years ahead.
    init(_ series: [Double], step: TimeInterval) {
        self.step = step
        last = series.last ?? 0
        let average = series.count > 1 ? (last - series[0]) / Double(series.count - 1) : 0
        let holt = ExponentialSmoothing(trend: .additive)
        if series.count >= holt.minimumCount, let fitted = try? holt.fit(series), fitted.final.slope > 0 {
            let horizon = Int((3 * 365.25 * 86_400 / step).rounded())
            rate = fitted.final.slope
            forecast = fitted.forecast(horizon)
            bounds = fitted.intervals(horizon, coverage: 0.8)
        } else {
            (rate, forecast, bounds) = (average, [], [])
        }
    }

    /// The pace in months per level, for monthly level-ups; two without any level-up yet, and
    /// within half a month and a year.
    var monthsPerLevel: Double { rate > 0 ? min(12, max(0.5, 1 / rate)) : 2 }

    /// When the series gains `needed` more: where the forecast and its interval cross that line;
    /// from the average rate, with no interval, when there is no fit.
    func crossing(needed: Double, now: Date) -> Trajectory.Estimate {
        func day(_ steps: Int?) -> Day? { steps.map { Day(now.addingTimeInterval(Double($0) * step)) } }
        guard needed > 0 else { return .init(expected: Day(now), earliest: nil, latest: nil) }
        guard !forecast.isEmpty else {
            return .init(expected: rate > 0 ? day(Int((needed / rate).rounded(.up))) : nil, earliest: nil, latest: nil)
        }
        let goal = last + needed
        return .init(expected: day(forecast.firstIndex { $0 >= goal }.map { $0 + 1 }),
                     earliest: day(bounds.firstIndex { $0.upper >= goal }.map { $0 + 1 }),
                     latest: day(bounds.firstIndex { $0.lower >= goal }.map { $0 + 1 }))
    }
}
