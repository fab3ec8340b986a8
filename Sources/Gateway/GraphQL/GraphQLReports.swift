import Analytics
import Foundation
import Identity

// The analytics reports in GraphQL, under the same rules as their REST twins (ReportsController).
extension EngagementReport { var organization: GraphID? { organizationId.map(GraphID.init) } }
extension RetentionReport { var organization: GraphID? { organizationId.map(GraphID.init) } }
extension FunnelReport { var organization: GraphID? { organizationId.map(GraphID.init) } }

struct ReportArguments: Codable, Sendable {
    let from: String?
    let to: String?
    let organization: GraphID?
    let period: String?
    let team: GraphID?
    let occupation: String?
    let location: String?
    let first: Int?
}

extension CareerOpsResolver {
    private func query(_ arguments: ReportArguments) -> ReportQuery {
        ReportQuery(organization: arguments.organization?.value, team: arguments.team?.value, from: arguments.from, to: arguments.to)
    }

    func engagementReport(context: GraphQLContext, arguments: ReportArguments) async throws -> EngagementReport {
        try await context.services.reports.engagement(try ReportAccess.period(arguments.period, default: .day), query(arguments), by: try context.caller())
    }

    func retentionReport(context: GraphQLContext, arguments: ReportArguments) async throws -> RetentionReport {
        try await context.services.reports.retention(query(arguments), by: try context.caller())
    }

    func funnelReport(context: GraphQLContext, arguments: ReportArguments) async throws -> FunnelReport {
        try await context.services.reports.funnel(query(arguments), by: try context.caller())
    }

    func progressReport(context: GraphQLContext, arguments: ReportArguments) async throws -> ProgressReport {
        try await context.services.reports.progress(query(arguments), by: try context.caller())
    }

    func marketTrends(context: GraphQLContext, arguments: ReportArguments) async throws -> MarketTrendsReport {
        try await context.services.reports.market(try ReportAccess.period(arguments.period, default: .week), query(arguments),
                                                  occupationURI: arguments.occupation, location: arguments.location, limit: arguments.first ?? 20,
                                                  by: try context.caller())
    }
}
