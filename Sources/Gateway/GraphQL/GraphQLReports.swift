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
    private func scope(_ context: GraphQLContext, _ arguments: ReportArguments) async throws -> (Principal, UUID?, ReportRange) {
        let principal = try context.caller()
        let (organization, range) = try await context.services.reports.scope(organization: arguments.organization?.value, from: arguments.from,
                                                                             to: arguments.to, by: principal)
        return (principal, organization, range)
    }

    func engagementReport(context: GraphQLContext, arguments: ReportArguments) async throws -> EngagementReport {
        let (_, organization, range) = try await scope(context, arguments)
        return try await context.services.reports.analytics.engagement(try ReportAccess.period(arguments.period, default: .day), range: range,
                                                                       organization: organization)
    }

    func retentionReport(context: GraphQLContext, arguments: ReportArguments) async throws -> RetentionReport {
        let (_, organization, range) = try await scope(context, arguments)
        return try await context.services.reports.analytics.retention(range: range, organization: organization)
    }

    func funnelReport(context: GraphQLContext, arguments: ReportArguments) async throws -> FunnelReport {
        let (_, organization, range) = try await scope(context, arguments)
        return try await context.services.reports.analytics.funnel(range: range, organization: organization)
    }

    func progressReport(context: GraphQLContext, arguments: ReportArguments) async throws -> ProgressReport {
        let (principal, organization, range) = try await scope(context, arguments)
        let group = try await context.services.reports.progressScope(organization: organization, team: arguments.team?.value, by: principal)
        return try await context.services.reports.analytics.progress(group, range: range)
    }

    func marketTrends(context: GraphQLContext, arguments: ReportArguments) async throws -> MarketTrendsReport {
        let (principal, _, range) = try await scope(context, arguments)
        let visible = principal.opportunityScope
        return try await context.services.reports.analytics.market(
            try ReportAccess.period(arguments.period, default: .week), range: range, occupationURI: arguments.occupation, location: arguments.location,
            organizations: visible.allOrganizations ? nil : visible.organizations, limit: arguments.first ?? 20)
    }
}
