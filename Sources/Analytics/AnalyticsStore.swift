import Core
import Foundation

/// One stored roll-up figure: `metric` of `period` (day, week, month, retention, cohort, funnel)
/// starting on `start`, for one organization or (nil) the whole platform.
public struct MetricRow: Sendable, Equatable {
    public let start: Day
    public let metric: String
    public let value: Double

    public init(start: Day, metric: String, value: Double) {
        self.start = start
        self.metric = metric
        self.value = value
    }
}

/// What one roll-up run did.
public struct RollUpSummary: Sendable, Equatable {
    public var events = 0
    public var days: ClosedRange<Int>?
    public var members = 0

    public init() {}
}

/// A member's progress on one day, as `progress_snapshots` keeps it.
public struct ProgressSnapshot: Sendable, Equatable {
    public let userID: UUID
    public let day: Day
    public let skills: Int
    public let levelSum: Int
    public let verifiedSkills: Int
    public let goalsDone: Int
    /// Done actions of the member's active plan, in thousandths of its actions (skipped ones aside).
    public let planCompletionPermille: Int

    public init(userID: UUID, day: Day, skills: Int, levelSum: Int, verifiedSkills: Int, goalsDone: Int, planCompletionPermille: Int) {
        self.userID = userID
        self.day = day
        self.skills = skills
        self.levelSum = levelSum
        self.verifiedSkills = verifiedSkills
        self.goalsDone = goalsDone
        self.planCompletionPermille = planCompletionPermille
    }
}

/// A day's snapshots summed over a group of members.
public struct ProgressTotals: Sendable, Equatable {
    public let day: Day
    public let members: Int
    public let skills: Int
    public let levelSum: Int
    public let verifiedSkills: Int
    public let goalsDone: Int
    public let planCompletionPermille: Int

    public init(day: Day, members: Int, skills: Int, levelSum: Int, verifiedSkills: Int, goalsDone: Int, planCompletionPermille: Int) {
        self.day = day
        self.members = members
        self.skills = skills
        self.levelSum = levelSum
        self.verifiedSkills = verifiedSkills
        self.goalsDone = goalsDone
        self.planCompletionPermille = planCompletionPermille
    }
}

/// Postings asking for one skill on one day.
public struct SkillPostings: Sendable, Equatable {
    public let skillURI: String
    public let skill: String
    public let day: Day
    public let postings: Int

    public init(skillURI: String, skill: String, day: Day, postings: Int) {
        self.skillURI = skillURI
        self.skill = skill
        self.day = day
        self.postings = postings
    }
}

/// Who a progress report covers.
public enum ProgressScope: Sendable, Equatable {
    case platform
    case organization(UUID)
    case team(UUID)
}

/// Where the analytics figures live; Storage implements it over SQL.
public protocol AnalyticsStore: Sendable {
    /// Folds the events received since the last run into member-days and members' first steps,
    /// then recomputes the figures of the periods those events touch (never all history).
    func rollUp(now: Date) async throws -> RollUpSummary
    /// Roll-up figures of `period` whose start lies in `days`, for an organization or the platform.
    func metrics(period: String, days: ClosedRange<Day>, organization: UUID?) async throws -> [MetricRow]
    /// Every member's progress facts as of `days` (one snapshot per member and day), written.
    func snapshotProgress(on days: [Day]) async throws -> Int
    /// Daily totals of a group's snapshots.
    func progressTotals(_ scope: ProgressScope, days: ClosedRange<Day>) async throws -> [ProgressTotals]
    /// One member's snapshots.
    func progress(of member: UUID, days: ClosedRange<Day>) async throws -> [ProgressSnapshot]
    /// Postings per skill and posting day, optionally for one occupation and a location containing
    /// the text, among public postings and those of `organizations` (nil: all postings).
    func skillPostings(days: ClosedRange<Day>, occupationURI: String?, location: String?, organizations: Set<UUID>?) async throws -> [SkillPostings]
    /// Changes whenever a posting is added, changed or removed (a count and the latest change).
    func postingsVersion() async throws -> String
    /// Monthly partitions of the events (PostgreSQL): creates those up to `ahead` months from now,
    /// drops those wholly before `keepFrom`; SQLite deletes the old rows instead. Answers (created, dropped).
    func maintainEventStorage(now: Date, monthsAhead: Int, keepFrom: Day) async throws -> (created: Int, dropped: Int)
}
