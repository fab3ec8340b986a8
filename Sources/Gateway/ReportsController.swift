import Analytics
import Career
import Core
import Foundation
import Hummingbird
import Identity

/// The analytics reports behind the admin dashboard, each as JSON or, with `?format=csv`, as a
/// CSV download: `GET /api/v1/analytics/reports/{engagement,retention,funnel,progress,market}`
/// with `from`, `to` (YYYY-MM-DD, the last 90 days by default) and `organization`. Platform admins
/// read any organization or (without one) the platform; org admins their own organization; nobody
/// else. And `GET /api/v1/users/{user}/progress`, a member's own progress day by day.
public struct ReportsController<Context: GatewayContext>: Sendable {
    let reports: ReportAccess
    let career: CareerService
    var analytics: AnalyticsService { reports.analytics }

    public init(analytics: AnalyticsService, organizations: OrganizationService, career: CareerService) {
        reports = ReportAccess(analytics: analytics, organizations: organizations)
        self.career = career
    }

    public func addRoutes(to api: RouterGroup<Context>) {
        let group = api.group("analytics/reports")
        group.get("engagement") { request, context -> Response in
            let (organization, range) = try await scope(request, context)
            let period = try Self.period(request, default: .day)
            return try Self.answer(request, try await analytics.engagement(period, range: range, organization: organization), name: "engagement", csv: ReportCSV.csv)
        }
        group.get("retention") { request, context -> Response in
            let (organization, range) = try await scope(request, context)
            return try Self.answer(request, try await analytics.retention(range: range, organization: organization), name: "retention", csv: ReportCSV.csv)
        }
        group.get("funnel") { request, context -> Response in
            let (organization, range) = try await scope(request, context)
            return try Self.answer(request, try await analytics.funnel(range: range, organization: organization), name: "funnel", csv: ReportCSV.csv)
        }
        group.get("progress") { request, context -> Response in
            let (organization, range) = try await scope(request, context)
            let scope = try await reports.progressScope(organization: organization, team: request.uri.queryParameters["team"].map(String.init),
                                                        by: try AccessPolicy.requireSignedIn(context.principal))
            return try Self.answer(request, try await analytics.progress(scope, range: range), name: "progress", csv: ReportCSV.csv)
        }
        group.get("market") { request, context -> Response in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let (_, range) = try await scope(request, context)
            let query = request.uri.queryParameters
            let visible = principal.opportunityScope
            let report = try await analytics.market(
                try Self.period(request, default: .week), range: range, occupationURI: query["occupation"].map(String.init),
                location: query["location"].map(String.init), organizations: visible.allOrganizations ? nil : visible.organizations,
                limit: try request.integer("limit", default: 20))
            return try Self.answer(request, report, name: "market", csv: ReportCSV.csv)
        }
        api.get("users/:user/progress") { request, context -> Response in
            let (principal, member) = try MemberPath.member(context)
            try await career.access.requireRead(member, by: principal)
            let range = try ReportRange(from: request.uri.queryParameters["from"].map(String.init), to: request.uri.queryParameters["to"].map(String.init),
                                        today: analytics.today)
            return try Self.answer(request, try await analytics.progress(of: member, range: range), name: "my-progress", csv: ReportCSV.csv)
        }
    }

    func scope(_ request: Request, _ context: Context) async throws -> (UUID?, ReportRange) {
        let query = request.uri.queryParameters
        return try await reports.scope(organization: query["organization"].map(String.init), from: query["from"].map(String.init),
                                       to: query["to"].map(String.init), by: try AccessPolicy.requireSignedIn(context.principal))
    }

    static func period(_ request: Request, default fallback: AnalyticsService.Period) throws -> AnalyticsService.Period {
        try ReportAccess.period(request.uri.queryParameters["period"].map(String.init), default: fallback)
    }

    /// JSON, or CSV as a download when `format=csv`.
    static func answer<Report: Encodable>(_ request: Request, _ report: Report, name: String, csv: (Report) -> String) throws -> Response {
        switch request.uri.queryParameters["format"].map(String.init) ?? "json" {
        case "json":
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(data: try APIJSON.encoder.encode(report))))
        case "csv":
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name).csv\"",
                                                   .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: csv(report))))
        default:
            throw DomainError.invalid(field: "format", reason: "must be json or csv")
        }
    }
}

/// Who may read which report, shared by REST and GraphQL.
struct ReportAccess: Sendable {
    let analytics: AnalyticsService
    let organizations: OrganizationService

    /// The organization the caller may see (404 for one they may not) and the date range.
    func scope(organization text: String?, from: String?, to: String?, by principal: Principal) async throws -> (UUID?, ReportRange) {
        var requested: UUID?
        if let text {
            guard let id = UUID(uuidString: text) else { throw DomainError.invalid(field: "organization", reason: "must be an organization id") }
            requested = id
        }
        let organization = try await organizations.reportOrganization(requested, by: principal)
        return (organization, try ReportRange(from: from, to: to, today: analytics.today))
    }

    /// The organization's members, or one of its teams (404 for a team of another organization).
    func progressScope(organization: UUID?, team text: String?, by principal: Principal) async throws -> ProgressScope {
        guard let text else { return organization.map { .organization($0) } ?? .platform }
        guard let id = UUID(uuidString: text) else { throw DomainError.invalid(field: "team", reason: "must be a team id") }
        let team = try await organizations.reportableTeam(id, by: principal, k: analytics.suppression.k)
        guard organization == nil || organization == team.organizationID else { throw DomainError.notFound("team") }
        return .team(team.id)
    }

    static func period(_ text: String?, default fallback: AnalyticsService.Period) throws -> AnalyticsService.Period {
        guard let text else { return fallback }
        guard let period = AnalyticsService.Period(rawValue: text) else { throw DomainError.invalid(field: "period", reason: "must be day, week or month") }
        return period
    }
}
