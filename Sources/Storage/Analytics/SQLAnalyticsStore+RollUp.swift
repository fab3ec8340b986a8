import Analytics
import Core
import FluentKit
import Foundation
import SQLKit

/// The engagement roll-up. Each run reads only the events received since the last one (with a
/// minute of overlap for writes that committed late; every step is idempotent):
/// 1. their member-days go into `member_days` (one row per pseudonym and day);
/// 2. each member's first day and first funnel steps are merged into `analytics_members`;
/// 3. the figures of the days, weeks, months, cohorts and sign-up weeks those events touch are
///    recomputed from those two tables and replace their rows in `engagement_metrics`.
extension SQLAnalyticsStore {
    static let watermarkKey = "watermark:engagement"
    static let overlap: TimeInterval = 60
    /// Funnel steps in order, with the event that marks each.
    static let funnel: [(column: String, event: String)] = [
        ("signed_up_day", "signed_up"), ("profile_day", "profile_updated"), ("skills_day", "skill_added"),
        ("goal_day", "goal_created"), ("plan_day", "plan_generated"),
    ]

    struct Member: Equatable {
        var organization: UUID?
        var firstDay: Int
        var steps: [Int?]
    }

    public func rollUp(now: Date) async throws -> RollUpSummary {
        let sql = persistence.sql
        var summary = RollUpSummary()
        let since = try await setting(Self.watermarkKey).flatMap(Double.init).map { Date(timeIntervalSince1970: $0).addingTimeInterval(-Self.overlap) }
        let window: SQLQueryString = since.map { "received_at > \(bind: $0) AND received_at <= \(bind: now)" } ?? "received_at <= \(bind: now)"

        struct Span: Decodable { let first: Date?; let last: Date?; let events: Int }
        let span = try await sql.raw("SELECT MIN(occurred_at) AS first, MAX(occurred_at) AS last, COUNT(*) AS events FROM user_events WHERE \(window)")
            .first(decoding: Span.self)
        guard let span, let first = span.first, let last = span.last else {
            try await Self.setSetting(Self.watermarkKey, String(now.timeIntervalSince1970), at: now, on: sql)
            return summary
        }
        summary.events = span.events
        let days = Day.epochDay(of: first)...Day.epochDay(of: last)
        summary.days = days

        // 1. Member-days, with the member's organization when any event of the day names one.
        let organization = persistence.location.isPostgres ? "CAST(MAX(CAST(organization_id AS TEXT)) AS UUID)" : "MAX(organization_id)"
        try await sql.raw("""
            INSERT INTO member_days (pseudonym, day, organization_id)
            SELECT pseudonym, \(unsafeRaw: dayOf("occurred_at")), \(unsafeRaw: organization) FROM user_events WHERE \(window)
            GROUP BY pseudonym, \(unsafeRaw: dayOf("occurred_at"))
            ON CONFLICT (pseudonym, day) DO UPDATE SET organization_id = COALESCE(member_days.organization_id, excluded.organization_id)
            """).run()

        // The watermark moves only at the end: a run stopped here (cancelled at shutdown) is
        // redone from the same place, and step 1 is idempotent. Past step 2 it runs to the end:
        // a rerun would find the members already merged and recompute none of their weeks.
        try Task.checkCancellation()

        // 2. Members' first day and funnel steps.
        let steps = Self.funnel.map { "MIN(CASE WHEN type = '\($0.event)' THEN \(dayOf("occurred_at")) END) AS \($0.column)" }.joined(separator: ", ")
        let seen = try await sql.raw("SELECT pseudonym, MIN(\(unsafeRaw: dayOf("occurred_at"))) AS first_day, \(unsafeRaw: steps) FROM user_events WHERE \(window) GROUP BY pseudonym")
            .all()
        struct Organization: Decodable { let pseudonym: String; let organization_id: UUID }
        var organizations: [String: UUID] = [:]
        for row in try await sql.raw("SELECT DISTINCT pseudonym, organization_id FROM user_events WHERE \(window) AND organization_id IS NOT NULL")
            .all(decoding: Organization.self) {
            organizations[row.pseudonym] = organizations[row.pseudonym] ?? row.organization_id
        }
        var fresh: [String: Member] = [:]
        for row in seen {
            let pseudonym = try row.decode(column: "pseudonym", as: String.self)
            fresh[pseudonym] = Member(organization: organizations[pseudonym], firstDay: try row.decode(column: "first_day", as: Int.self),
                                      steps: try Self.funnel.map { try row.decode(column: $0.column, as: Int?.self) })
        }
        let known = try await members(Array(fresh.keys))
        var changed: [(String, Member)] = [], cohortWeeks = Set<Int>(), signUpWeeks = Set<Int>()
        for (pseudonym, seen) in fresh {
            let old = known[pseudonym]
            var merged = seen
            if let old {
                merged.organization = old.organization ?? seen.organization
                merged.firstDay = min(old.firstDay, seen.firstDay)
                merged.steps = zip(old.steps, seen.steps).map { a, b in [a, b].compactMap { $0 }.min() }
            }
            guard merged != old else { continue }
            changed.append((pseudonym, merged))
            for member in [old, merged].compactMap({ $0 }) {
                cohortWeeks.insert(Day.week(ofEpochDay: member.firstDay))
                if let signedUp = member.steps[0] { signUpWeeks.insert(Day.week(ofEpochDay: signedUp)) }
            }
        }
        summary.members = changed.count
        try await sql.insertRows(
            into: "analytics_members", columns: ["pseudonym", "organization_id", "first_day"] + Self.funnel.map(\.column),
            rows: changed.map { pseudonym, member in [pseudonym, member.organization, member.firstDay] + member.steps.map { $0 as (any Encodable & Sendable) } },
            conflictKey: ["pseudonym"], update: ["organization_id", "first_day"] + Self.funnel.map(\.column))

        // 3. Figures of the touched periods, replaced in one transaction.
        let weeks = Day.week(ofEpochDay: days.lowerBound)...Day.week(ofEpochDay: days.upperBound)
        let activityWeeks = (cohortWeeks.min().map { min($0, weeks.lowerBound) } ?? weeks.lowerBound)...max(weeks.upperBound, cohortWeeks.max() ?? weeks.upperBound)
        var rows: [(period: String, start: Int, organization: UUID?, metric: String, value: Double)] = []
        var replace: [(period: String, starts: [Int])] = []

        // Daily and monthly active members, monthly stickiness (mean daily active / monthly active).
        let months = Self.months(covering: days)
        let dayCounts = try await countsByDay(Day(epochDay: months.first!.lowerBound).epochDay...months.last!.upperBound)
        for (key, count) in dayCounts where days.contains(key.day) {
            rows.append(("day", key.day, key.organization, "active", Double(count)))
        }
        replace.append(("day", Array(days)))
        for month in months {
            let active = try await distinctActive(in: month)
            let elapsed = month.lowerBound...min(month.upperBound, Day.epochDay(of: now))
            for (organization, count) in active {
                rows.append(("month", month.lowerBound, organization, "active", Double(count)))
                let daily = dayCounts.filter { elapsed.contains($0.key.day) && $0.key.organization == organization }.values.reduce(0, +)
                if count > 0, elapsed.count > 0 {
                    rows.append(("month", month.lowerBound, organization, "stickiness", Double(daily) / Double(elapsed.count) / Double(count)))
                }
            }
        }
        replace.append(("month", months.map(\.lowerBound)))
        for week in weeks {
            for (organization, count) in try await distinctActive(in: Day.start(ofWeek: week)...(Day.start(ofWeek: week) + 6)) {
                rows.append(("week", Day.start(ofWeek: week), organization, "active", Double(count)))
            }
        }
        replace.append(("week", weeks.map(Day.start(ofWeek:))))

        // Weekly retention: members of each first-week cohort active in each week, and cohort sizes.
        for (key, count) in try await retention(activityWeeks) {
            rows.append(("retention", Day.start(ofWeek: key.week), key.organization, "cohort:\(Day(epochDay: Day.start(ofWeek: key.cohort)))", Double(count)))
        }
        replace.append(("retention", activityWeeks.map(Day.start(ofWeek:))))
        for (key, count) in try await cohortSizes(activityWeeks) {
            rows.append(("cohort", Day.start(ofWeek: key.week), key.organization, "members", Double(count)))
        }
        replace.append(("cohort", activityWeeks.map(Day.start(ofWeek:))))

        // The funnel of members by sign-up week: each step counts those who took it and every step before.
        if let low = signUpWeeks.min(), let high = signUpWeeks.max() {
            for (key, counts) in try await funnel(low...high) {
                for (step, count) in zip(Self.funnel, counts) {
                    rows.append(("funnel", Day.start(ofWeek: key.week), key.organization, String(step.column.dropLast(4)), Double(count)))
                }
            }
            replace.append(("funnel", (low...high).map(Day.start(ofWeek:))))
        }

        let computed = now, replaced = replace, computedRows = rows
        try await persistence.transaction { sql in
            for (period, starts) in replaced {
                for chunk in SQLCareerStore.chunks(starts.map { Day(epochDay: $0).date }) {
                    try await sql.raw("DELETE FROM engagement_metrics WHERE period = \(bind: period) AND period_start IN (\(binds: chunk))").run()
                }
            }
            try await sql.insertRows(
                into: "engagement_metrics", columns: ["id", "organization_id", "period", "period_start", "metric", "value", "computed_at"],
                rows: computedRows.map { [UUID(), $0.organization, $0.period, Day(epochDay: $0.start).date, $0.metric, $0.value, computed] })
            try await Self.setSetting(Self.watermarkKey, String(now.timeIntervalSince1970), at: now, on: sql)
        }
        return summary
    }

    /// The calendar months (as epoch-day ranges) that the days fall in.
    static func months(covering days: ClosedRange<Int>) -> [ClosedRange<Int>] {
        AnalyticsService.Period.month.starts(covering: Day(epochDay: days.lowerBound)...Day(epochDay: days.upperBound))
            .map { $0.epochDay...($0.nextMonthStart.epochDay - 1) }
    }

    struct DayKey: Hashable { let day: Int; let organization: UUID? }
    struct WeekKey: Hashable { let cohort: Int; let week: Int; let organization: UUID? }

    /// Daily active members per organization (nil: the platform, every member-day).
    func countsByDay(_ days: ClosedRange<Int>) async throws -> [DayKey: Int] {
        struct Row: Decodable { let day: Int; let organization_id: UUID?; let n: Int }
        var counts: [DayKey: Int] = [:]
        for row in try await persistence.sql.raw("""
            SELECT day, organization_id, COUNT(*) AS n FROM member_days WHERE day BETWEEN \(bind: days.lowerBound) AND \(bind: days.upperBound)
            GROUP BY day, organization_id
            """).all(decoding: Row.self) {
            if let organization = row.organization_id { counts[DayKey(day: row.day, organization: organization), default: 0] += row.n }
            counts[DayKey(day: row.day, organization: nil), default: 0] += row.n
        }
        return counts
    }

    /// Distinct active members over the days, per organization and (nil) for the platform.
    func distinctActive(in days: ClosedRange<Int>) async throws -> [UUID?: Int] {
        struct Row: Decodable { let organization_id: UUID?; let n: Int }
        let between: SQLQueryString = "day BETWEEN \(bind: days.lowerBound) AND \(bind: days.upperBound)"
        var counts: [UUID?: Int] = [:]
        for row in try await persistence.sql.raw("""
            SELECT organization_id, COUNT(DISTINCT pseudonym) AS n FROM member_days WHERE \(between) AND organization_id IS NOT NULL GROUP BY organization_id
            """).all(decoding: Row.self) {
            counts[row.organization_id] = row.n
        }
        struct Total: Decodable { let n: Int }
        counts[nil] = try await persistence.sql.raw("SELECT COUNT(DISTINCT pseudonym) AS n FROM member_days WHERE \(between)").first(decoding: Total.self)?.n ?? 0
        return counts
    }

    /// Members of each cohort (first-activity week) active in each week of `weeks`.
    func retention(_ weeks: ClosedRange<Int>) async throws -> [WeekKey: Int] {
        struct Row: Decodable { let cohort: Int; let week: Int; let organization_id: UUID?; let n: Int }
        var counts: [WeekKey: Int] = [:]
        for row in try await persistence.sql.raw("""
            SELECT (m.first_day + 3) / 7 AS cohort, (d.day + 3) / 7 AS week, m.organization_id, COUNT(DISTINCT d.pseudonym) AS n
            FROM member_days d JOIN analytics_members m ON m.pseudonym = d.pseudonym
            WHERE d.day BETWEEN \(bind: Day.start(ofWeek: weeks.lowerBound)) AND \(bind: Day.start(ofWeek: weeks.upperBound) + 6)
            GROUP BY (m.first_day + 3) / 7, (d.day + 3) / 7, m.organization_id
            """).all(decoding: Row.self) {
            // A member has one organization here, so the platform's count is the sum of the groups.
            if let organization = row.organization_id { counts[WeekKey(cohort: row.cohort, week: row.week, organization: organization), default: 0] += row.n }
            counts[WeekKey(cohort: row.cohort, week: row.week, organization: nil), default: 0] += row.n
        }
        return counts
    }

    func cohortSizes(_ weeks: ClosedRange<Int>) async throws -> [WeekKey: Int] {
        struct Row: Decodable { let week: Int; let organization_id: UUID?; let n: Int }
        var counts: [WeekKey: Int] = [:]
        for row in try await persistence.sql.raw("""
            SELECT (first_day + 3) / 7 AS week, organization_id, COUNT(*) AS n FROM analytics_members
            WHERE first_day BETWEEN \(bind: Day.start(ofWeek: weeks.lowerBound)) AND \(bind: Day.start(ofWeek: weeks.upperBound) + 6)
            GROUP BY (first_day + 3) / 7, organization_id
            """).all(decoding: Row.self) {
            if let organization = row.organization_id { counts[WeekKey(cohort: row.week, week: row.week, organization: organization), default: 0] += row.n }
            counts[WeekKey(cohort: row.week, week: row.week, organization: nil), default: 0] += row.n
        }
        return counts
    }

    func funnel(_ weeks: ClosedRange<Int>) async throws -> [WeekKey: [Int]] {
        var reached: [String] = []
        for index in Self.funnel.indices {
            let all = Self.funnel[...index].map { "\($0.column) IS NOT NULL" }.joined(separator: " AND ")
            reached.append("SUM(CASE WHEN \(all) THEN 1 ELSE 0 END) AS step\(index)")
        }
        var counts: [WeekKey: [Int]] = [:]
        for row in try await persistence.sql.raw("""
            SELECT (signed_up_day + 3) / 7 AS week, organization_id, \(unsafeRaw: reached.joined(separator: ", ")) FROM analytics_members
            WHERE signed_up_day BETWEEN \(bind: Day.start(ofWeek: weeks.lowerBound)) AND \(bind: Day.start(ofWeek: weeks.upperBound) + 6)
            GROUP BY (signed_up_day + 3) / 7, organization_id
            """).all() {
            let week = try row.decode(column: "week", as: Int.self), organization = try row.decode(column: "organization_id", as: UUID?.self)
            let steps = try Self.funnel.indices.map { try row.decode(column: "step\($0)", as: Int.self) }
            for key in [organization.map { WeekKey(cohort: week, week: week, organization: $0) }, WeekKey(cohort: week, week: week, organization: nil)].compactMap({ $0 }) {
                counts[key] = zip(counts[key] ?? Array(repeating: 0, count: steps.count), steps).map { $0 + $1 }
            }
        }
        return counts
    }

    func members(_ pseudonyms: [String]) async throws -> [String: Member] {
        var found: [String: Member] = [:]
        for chunk in SQLCareerStore.chunks(pseudonyms) {
            for row in try await persistence.sql.raw("""
                SELECT pseudonym, organization_id, first_day, \(unsafeRaw: Self.funnel.map(\.column).joined(separator: ", ")) FROM analytics_members WHERE pseudonym IN (\(binds: chunk))
                """).all() {
                found[try row.decode(column: "pseudonym", as: String.self)] = Member(
                    organization: try row.decode(column: "organization_id", as: UUID?.self), firstDay: try row.decode(column: "first_day", as: Int.self),
                    steps: try Self.funnel.map { try row.decode(column: $0.column, as: Int?.self) })
            }
        }
        return found
    }
}
