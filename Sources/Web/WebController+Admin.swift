import Analytics
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// The analytics dashboard: active members, retention cohorts as a heat map, the sign-up funnel
/// and skill demand, for the platform (platform admins) or the caller's organization (its
/// admins). Figures about fewer than k members are withheld, as in every report.
struct AnalyticsPage {
    struct Cohort { let week: String; let members: String; let cells: [Cell] }
    struct Cell { let text: String; let shade: String }
    struct Step { let name: String; let members: String; let share: String }
    struct Trend { let skill: String; let total: Int; let growth: String }
    struct Key { let name: String; let number: Int }

    let chrome: Chrome
    let scope: String
    let range: String
    let k: Int
    let activeChart: String
    let demandChart: String?
    let demandKeys: [Key]
    let weeks: [String]
    let cohorts: [Cohort]
    let funnelChart: String
    let funnel: [Step]
    let rising: [Trend]
    let falling: [Trend]
}

extension WebController {
    func addAdminRoutes(to router: Router<Context>) {
        router.get("admin/analytics") { request, context in
            try await member(request, context) { principal, csrf in try renderer.response(try await analytics(principal, csrf), template: "analytics") }
        }
    }

    func analytics(_ principal: Principal, _ csrf: String) async throws -> AnalyticsPage {
        let reports = services.reports
        let organization = try await reports.defaultOrganization(for: principal)
        let today = Day(services.clock.now())
        // No organization named: each report reads the caller's own, as `organization` says,
        // without looking the organization up again.
        let query = ReportQuery(from: Day(epochDay: today.epochDay - 7 * 26 + 1).description, to: today.description)
        let range = try ReportRange(from: query.from, to: query.to, today: today)
        // Four independent reports, side by side; the page shows demand's growth, not forecasts.
        async let engagementRead = reports.engagement(.week, query, by: principal)
        async let retentionRead = reports.retention(query, by: principal)
        async let funnelRead = reports.funnel(query, by: principal)
        async let marketRead = reports.market(.week, ReportQuery(from: Day(epochDay: today.epochDay - 7 * 12 + 1).description, to: today.description),
                                              occupationURI: nil, location: nil, limit: 10, outlooks: false, by: principal)
        let (engagement, retention, funnel, market) = try await (engagementRead, retentionRead, funnelRead, marketRead)
        let width = retention.cohorts.map(\.retained.count).max() ?? 0
        let top = market.skills.sorted { $0.total > $1.total }.prefix(3)
        func percent(_ share: Double?) -> String { share.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
        func growth(_ percent: Double?) -> String { percent.map { String(format: "%+.0f%%", $0) } ?? "new" }
        return AnalyticsPage(
            chrome: renderer.chrome("Analytics", for: principal, csrf: csrf, current: "/admin/analytics"),
            scope: organization.flatMap { id in principal.memberships.first { $0.organizationID == id }?.organizationName } ?? "the whole platform", range: "\(range.days.lowerBound) to \(range.days.upperBound)", k: engagement.k,
            activeChart: Charts.line(title: "Weekly active members", labels: engagement.points.map { String($0.start.description.dropFirst(5)) },
                                     series: [Charts.Series(name: "Active members", values: engagement.points.map { $0.activeMembers.map(Double.init) })]),
            demandChart: top.isEmpty ? nil : Charts.line(title: "Postings a week for the most asked-for skills", labels: market.periods.map { String($0.description.dropFirst(5)) },
                                                         series: top.map { Charts.Series(name: $0.skill, values: $0.postings.map(Double.init)) }),
            demandKeys: top.enumerated().map { AnalyticsPage.Key(name: $0.element.skill, number: $0.offset + 1) },
            weeks: (0..<width).map { "week \($0)" },
            cohorts: retention.cohorts.map { cohort in
                AnalyticsPage.Cohort(week: cohort.week.description, members: cohort.members.map(String.init) ?? "—",
                                     cells: (0..<width).map { index in
                                         let share = index < cohort.retained.count ? cohort.retained[index] : nil
                                         return AnalyticsPage.Cell(text: index < cohort.retained.count ? percent(share) : "",
                                                                   shade: share.map { "h\(min(9, Int(($0 * 10).rounded(.down))))" } ?? "h-none")
                                     })
            },
            funnelChart: Charts.columns(title: "Sign-up funnel", labels: funnel.steps.map { Format.words($0.name) },
                                        values: funnel.steps.map { $0.members.map(Double.init) }),
            funnel: funnel.steps.enumerated().map { index, step in
                AnalyticsPage.Step(name: Format.words(step.name), members: step.members.map(String.init) ?? "—",
                                   share: index == 0 && step.members != nil ? "100%" : percent(step.fromStart))
            },
            rising: market.rising.map { AnalyticsPage.Trend(skill: $0.skill, total: $0.total, growth: growth($0.growth)) },
            falling: market.falling.map { AnalyticsPage.Trend(skill: $0.skill, total: $0.total, growth: growth($0.growth)) })
    }
}
