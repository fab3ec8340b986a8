import Core
import Foundation
import Intelligence
import Synchronization

/// Engagement, retention, funnel, progress and market reports from the rolled-up figures, with
/// every group figure under `k` members withheld; and the worker's roll-up, snapshot and upkeep runs.
/// The reports are read through `ReportAccess`, which decides from the caller whose figures they
/// are (the computations are `package`: the benchmarks and tests call them directly).
public struct AnalyticsService: Sendable {
    let store: any AnalyticsStore
    let clock: any WallClock
    public let suppression: Suppression
    let marketCache = MarketCache()

    public init(store: any AnalyticsStore, clock: any WallClock, k: Int = 5) {
        self.store = store
        self.clock = clock
        suppression = Suppression(k: k)
    }

    public var today: Day { Day(clock.now()) }

    // MARK: Worker runs

    public func rollUp() async throws -> RollUpSummary { try await store.rollUp(now: clock.now()) }

    /// Today's snapshots, and yesterday's once more so that its last changes count.
    public func snapshotProgress() async throws -> Int {
        try await store.snapshotProgress(on: [Day(epochDay: today.epochDay - 1), today])
    }

    /// Partitions for the next three months; events older than `retentionMonths` go.
    public func maintainEventStorage(retentionMonths: Int) async throws -> (created: Int, dropped: Int) {
        var keepFrom = today.monthStart
        for _ in 0..<retentionMonths { keepFrom = Day(epochDay: keepFrom.epochDay - 1).monthStart }
        return try await store.maintainEventStorage(now: clock.now(), monthsAhead: 3, keepFrom: keepFrom)
    }

    // MARK: Engagement

    public enum Period: String, Sendable, CaseIterable {
        case day, week, month

        /// The start of the period holding `day`.
        func start(of day: Day) -> Day {
            switch self {
            case .day: day
            case .week: day.weekStart
            case .month: day.monthStart
            }
        }

        func next(after start: Day) -> Day {
            switch self {
            case .day: Day(epochDay: start.epochDay + 1)
            case .week: Day(epochDay: start.epochDay + 7)
            case .month: start.nextMonthStart
            }
        }

        /// The starts of the periods that overlap the days.
        public func starts(covering days: ClosedRange<Day>) -> [Day] {
            Array(sequence(first: start(of: days.lowerBound)) { next(after: $0) }.prefix { $0 <= days.upperBound })
        }
    }

    package func engagement(_ period: Period, range: ReportRange, organization: UUID?) async throws -> EngagementReport {
        let starts = period.starts(covering: range.days)
        let rows = try await store.metrics(period: period.rawValue, days: starts[0]...range.days.upperBound, organization: organization)
        var points: [Day: (active: Int, stickiness: Double?)] = [:]
        for row in rows {
            switch row.metric {
            case "active": points[row.start, default: (0, nil)].active = Int(row.value)
            case "stickiness": points[row.start, default: (0, nil)].stickiness = row.value
            default: break
            }
        }
        return EngagementReport(
            organizationId: organization, from: range.days.lowerBound, to: range.days.upperBound, period: period.rawValue, k: suppression.k,
            points: starts.map { start in
                let point = points[start] ?? (0, nil)
                let active = suppression.count(point.active)
                return EngagementReport.Point(start: start, activeMembers: active,
                                              stickiness: active == nil || point.active == 0 ? nil : point.stickiness.map(Suppression.round))
            })
    }

    /// Cohorts by week of first activity within the range, followed week by week up to its end.
    package func retention(range: ReportRange, organization: UUID?) async throws -> RetentionReport {
        let first = range.days.lowerBound.weekStart
        let sizes = try await store.metrics(period: "cohort", days: first...range.days.upperBound, organization: organization)
        let cells = try await store.metrics(period: "retention", days: first...range.days.upperBound, organization: organization)
        var active: [Day: [Int: Int]] = [:]
        for cell in cells {
            guard cell.metric.hasPrefix("cohort:"), let cohort = Day(String(cell.metric.dropFirst(7))), cohort >= first else { continue }
            active[cohort, default: [:]][(cell.start.epochDay - cohort.epochDay) / 7] = Int(cell.value)
        }
        let lastWeek = range.days.upperBound.weekStart
        let cohorts = sizes.filter { $0.metric == "members" }.map { size in
            let members = Int(size.value), weeks = (lastWeek.epochDay - size.start.epochDay) / 7 + 1
            let counts = (0..<weeks).map { active[size.start]?[$0] ?? 0 }
            let visible = members >= suppression.k
            return RetentionReport.Cohort(
                week: size.start, members: suppression.count(members),
                active: counts.map { visible ? suppression.count($0) : nil },
                retained: counts.map { visible ? suppression.share($0, of: members) : nil })
        }
        return RetentionReport(organizationId: organization, from: range.days.lowerBound, to: range.days.upperBound, k: suppression.k, cohorts: cohorts)
    }

    public static let funnelSteps = ["signed_up", "profile", "skills", "goal", "plan"]

    /// Members who signed up within the range (by week), and how many took each later step.
    package func funnel(range: ReportRange, organization: UUID?) async throws -> FunnelReport {
        var totals: [String: Int] = [:]
        for row in try await store.metrics(period: "funnel", days: range.days.lowerBound.weekStart...range.days.upperBound, organization: organization) {
            totals[row.metric, default: 0] += Int(row.value)
        }
        let counts = Self.funnelSteps.map { totals[$0] ?? 0 }
        return FunnelReport(
            organizationId: organization, from: range.days.lowerBound, to: range.days.upperBound, k: suppression.k,
            steps: Self.funnelSteps.enumerated().map { index, name in
                FunnelReport.Step(name: name, members: suppression.count(counts[index]),
                                  fromPrevious: index == 0 ? nil : suppression.share(counts[index], of: counts[index - 1]),
                                  fromStart: index == 0 ? nil : suppression.share(counts[index], of: counts[0]))
            })
    }

    // MARK: Progress

    /// A group's progress day by day: means per member, withheld on days with fewer than k members.
    package func progress(_ scope: ProgressScope, range: ReportRange) async throws -> ProgressReport {
        let totals = try await store.progressTotals(scope, days: range.days)
        let name = switch scope {
        case .platform: "platform"
        case .organization: "organization"
        case .team: "team"
        }
        return ProgressReport(scope: name, from: range.days.lowerBound, to: range.days.upperBound, k: suppression.k, points: totals.map { day in
            let shown = day.members >= suppression.k
            func mean(_ sum: Int, scale: Double = 1) -> Double? { shown ? Suppression.round(Double(sum) / Double(day.members) * scale) : nil }
            return ProgressReport.Point(day: day.day, members: suppression.count(day.members), skills: mean(day.skills), levelSum: mean(day.levelSum),
                                        verifiedSkills: mean(day.verifiedSkills), goalsDone: mean(day.goalsDone),
                                        planCompletion: mean(day.planCompletionPermille, scale: 0.1))
        })
    }

    /// One member's own progress, day by day (nothing to withhold: it is theirs).
    package func progress(of member: UUID, range: ReportRange) async throws -> ProgressReport {
        ProgressReport(scope: "member", from: range.days.lowerBound, to: range.days.upperBound, k: suppression.k,
                       points: try await store.progress(of: member, days: range.days).map {
            ProgressReport.Point(day: $0.day, members: 1, skills: Double($0.skills), levelSum: Double($0.levelSum), verifiedSkills: Double($0.verifiedSkills),
                                 goalsDone: Double($0.goalsDone), planCompletion: Double($0.planCompletionPermille) / 10)
        })
    }

    // MARK: Market

    /// Postings per skill and week or month over the range; the most asked-for skills, the fastest
    /// rising and falling, and (unless `outlooks` is false) a damped-trend outlook for those.
    package func market(_ period: Period, range: ReportRange, occupationURI: String?, location: String?, organizations: Set<UUID>?,
                       limit: Int, outlooks: Bool = true) async throws -> MarketTrendsReport {
        guard period != .day else { throw DomainError.invalid(field: "period", reason: "must be week or month") }
        guard (1...100).contains(limit) else { throw DomainError.invalid(field: "limit", reason: "must be between 1 and 100") }
        guard TextRules.length(location ?? "") <= 200 else { throw DomainError.invalid(field: "location", reason: "must be at most 200 characters") }
        guard TextRules.length(occupationURI ?? "") <= 500 else { throw DomainError.invalid(field: "occupation", reason: "must be at most 500 characters") }
        let location = location.map(TextRules.trimmed)
        // Trends change only with the postings: a report is kept until they do.
        let key = MarketCache.Key(period: period.rawValue, from: range.days.lowerBound.epochDay, to: range.days.upperBound.epochDay, occupationURI: occupationURI,
                                  location: location, organizations: organizations, limit: limit, outlooks: outlooks, version: try await store.postingsVersion())
        if let kept = marketCache.report(for: key) { return kept }
        let report = try await computeMarket(period, range: range, occupationURI: occupationURI, location: location, organizations: organizations,
                                             limit: limit, outlooks: outlooks)
        marketCache.keep(report, for: key)
        return report
    }

    private func computeMarket(_ period: Period, range: ReportRange, occupationURI: String?, location: String?, organizations: Set<UUID>?,
                               limit: Int, outlooks: Bool) async throws -> MarketTrendsReport {
        let starts = period.starts(covering: range.days)
        func bucket(_ day: Day) -> Int? {
            let index = period == .week ? (day.epochDay - starts[0].epochDay) / 7 : (day.year - starts[0].year) * 12 + day.month - starts[0].month
            return starts.indices.contains(index) ? index : nil
        }
        var counts: [String: (skill: String, postings: [Int])] = [:]
        for row in try await store.skillPostings(days: range.days, occupationURI: occupationURI, location: location?.isEmpty == true ? nil : location,
                                                 organizations: organizations) {
            guard let index = bucket(row.day) else { continue }
            counts[row.skillURI, default: (row.skill, Array(repeating: 0, count: starts.count))].postings[index] += row.postings
        }
        let span = period == .week ? 4 : 1
        func trend(_ uri: String, outlook: Bool) -> MarketTrendsReport.Trend {
            let entry = counts[uri]!
            var forecast: [MarketTrendsReport.Forecast] = []
            if outlook, let ahead = DemandOutlook(entry.postings.map(Double.init), horizon: 4) {
                var next = starts.last!
                forecast = (0..<4).map { step in
                    next = period.next(after: next)
                    return MarketTrendsReport.Forecast(start: next, expected: ahead.expected[step], lower: ahead.lower[step], upper: ahead.upper[step])
                }
            }
            return MarketTrendsReport.Trend(uri: uri, skill: entry.skill, postings: entry.postings, total: entry.postings.reduce(0, +),
                                            growth: DemandOutlook.growth(entry.postings, span: span),
                                            forecast: forecast)
        }
        let top = counts.keys.sorted { (counts[$0]!.postings.reduce(0, +), $1) > (counts[$1]!.postings.reduce(0, +), $0) }.prefix(limit)
        // Rising and falling among skills with enough postings before for a change to mean something.
        let movers = counts.keys.map { trend($0, outlook: false) }.filter { $0.growth != nil && $0.postings.dropLast(span).suffix(span).reduce(0, +) >= 3 }
        let rising = movers.filter { $0.growth! > 0 }.sorted { ($0.growth!, $1.uri) > ($1.growth!, $0.uri) }.prefix(5).map { trend($0.uri, outlook: outlooks) }
        let falling = movers.filter { $0.growth! < 0 }.sorted { ($0.growth!, $0.uri) < ($1.growth!, $1.uri) }.prefix(5).map { trend($0.uri, outlook: outlooks) }
        return MarketTrendsReport(from: range.days.lowerBound, to: range.days.upperBound, period: period.rawValue, occupation: occupationURI,
                                  location: location, periods: starts, skills: top.map { trend($0, outlook: false) },
                                  rising: Array(rising), falling: Array(falling),
                                  model: rising.first?.forecast.isEmpty == false ? "damped Holt, 80% intervals" : nil)
    }
}

/// Market trend reports by what they were asked and the postings' version; a few dozen at most.
final class MarketCache: Sendable {
    struct Key: Hashable {
        let period: String
        let from: Int
        let to: Int
        let occupationURI: String?
        let location: String?
        let organizations: Set<UUID>?
        let limit: Int
        let outlooks: Bool
        let version: String
    }

    private let reports = Mutex<[Key: MarketTrendsReport]>([:])

    func report(for key: Key) -> MarketTrendsReport? { reports.withLock { $0[key] } }

    func keep(_ report: MarketTrendsReport, for key: Key) {
        reports.withLock { reports in
            if reports.count >= 32 { reports.removeAll() }
            reports[key] = report
        }
    }
}
