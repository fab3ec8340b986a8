import Analytics
import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// The analytics reports behind the admin dashboard, each as JSON or, with `?format=csv`, as a
/// CSV download: `GET /api/v1/analytics/reports/{engagement,retention,funnel,progress,market}`
/// with `from`, `to` (YYYY-MM-DD, the last 90 days by default) and `organization`. Platform admins
/// read any organization or (without one) the platform; org admins their own organization; nobody
/// else. And `GET /api/v1/users/{user}/progress`, a member's own progress day by day. Who reads
/// what is `ReportAccess`'s to decide; this only reads the query and formats the answer.
public struct ReportsController<Context: EdgeContext>: Sendable {
    let reports: ReportAccess

    public init(reports: ReportAccess) {
        self.reports = reports
    }

    public func addRoutes(to api: RouterGroup<Context>) {
        let group = api.group("analytics/reports")
        group.get("engagement") { request, context -> Response in
            let report = try await reports.engagement(try Self.period(request, default: .day), Self.query(request), by: try Self.caller(context))
            return try Self.answer(request, report, name: "engagement", csv: ReportCSV.csv)
        }
        group.get("retention") { request, context -> Response in
            try Self.answer(request, try await reports.retention(Self.query(request), by: try Self.caller(context)), name: "retention", csv: ReportCSV.csv)
        }
        group.get("funnel") { request, context -> Response in
            try Self.answer(request, try await reports.funnel(Self.query(request), by: try Self.caller(context)), name: "funnel", csv: ReportCSV.csv)
        }
        group.get("progress") { request, context -> Response in
            try Self.answer(request, try await reports.progress(Self.query(request), by: try Self.caller(context)), name: "progress", csv: ReportCSV.csv)
        }
        group.get("market") { request, context -> Response in
            let query = request.uri.queryParameters
            let report = try await reports.market(
                try Self.period(request, default: .week), Self.query(request), occupationURI: query["occupation"].map(String.init),
                location: query["location"].map(String.init), limit: try request.integer("limit", default: 20), by: try Self.caller(context))
            return try Self.answer(request, report, name: "market", csv: ReportCSV.csv)
        }
        api.get("users/:user/progress") { request, context -> Response in
            let (principal, member) = try MemberPath.member(context)
            return try Self.answer(request, try await reports.progress(of: member, Self.query(request), by: principal), name: "my-progress", csv: ReportCSV.csv)
        }
    }

    static func caller(_ context: Context) throws -> Principal { try AccessPolicy.requireSignedIn(context.principal) }

    static func query(_ request: Request) -> ReportQuery {
        let query = request.uri.queryParameters
        return ReportQuery(organization: query["organization"].map(String.init), team: query["team"].map(String.init),
                           from: query["from"].map(String.init), to: query["to"].map(String.init))
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
