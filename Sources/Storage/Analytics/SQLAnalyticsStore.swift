import Analytics
import Core
import Foundation
import SQLKit

/// Analytics figures over SQL: the engagement roll-up (in its own file), progress snapshots,
/// posting counts for market trends, and the upkeep of the event table.
public struct SQLAnalyticsStore: AnalyticsStore {
    package let persistence: Persistence

    public init(persistence: Persistence) { self.persistence = persistence }

    /// The UTC day of a timestamp column as days since 1970 (SQLite keeps times as seconds).
    func dayOf(_ column: String) -> String {
        persistence.location.isPostgres ? "CAST(FLOOR(EXTRACT(EPOCH FROM \(column)) / 86400) AS INTEGER)" : "CAST(\(column) / 86400 AS INTEGER)"
    }

    func setting(_ key: String) async throws -> String? {
        struct Row: Decodable { let value: String }
        return try await persistence.sql.raw("SELECT value FROM platform_settings WHERE key = \(bind: key)").first(decoding: Row.self)?.value
    }

    /// Stores a setting, through `sql` (a transaction's, or the pool's).
    static func setSetting(_ key: String, _ value: String, at time: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO platform_settings (key, value, updated_at) VALUES (\(bind: key), \(bind: value), \(bind: time))
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
            """).run()
    }

    public func metrics(period: String, days: ClosedRange<Day>, organization: UUID?) async throws -> [MetricRow] {
        struct Row: Decodable { let period_start: Date; let metric: String; let value: Double }
        let scope: SQLQueryString = organization.map { "organization_id = \(bind: $0)" } ?? "organization_id IS NULL"
        return try await persistence.reading { sql in
            try await sql.raw("""
                SELECT period_start, metric, value FROM engagement_metrics
                WHERE period = \(bind: period) AND period_start >= \(bind: days.lowerBound.date) AND period_start <= \(bind: days.upperBound.date) AND \(scope)
                ORDER BY period_start, metric
                """).all(decoding: Row.self).map { MetricRow(start: Day($0.period_start), metric: $0.metric, value: $0.value) }
        }
    }

    // MARK: Progress

    public func snapshotProgress(on days: [Day]) async throws -> Int {
        guard let last = days.max() else { return 0 }
        let sql = persistence.sql
        struct User: Decodable { let id: UUID; let created_at: Date }
        struct Skill: Decodable { let id: UUID; let user_id: UUID; let level: Int; let created_at: Date }
        struct Level: Decodable { let user_skill_id: UUID; let level: Int; let changed_at: Date }
        struct Endorsed: Decodable { let user_skill_id: UUID; let first: Date }
        struct Goal: Decodable { let user_id: UUID; let updated_at: Date }
        struct Action: Decodable { let user_id: UUID; let status: String; let created_at: Date; let updated_at: Date }
        let users = try await sql.raw("SELECT id, created_at FROM users").all(decoding: User.self)
        var levels: [UUID: [(at: Date, level: Int)]] = [:]
        for row in try await sql.raw("SELECT user_skill_id, level, changed_at FROM skill_level_history").all(decoding: Level.self) {
            levels[row.user_skill_id, default: []].append((row.changed_at, row.level))
        }
        var endorsed: [UUID: Date] = [:]
        for row in try await sql.raw("SELECT user_skill_id, MIN(created_at) AS first FROM skill_endorsements GROUP BY user_skill_id").all(decoding: Endorsed.self) {
            endorsed[row.user_skill_id] = row.first
        }
        var facts: [UUID: ProgressFacts] = [:]
        for row in try await sql.raw("SELECT id, user_id, level, created_at FROM user_skills").all(decoding: Skill.self) {
            facts[row.user_id, default: ProgressFacts()].skills.append(
                .init(added: row.created_at, levels: levels[row.id] ?? [], level: row.level, verifiedAt: endorsed[row.id]))
        }
        for row in try await sql.raw("SELECT user_id, updated_at FROM career_goals WHERE status = 'completed'").all(decoding: Goal.self) {
            facts[row.user_id, default: ProgressFacts()].goalsCompletedAt.append(row.updated_at)
        }
        for row in try await sql.raw("""
            SELECT p.user_id, a.status, a.created_at, a.updated_at FROM plan_actions a
            JOIN plan_phases ph ON ph.id = a.phase_id JOIN career_plans p ON p.id = ph.plan_id WHERE p.status = 'active'
            """).all(decoding: Action.self) {
            facts[row.user_id, default: ProgressFacts()].actions.append(
                .init(created: row.created_at, doneAt: row.status == "done" ? row.updated_at : nil, skipped: row.status == "skipped"))
        }
        var rows: [[any Encodable & Sendable]] = []
        for user in users {
            let joined = Day(user.created_at), member = facts[user.id] ?? ProgressFacts()
            for day in days where day >= joined && day <= last {
                let snapshot = member.snapshot(of: user.id, on: day)
                rows.append([UUID(), user.id, day.date, snapshot.skills, snapshot.levelSum, snapshot.verifiedSkills, snapshot.goalsDone, snapshot.planCompletionPermille])
            }
        }
        try await sql.insertRows(
            into: "progress_snapshots",
            columns: ["id", "user_id", "snapshot_on", "skills_count", "level_sum", "verified_skills", "goals_done", "plan_completion_permille"],
            rows: rows, conflictKey: ["user_id", "snapshot_on"],
            update: ["skills_count", "level_sum", "verified_skills", "goals_done", "plan_completion_permille"])
        return rows.count
    }

    public func progressTotals(_ scope: ProgressScope, days: ClosedRange<Day>) async throws -> [ProgressTotals] {
        struct Row: Decodable {
            let snapshot_on: Date; let members: Int; let skills: Int; let levels: Int; let verified: Int; let goals: Int; let plan: Int
        }
        let join: SQLQueryString
        switch scope {
        case .platform: join = ""
        case .organization(let id): join = "JOIN memberships g ON g.user_id = s.user_id AND g.organization_id = \(bind: id)"
        case .team(let id): join = "JOIN team_members g ON g.user_id = s.user_id AND g.team_id = \(bind: id)"
        }
        let rows = try await persistence.reading { sql in try await sql.raw("""
            SELECT s.snapshot_on, COUNT(*) AS members, CAST(SUM(s.skills_count) AS BIGINT) AS skills, CAST(SUM(s.level_sum) AS BIGINT) AS levels,
                   CAST(SUM(s.verified_skills) AS BIGINT) AS verified, CAST(SUM(s.goals_done) AS BIGINT) AS goals,
                   CAST(SUM(s.plan_completion_permille) AS BIGINT) AS plan
            FROM progress_snapshots s \(join)
            WHERE s.snapshot_on >= \(bind: days.lowerBound.date) AND s.snapshot_on <= \(bind: days.upperBound.date)
            GROUP BY s.snapshot_on ORDER BY s.snapshot_on
            """).all(decoding: Row.self) }
        return rows.map {
            ProgressTotals(day: Day($0.snapshot_on), members: $0.members, skills: $0.skills, levelSum: $0.levels, verifiedSkills: $0.verified,
                           goalsDone: $0.goals, planCompletionPermille: $0.plan)
        }
    }

    public func progress(of member: UUID, days: ClosedRange<Day>) async throws -> [ProgressSnapshot] {
        struct Row: Decodable {
            let snapshot_on: Date; let skills_count: Int; let level_sum: Int; let verified_skills: Int; let goals_done: Int; let plan_completion_permille: Int
        }
        let rows = try await persistence.reading { sql in try await sql.raw("""
            SELECT snapshot_on, skills_count, level_sum, verified_skills, goals_done, plan_completion_permille FROM progress_snapshots
            WHERE user_id = \(bind: member) AND snapshot_on >= \(bind: days.lowerBound.date) AND snapshot_on <= \(bind: days.upperBound.date)
            ORDER BY snapshot_on
            """).all(decoding: Row.self) }
        return rows.map {
            ProgressSnapshot(userID: member, day: Day($0.snapshot_on), skills: $0.skills_count, levelSum: $0.level_sum, verifiedSkills: $0.verified_skills,
                             goalsDone: $0.goals_done, planCompletionPermille: $0.plan_completion_permille)
        }
    }

    // MARK: Market

    public func skillPostings(days: ClosedRange<Day>, occupationURI: String?, location: String?, organizations: Set<UUID>?) async throws -> [SkillPostings] {
        struct Row: Decodable { let uri: String; let preferred_label: String; let day: Int; let n: Int }
        var filters: [SQLQueryString] = ["o.posted_at >= \(bind: days.lowerBound.date)", "o.posted_at < \(bind: days.upperBound.date.addingTimeInterval(86_400))"]
        if let occupationURI { filters.append("o.occupation_id IN (SELECT id FROM occupations WHERE uri = \(bind: occupationURI))") }
        if let location { filters.append("LOWER(o.location) LIKE \(bind: SQLLike.containing(location.lowercased())) ESCAPE '\\'") }
        if let organizations {
            filters.append(organizations.isEmpty ? "o.organization_id IS NULL" : "(o.organization_id IS NULL OR o.organization_id IN (\(binds: Array(organizations))))")
        }
        let day = dayOf("o.posted_at")
        let rows = try await persistence.reading { sql in try await sql.raw("""
            SELECT sc.uri, sc.preferred_label, \(unsafeRaw: day) AS day, COUNT(*) AS n
            FROM opportunity_skills os JOIN opportunities o ON o.id = os.opportunity_id JOIN skill_catalog sc ON sc.id = os.skill_id
            WHERE \(filters.joined(separator: " AND "))
            GROUP BY sc.uri, sc.preferred_label, \(unsafeRaw: day)
            """).all(decoding: Row.self) }
        return rows.map { SkillPostings(skillURI: $0.uri, skill: $0.preferred_label, day: Day(epochDay: $0.day), postings: $0.n) }
    }

    public func postingsVersion() async throws -> String {
        struct Row: Decodable { let n: Int; let changed: Date? }
        let row = try await persistence.reading { sql in
            try await sql.raw("SELECT COUNT(*) AS n, MAX(updated_at) AS changed FROM opportunities").first(decoding: Row.self)
        }
        return "\(row?.n ?? 0)/\(row?.changed?.timeIntervalSince1970 ?? 0)"
    }

    // MARK: Upkeep

    public func maintainEventStorage(now: Date, monthsAhead: Int, keepFrom: Day) async throws -> (created: Int, dropped: Int) {
        let partitions = EventPartitions(persistence: persistence)
        guard persistence.location.isPostgres else {
            try await persistence.sql.raw("DELETE FROM user_events WHERE occurred_at < \(bind: keepFrom.date)").run()
            try await persistence.sql.raw("DELETE FROM member_days WHERE day < \(bind: keepFrom.epochDay)").run()
            return (0, 0)
        }
        var month = Day(now).monthStart, wanted: [Day] = []
        for _ in 0...monthsAhead {
            wanted.append(month)
            month = month.nextMonthStart
        }
        let created = try await partitions.ensure(months: wanted)
        let dropped = try await partitions.drop(before: keepFrom.monthStart)
        try await persistence.sql.raw("DELETE FROM member_days WHERE day < \(bind: keepFrom.epochDay)").run()
        return (created, dropped)
    }
}
