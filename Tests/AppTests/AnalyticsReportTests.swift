@testable import Analytics
@testable import App
import Core
@testable import Identity
import Foundation
import SQLKit
@testable import Storage
import Testing

/// Roll-ups, progress snapshots, market trends and the reports over them, on the demo data and
/// on events small enough to count by hand.
@Suite struct AnalyticsReportTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func demoMonthsShowEngagementRetentionFunnelAndProgress() async throws {
        try await TestPlatform.with(clock: FixedClock(Self.now)) { platform in
            _ = try await platform.loadTaxonomy(from: nil) { _ in }
            _ = try await platform.demoSeeder.seed()
            let summary = try await platform.analytics.rollUp()
            #expect(summary.events > 5_000 && summary.members == 150, "\(summary)")
            let analytics = platform.analytics, today = analytics.today
            let range = ReportRange(days: Day(epochDay: today.epochDay - 119)...today)

            let daily = try await analytics.engagement(.day, range: range, organization: nil)
            let weekly = try await analytics.engagement(.week, range: range, organization: nil)
            let monthly = try await analytics.engagement(.month, range: range, organization: nil)
            let dau = daily.points.compactMap(\.activeMembers), wau = weekly.points.compactMap(\.activeMembers)
            #expect(dau.count >= 100 && dau.max()! > 10, "\(dau)")
            #expect(wau.max()! >= dau.max()! && monthly.points.compactMap(\.activeMembers).max()! >= wau.max()!)
            let stickiness = monthly.points.compactMap(\.stickiness)
            #expect(!stickiness.isEmpty && stickiness.allSatisfy { $0 > 0 && $0 <= 1 }, "\(monthly.points)")

            let retention = try await analytics.retention(range: range, organization: nil)
            let visible = retention.cohorts.filter { $0.members != nil }
            #expect(visible.count >= 5, "\(retention.cohorts.map(\.members))")
            #expect(visible.allSatisfy { $0.retained.first == 1 }, "everyone is active in their first week")
            // Cohorts thin out: on average, fewer are active four weeks on than in the first week.
            let later = visible.compactMap { $0.retained.count > 4 ? $0.retained[4] : nil }
            #expect(!later.isEmpty && later.reduce(0, +) / Double(later.count) < 0.9, "\(later)")

            let funnel = try await analytics.funnel(range: ReportRange(days: Day(epochDay: today.epochDay - 179)...today), organization: nil)
            let steps = funnel.steps.compactMap(\.members)
            #expect(steps.count == 5 && steps[0] == 150 && zip(steps, steps.dropFirst()).allSatisfy { $0 >= $1 } && steps[4] > 0, "\(funnel.steps)")

            let progress = try await analytics.progress(.platform, range: range)
            #expect(progress.points.count == 120 && progress.points.allSatisfy { $0.members != nil })
            let (first, last) = (progress.points.first!, progress.points.last!)
            #expect(last.members! > first.members! && last.skills! > 0 && last.planCompletion! > first.planCompletion!, "\(first) \(last)")

            let market = try await analytics.market(.week, range: range, occupationURI: nil, location: nil, organizations: nil, limit: 10)
            #expect(market.skills.count == 10 && market.skills.allSatisfy { $0.postings.count == market.periods.count })
            #expect(market.skills.first!.total >= market.skills.last!.total)
        }
    }
}

extension AnalyticsReportTests {
    /// Events for seven members over five weeks, rolled up in two runs (the second with a late
    /// event that moves a member's first week), against the same figures counted by hand.
    @Test func rollUpsMatchACountByHandAcrossIncrementalRuns() async throws {
        try await TestPlatform.with(clock: FixedClock(Self.now)) { platform in
            let sql = platform.persistence.sql
            let organization = UUID()
            try await sql.raw("""
                INSERT INTO organizations (id, name, slug, is_demo, created_at, updated_at)
                VALUES (\(bind: organization), 'Org', 'org', \(bind: false), \(bind: Self.now), \(bind: Self.now))
                """).run()
            let base = Day("2026-09-07")!.epochDay   // a Monday
            var generator = SeededGenerator(seed: 7)
            var events: [(member: Int, day: Int, type: String)] = []
            for member in 0..<7 {
                let joined = base + Int.random(in: 3...10, using: &generator)
                events.append((member, joined, "signed_up"))
                for (step, type) in ["profile_updated", "skill_added", "goal_created", "plan_generated"].enumerated() where member % 5 > step {
                    events.append((member, joined + step, type))
                }
                for day in joined...(base + 34) where Int.random(in: 0..<10, using: &generator) < 10 - (day - joined) / 4 {
                    events.append((member, day, "page_viewed"))
                }
            }
            let late = (member: 6, day: base + 1, type: "page_viewed")
            func stored(_ event: (member: Int, day: Int, type: String), received: Date) -> StoredEvent {
                StoredEvent(clientID: "hand-\(UUID().uuidString)", pseudonym: "member-\(event.member)", organizationID: event.member < 6 ? organization : nil,
                            type: event.type, properties: "{}", occurredAt: Day(epochDay: event.day).date.addingTimeInterval(3_600 * Double(event.member + 1)),
                            receivedAt: received)
            }
            let store = SQLAnalyticsStore(persistence: platform.persistence), events1 = SQLEventStore(persistence: platform.persistence)
            let firstRun = Day(epochDay: base + 20).date, secondRun = Day(epochDay: base + 36).date
            _ = try await events1.insert(events.filter { $0.day < base + 20 }.map { stored($0, received: firstRun.addingTimeInterval(-60)) })
            _ = try await store.rollUp(now: firstRun)
            _ = try await events1.insert((events.filter { $0.day >= base + 20 } + [late]).map { stored($0, received: secondRun.addingTimeInterval(-60)) })
            let summary = try await store.rollUp(now: secondRun)
            #expect(summary.days?.lowerBound == base + 1, "the late event reaches back: \(summary)")
            events.append(late)

            func metric(_ period: String, _ start: Int, _ name: String, organization: UUID? = nil) async throws -> Int {
                Int(try await store.metrics(period: period, days: Day(epochDay: start)...Day(epochDay: start), organization: organization)
                    .first { $0.metric == name }?.value ?? 0)
            }
            func active(_ days: ClosedRange<Int>, org: Bool = false) -> Int {
                Set(events.filter { days.contains($0.day) && (!org || $0.member < 6) }.map(\.member)).count
            }
            for day in base...(base + 34) {
                #expect(try await metric("day", day, "active") == active(day...day), "day \(day - base)")
                #expect(try await metric("day", day, "active", organization: organization) == active(day...day, org: true), "org day \(day - base)")
            }
            let weeks = Day.week(ofEpochDay: base)...Day.week(ofEpochDay: base + 34)
            for week in weeks {
                let start = Day.start(ofWeek: week)
                #expect(try await metric("week", start, "active") == active(start...(start + 6)), "week \(week)")
            }
            for month in [Day("2026-09-01")!, Day("2026-10-01")!] {
                #expect(try await metric("month", month.epochDay, "active") == active(month.epochDay...(month.nextMonthStart.epochDay - 1)))
            }
            // Retention: each member's cohort is the week of their first event (the late one for member 6).
            let cohorts = Dictionary(grouping: events, by: \.member).mapValues { Day.week(ofEpochDay: $0.map(\.day).min()!) }
            #expect(cohorts[6] == Day.week(ofEpochDay: base + 1))
            for cohort in Set(cohorts.values) {
                let members = cohorts.filter { $0.value == cohort }.map(\.key)
                #expect(try await metric("cohort", Day.start(ofWeek: cohort), "members") == members.count)
                for week in weeks where week >= cohort {
                    let start = Day.start(ofWeek: week)
                    let expected = Set(events.filter { members.contains($0.member) && (start...(start + 6)).contains($0.day) }.map(\.member)).count
                    #expect(try await metric("retention", start, "cohort:\(Day(epochDay: Day.start(ofWeek: cohort)))") == expected, "cohort \(cohort) week \(week)")
                }
            }
            // The funnel counts a step only for members who took every step before it.
            var funnel = [Int](repeating: 0, count: 5)
            for member in 0..<7 {
                for step in 0..<5 where member % 5 >= step { funnel[step] += 1 }
            }
            var rolled = [Int](repeating: 0, count: 5)
            for row in try await store.metrics(period: "funnel", days: Day(epochDay: base - 7)...Day(epochDay: base + 35), organization: nil) {
                if let index = AnalyticsService.funnelSteps.firstIndex(of: row.metric) { rolled[index] += Int(row.value) }
            }
            #expect(rolled == funnel, "\(rolled) against \(funnel)")

            // A third run with nothing new changes nothing and reads nothing old.
            let again = try await store.rollUp(now: secondRun.addingTimeInterval(120))
            #expect(again.events == 0 || again.days.map { $0.lowerBound >= base + 20 } == true, "\(again)")
        }
    }

    /// Groups under k members are withheld; a platform admin sees the platform, an org admin only
    /// their organization; others get 404 or 403; CSV comes as a download; a bad date names its field.
    @Test func reportsAreRestrictedSuppressedAndDownloadable() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let root = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            let organization = try #require(try await api.call(.post, "/api/v1/orgs", ["name": "Small Org", "slug": "small-org"], token: root).1["id"].string)
            let otherOrganization = try #require(try await api.call(.post, "/api/v1/orgs", ["name": "Other Org", "slug": "other-org"], token: root).1["id"].string)
            for (email, org, role) in [("org-admin@example.com", organization, "org_admin"), ("plain@example.com", organization, "member"),
                                       ("other-admin@example.com", otherOrganization, "org_admin")] {
                _ = try await api.signUp(email)
                try await api.join(email, org, as: role, invitedBy: root, in: platform)
            }
            let admin = try AuthClient.decode(TokenPair.self, try await api.login("org-admin@example.com")).accessToken
            let member = try AuthClient.decode(TokenPair.self, try await api.login("plain@example.com")).accessToken
            for token in [admin, member] {
                let (status, body) = try await api.call(.post, "/api/v1/analytics/track", ["id": "evt-\(UUID().uuidString.prefix(8))", "type": "page_viewed",
                                                                                           "occurred_at": AnalyticsTests.now()], token: token)
                #expect(status == .accepted && body["accepted"].int == 1, "\(body)")
            }
            _ = try await platform.events.flush()
            _ = try await platform.analytics.rollUp()

            var (status, body) = try await api.call(.get, "/api/v1/analytics/reports/engagement", token: admin)
            #expect(status == .ok && body["organization_id"].string?.lowercased() == organization.lowercased(), "an org admin reads their own organization")
            let today = body["points"].array.last
            #expect(today?["active_members"].isNull == true, "two active members of k = 5 are withheld: \(body)")
            #expect(try await api.call(.get, "/api/v1/analytics/reports/funnel?organization=\(otherOrganization)", token: admin).0 == .notFound)
            #expect(try await api.call(.get, "/api/v1/analytics/reports/retention", token: member).0 == .forbidden)
            #expect(try await api.call(.get, "/api/v1/analytics/reports/retention", token: nil).0 == .unauthorized)
            (status, body) = try await api.call(.get, "/api/v1/analytics/reports/engagement?from=2026-13-01", token: admin)
            #expect(status == .unprocessableContent && body["errors"]["from"].string != nil, "\(body)")
            (status, body) = try await api.call(.get, "/api/v1/analytics/reports/engagement?period=year", token: admin)
            #expect(body["errors"]["period"].string != nil)

            let response = try await api.raw(.get, "/api/v1/analytics/reports/funnel?format=csv", token: admin)
            #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(response.headers[.contentDisposition]?.contains("funnel.csv") == true)
            #expect(String(buffer: response.body).hasPrefix("step,members,from_previous,from_start\r\nsigned_up,"))

            // GraphQL answers the same, under the same rules.
            let query = #"{ engagementReport(period: "week") { organizationId k points { start activeMembers } } funnelReport { steps { name members } } }"#
            (status, body) = try await api.call(.post, "/graphql", ["query": query], token: admin)
            #expect(body["data"]["engagementReport"]["organizationId"].string == organization.lowercased() && body["data"]["engagementReport"]["k"].int == 5, "\(body)")
            #expect(body["data"]["funnelReport"]["steps"].array.count == 5)
            (status, body) = try await api.call(.post, "/graphql", ["query": #"{ retentionReport(organization: "\#(otherOrganization)") { k } }"#], token: admin)
            #expect(body["errors"].array.isEmpty == false && body["data"]["retentionReport"].isNull, "\(body)")

            // The platform admin sees the platform, or any organization.
            (status, body) = try await api.call(.get, "/api/v1/analytics/reports/funnel", token: root)
            #expect(status == .ok && body["organization_id"].isNull && body["steps"][0]["members"].isNull, "four sign-ups of k = 5 are withheld: \(body)")
            #expect(try await api.call(.get, "/api/v1/analytics/reports/funnel?organization=\(otherOrganization)", token: root).0 == .ok)

            // The decision is the domain's (ReportAccess), whichever edge asks: called directly,
            // a plain member reads no report, another organization's admin neither that
            // organization's figures nor a member's own progress (which the member's admin reads
            // only as their visibility allows).
            func principal(_ token: String) async throws -> Principal {
                let text = try await api.call(.get, "/api/v1/me", token: token).1["id"].string
                let id = try #require(text.flatMap(UUID.init(uuidString:)))
                return try await platform.auth.principal(userID: id, credential: .accessToken(sessionID: nil))
            }
            let otherAdmin = try await principal(try AuthClient.decode(TokenPair.self, try await api.login("other-admin@example.com")).accessToken)
            let plain = try await principal(member)
            await #expect(throws: DomainError.forbidden) { try await platform.reports.retention(ReportQuery(), by: plain) }
            await #expect(throws: DomainError.notFound("organization")) {
                try await platform.reports.funnel(ReportQuery(organization: organization), by: otherAdmin)
            }
            await #expect(throws: DomainError.self) { try await platform.reports.progress(of: plain.userID, ReportQuery(), by: otherAdmin) }
            _ = try await platform.reports.progress(of: plain.userID, ReportQuery(), by: plain)
        }
    }
}

extension AnalyticsReportTests {
    /// On PostgreSQL events live in monthly partitions made as needed and ahead of time, and the
    /// months past the retention are dropped whole; SQLite deletes the old rows.
    @Test func eventStorageKeepsMonthsAheadAndDropsThosePastRetention() async throws {
        try await TestPlatform.with(clock: FixedClock(Self.now)) { platform in
            let store = SQLEventStore(persistence: platform.persistence), sql = platform.persistence.sql
            let old = Self.now.addingTimeInterval(-900 * 86_400), recent = Self.now.addingTimeInterval(-86_400)
            let events = [("old-event-1", old), ("recent-event-1", recent)].map {
                StoredEvent(clientID: $0.0, pseudonym: "p", organizationID: nil, type: "page_viewed", properties: "{}", occurredAt: $0.1, receivedAt: Self.now)
            }
            #expect(try await store.insert(events) == 2)
            #expect(try await store.insert(events) == 0, "a repeated client id is stored once, in any partition")
            let partitions = EventPartitions(persistence: platform.persistence)
            if platform.persistence.location.isPostgres {
                struct Kind: Decodable { let relkind: String }
                #expect(try await sql.raw("SELECT relkind::text AS relkind FROM pg_class WHERE relname = 'user_events' AND pg_table_is_visible(oid)").first(decoding: Kind.self)?.relkind == "p")
                #expect(try await partitions.list().contains(EventPartitions.name(Day(old))), "made for the old event's month")
            }
            let (created, dropped) = try await platform.analytics.maintainEventStorage(retentionMonths: 25)
            struct Event: Decodable { let client_event_id: String }
            #expect(try await sql.raw("SELECT client_event_id FROM user_events").all(decoding: Event.self).map(\.client_event_id) == ["recent-event-1"])
            if platform.persistence.location.isPostgres {
                let names = try await partitions.list()
                #expect(dropped >= 1 && !names.contains(EventPartitions.name(Day(old))))
                var month = Day(Self.now).monthStart
                for _ in 0...3 {
                    #expect(names.contains(EventPartitions.name(month)), "\(month) is made ahead")
                    month = month.nextMonthStart
                }
                #expect(created >= 0)
            }
        }
    }
}

extension AnalyticsReportTests {
    /// Two teams differing by one member gave that member's progress by subtraction, defeating
    /// the k = 5 floor: such a team's report is refused, naming the field.
    @Test func aTeamThatCouldBeSubtractedToOnePersonIsRefused() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let root = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            let org = try #require(try await api.call(.post, "/api/v1/orgs", ["name": "Teams", "slug": "teams"], token: root).1["id"].string)
            var people: [UUID] = []
            for index in 0..<12 {
                _ = try await api.signUp("person\(index)@example.com")
                try await api.join("person\(index)@example.com", org, as: "member", invitedBy: root, in: platform)
                people.append(try await TestPlatform.userID("person\(index)@example.com", in: platform))
            }
            func team(_ name: String, _ members: ArraySlice<UUID>) async throws -> String {
                let id = try #require(try await api.call(.post, "/api/v1/orgs/\(org)/teams", ["name": name], token: root).1["id"].string)
                for member in members { #expect(try await api.call(.put, "/api/v1/orgs/\(org)/teams/\(id)/members/\(member)", token: root).0 == .noContent) }
                return id
            }
            let wide = try await team("Wide", people[0..<6])
            let narrow = try await team("Narrow", people[0..<5])
            let apart = try await team("Apart", people[6..<11])
            for id in [wide, narrow] {
                let (status, body) = try await api.call(.get, "/api/v1/analytics/reports/progress?organization=\(org)&team=\(id)", token: root)
                #expect(status == .unprocessableContent && body["errors"]["team"].string != nil, "\(body)")
            }
            // A team that differs from every group by k or more (and the organization by more) is reported.
            #expect(try await api.call(.get, "/api/v1/analytics/reports/progress?organization=\(org)&team=\(apart)", token: root).0 == .ok)
        }
    }
}
