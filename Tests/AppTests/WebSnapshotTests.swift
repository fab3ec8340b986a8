import Foundation
import Testing
@testable import Web

/// The templates rendered from fixed page models (dates as a fixed clock would give them):
/// each page's HTML is compared with the copy kept in `Snapshots/`. A change to a page shows up
/// here as a diff to read; `UPDATE_SNAPSHOTS=1 swift test --filter WebSnapshotTests` rewrites
/// the copies after a deliberate change.
@Suite struct WebSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func renderer() async throws -> Renderer { try await Renderer(assets: Assets()) }

    /// Asset names carry their content's hash; the snapshots do not depend on the stylesheet.
    static func normalized(_ html: String) -> String {
        html.replacingOccurrences(of: #"/static/app\.[0-9a-f]{10}\."#, with: "/static/app.HASH.", options: .regularExpression)
    }

    static func check(_ html: String, named name: String) throws {
        let file = directory.appendingPathComponent("\(name).html")
        let rendered = normalized(html)
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try rendered.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard FileManager.default.fileExists(atPath: file.path) else {
            try rendered.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("there was no snapshot \(name).html: written now, to read and check in")
            return
        }
        let kept = try String(contentsOf: file, encoding: .utf8)
        let (renderedLines, keptLines) = (rendered.split(separator: "\n", omittingEmptySubsequences: false), kept.split(separator: "\n", omittingEmptySubsequences: false))
        let first = zip(renderedLines, keptLines).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(rendered == kept, "\(name).html differs at line \((first?.offset ?? min(renderedLines.count, keptLines.count)) + 1): \(first.map { "\($0.element.0)  ≠ kept  \($0.element.1)" } ?? "length")")
    }

    static func chrome(_ renderer: Renderer, _ title: String, current: String) -> Chrome {
        Chrome(title: title, css: renderer.assets.path("app.css"), js: renderer.assets.path("app.js"), user: true,
               links: [Chrome.Link(href: "/dashboard", label: "Dashboard", current: current == "/dashboard"),
                       Chrome.Link(href: "/admin/analytics", label: "Analytics", current: current == "/admin/analytics")],
               csrf: "CSRF-TOKEN", notice: nil)
    }

    @Test func dashboardDrawsProgressAndListsGoalsStepsAndMatches() async throws {
        let renderer = try await Self.renderer()
        let days = ["09-01", "09-02", "09-03", "09-04", "09-05"]
        let page = DashboardPage(
            chrome: Self.chrome(renderer, "Dashboard", current: "/dashboard"), greeting: "Welcome back, Ada <Lovelace>",
            chart: Charts.line(title: "Your skills over the last 90 days", labels: days,
                               series: [Charts.Series(name: "Level sum", values: [10, 11, nil, 14, 15]), Charts.Series(name: "Skills", values: [4, 4, nil, 5, 5])]),
            goals: [DashboardPage.GoalRow(title: "Lead a team", status: "active", milestones: "1 of 3 milestones")],
            steps: [DashboardPage.Step(title: "Learn Swift concurrency", kind: "learn", phase: "Close the gap")],
            matches: [DashboardPage.MatchRow(id: "00000000-0000-0000-0000-000000000001", title: "Developer", employer: "Acme & Co", score: 72, summary: "Good fit")])
        let html = try renderer.render(page, template: "dashboard")
        #expect(html.contains("Welcome back, Ada &lt;Lovelace&gt;"), "text is escaped")
        #expect(html.contains("Acme &amp; Co"))
        #expect(html.contains("<path class=\"line-1\" d=\"M44.0"), "the chart is drawn, not escaped")
        try Self.check(html, named: "dashboard")
    }

    @Test func analyticsShowsCohortsAsAHeatMapAndWithheldFiguresAsDashes() async throws {
        let renderer = try await Self.renderer()
        let page = AnalyticsPage(
            chrome: Self.chrome(renderer, "Analytics", current: "/admin/analytics"), scope: "Acme", range: "2026-06-01 to 2026-11-27", k: 5,
            activeChart: Charts.line(title: "Weekly active members", labels: ["06-01", "06-08", "06-15"], series: [Charts.Series(name: "Active members", values: [12, nil, 30])]),
            demandChart: Charts.line(title: "Postings a week for the most asked-for skills", labels: ["06-01", "06-08"],
                                     series: [Charts.Series(name: "Swift", values: [3, 6]), Charts.Series(name: "SQL", values: [2, 2])]),
            demandKeys: [AnalyticsPage.Key(name: "Swift", number: 1), AnalyticsPage.Key(name: "SQL", number: 2)],
            weeks: ["week 0", "week 1"],
            cohorts: [AnalyticsPage.Cohort(week: "2026-06-01", members: "12", cells: [AnalyticsPage.Cell(text: "100%", shade: "h9"), AnalyticsPage.Cell(text: "42%", shade: "h4")]),
                      AnalyticsPage.Cohort(week: "2026-06-08", members: "—", cells: [AnalyticsPage.Cell(text: "—", shade: "h-none"), AnalyticsPage.Cell(text: "", shade: "h-none")])],
            funnelChart: Charts.columns(title: "Sign-up funnel", labels: ["signed up", "profile"], values: [20, nil]),
            funnel: [AnalyticsPage.Step(name: "signed up", members: "20", share: "100%"), AnalyticsPage.Step(name: "profile", members: "—", share: "—")],
            rising: [AnalyticsPage.Trend(skill: "Swift", total: 9, growth: "+50%")], falling: [])
        let html = try renderer.render(page, template: "analytics")
        #expect(html.contains("<td class=\"h4\">42%</td>"))
        #expect(html.contains("Not enough postings yet."))
        try Self.check(html, named: "analytics")
    }

    @Test func signUpShowsEachErrorBesideItsField() async throws {
        let renderer = try await Self.renderer()
        let page = AuthPage(
            chrome: Chrome(title: "Create your account", css: renderer.assets.path("app.css"), js: renderer.assets.path("app.js"), user: false, links: [], csrf: "", notice: nil),
            providers: [AuthPage.Provider(id: "oidc", name: "Company login")],
            email: Field(id: "email", name: "email", label: "E-mail address", type: "email", value: "ada@example.com", required: true),
            password: Field(id: "password", name: "password", label: "Password", type: "password", error: "must be at least 12 characters", required: true),
            name: Field(id: "name", name: "name", label: "Your name", value: "Ada", required: true), next: "/onboarding", error: nil)
        let html = try renderer.render(page, template: "sign-up")
        #expect(html.contains("<p class=\"error\" id=\"password-error\">must be at least 12 characters</p>"))
        #expect(html.contains("href=\"/auth/sso/oidc/start\""))
        #expect(!html.contains("csrf-token"), "no session, no token")
        try Self.check(html, named: "sign-up")
    }

    @Test func chartsScaleToRoundNumbersAndDescribeThemselves() {
        #expect(Charts.niceCeiling(0) == 1 && Charts.niceCeiling(7) == 10 && Charts.niceCeiling(23) == 25 && Charts.niceCeiling(101) == 200)
        let svg = Charts.line(title: "T", labels: ["a", "b"], series: [Charts.Series(name: "S", values: [1, 3])])
        #expect(svg.contains("<desc") && svg.contains("S: 1 on a, 3 on b"))
        #expect(svg.contains("text-anchor=\"start\">a<") && svg.contains("text-anchor=\"end\">b<"), "edge labels stay inside the plot")
    }
}
