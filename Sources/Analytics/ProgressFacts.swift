import Core
import Foundation

/// What a member's progress is made of, with the times things changed, so that a snapshot can
/// be taken as of the end of any day (today's for the daily job, past days for a backfill).
public struct ProgressFacts: Sendable {
    public struct Skill: Sendable {
        public let added: Date
        /// Level changes in time order; the current level stands when there are none.
        public let levels: [(at: Date, level: Int)]
        public let level: Int
        /// The first endorsement, which makes the skill verified.
        public let verifiedAt: Date?

        public init(added: Date, levels: [(at: Date, level: Int)], level: Int, verifiedAt: Date?) {
            self.added = added
            self.levels = levels.sorted { $0.at < $1.at }
            self.level = level
            self.verifiedAt = verifiedAt
        }

        func level(at time: Date) -> Int? {
            guard added <= time else { return nil }
            return levels.last { $0.at <= time }?.level ?? level
        }
    }

    public struct Action: Sendable {
        public let created: Date
        public let doneAt: Date?
        public let skipped: Bool

        public init(created: Date, doneAt: Date?, skipped: Bool) {
            self.created = created
            self.doneAt = doneAt
            self.skipped = skipped
        }
    }

    public var skills: [Skill] = []
    public var goalsCompletedAt: [Date] = []
    /// The actions of the member's active plan.
    public var actions: [Action] = []

    public init() {}

    /// The snapshot as of the end of `day` (UTC).
    public func snapshot(of userID: UUID, on day: Day) -> ProgressSnapshot {
        let end = day.date.addingTimeInterval(86_400 - 0.001)
        let levels = skills.compactMap { $0.level(at: end) }
        let planned = actions.filter { !$0.skipped && $0.created <= end }
        let done = planned.filter { ($0.doneAt.map { $0 <= end }) ?? false }.count
        return ProgressSnapshot(
            userID: userID, day: day, skills: levels.count, levelSum: levels.reduce(0, +),
            verifiedSkills: skills.filter { $0.added <= end && ($0.verifiedAt.map { $0 <= end } ?? false) }.count,
            goalsDone: goalsCompletedAt.filter { $0 <= end }.count,
            planCompletionPermille: planned.isEmpty ? 0 : done * 1000 / planned.count)
    }
}
