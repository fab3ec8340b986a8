import Career
import Core
import Foundation
import Identity

/// What a report is asked for, as the caller gave it (query text): the organization, a team of
/// it, and the dates (YYYY-MM-DD, the last 90 days by default). Each is checked here, naming the field.
public struct ReportQuery: Sendable {
    public var organization: String?
    public var team: String?
    public var from: String?
    public var to: String?

    public init(organization: String? = nil, team: String? = nil, from: String? = nil, to: String? = nil) {
        self.organization = organization
        self.team = team
        self.from = from
        self.to = to
    }
}

/// The reports as the caller may read them, decided here once for REST, GraphQL and the web pages:
/// platform admins read any organization or (without one) the platform, an org admin their own
/// organization (404 for another) and its teams that cannot be subtracted to single people out,
/// other members no group report (403); market trends count the postings the caller may see; a
/// member's own progress is read under the member's visibility like the rest of their data.
public struct ReportAccess: Sendable {
    let analytics: AnalyticsService
    let organizations: OrganizationService
    let members: CareerAccess

    public init(analytics: AnalyticsService, organizations: OrganizationService, members: CareerAccess) {
        self.analytics = analytics
        self.organizations = organizations
        self.members = members
    }

    /// The smallest group whose figures a report shows.
    public var k: Int { analytics.suppression.k }

    /// Whose figures the caller reads when they name no organization: nil for the platform (a
    /// platform admin), else the organization they run; 403 for everyone else.
    public func defaultOrganization(for caller: Principal) async throws -> UUID? {
        try await organizations.reportOrganization(nil, by: caller)
    }

    public func engagement(_ period: AnalyticsService.Period, _ query: ReportQuery, by caller: Principal) async throws -> EngagementReport {
        let (organization, range) = try await scope(query, by: caller)
        return try await analytics.engagement(period, range: range, organization: organization)
    }

    public func retention(_ query: ReportQuery, by caller: Principal) async throws -> RetentionReport {
        let (organization, range) = try await scope(query, by: caller)
        return try await analytics.retention(range: range, organization: organization)
    }

    public func funnel(_ query: ReportQuery, by caller: Principal) async throws -> FunnelReport {
        let (organization, range) = try await scope(query, by: caller)
        return try await analytics.funnel(range: range, organization: organization)
    }

    /// Means per member of the organization, of one of its teams (`query.team`), or of the platform.
    public func progress(_ query: ReportQuery, by caller: Principal) async throws -> ProgressReport {
        let (organization, range) = try await scope(query, by: caller)
        let group: ProgressScope
        if let text = query.team {
            guard let id = UUID(uuidString: text) else { throw DomainError.invalid(field: "team", reason: "must be a team id") }
            let team = try await organizations.reportableTeam(id, by: caller, k: k)
            guard organization == nil || organization == team.organizationID else { throw DomainError.notFound("team") }
            group = .team(team.id)
        } else {
            group = organization.map { .organization($0) } ?? .platform
        }
        return try await analytics.progress(group, range: range)
    }

    /// Postings per skill over the postings the caller may see (report readers only).
    public func market(_ period: AnalyticsService.Period, _ query: ReportQuery, occupationURI: String?, location: String?, limit: Int,
                       outlooks: Bool = true, by caller: Principal) async throws -> MarketTrendsReport {
        let (_, range) = try await scope(query, by: caller)
        let visible = caller.opportunityScope
        return try await analytics.market(period, range: range, occupationURI: occupationURI, location: location,
                                          organizations: visible.allOrganizations ? nil : visible.organizations, limit: limit, outlooks: outlooks)
    }

    /// A member's own progress day by day, for whoever may read the member (404 otherwise).
    public func progress(of member: UUID, _ query: ReportQuery, by caller: Principal) async throws -> ProgressReport {
        try await members.requireRead(member, by: caller)
        return try await analytics.progress(of: member, range: try ReportRange(from: query.from, to: query.to, today: analytics.today))
    }

    public static func period(_ text: String?, default fallback: AnalyticsService.Period) throws -> AnalyticsService.Period {
        guard let text else { return fallback }
        guard let period = AnalyticsService.Period(rawValue: text) else { throw DomainError.invalid(field: "period", reason: "must be day, week or month") }
        return period
    }

    /// The organization the caller may read (404 for one they may not) and the date range.
    func scope(_ query: ReportQuery, by caller: Principal) async throws -> (UUID?, ReportRange) {
        var requested: UUID?
        if let text = query.organization {
            guard let id = UUID(uuidString: text) else { throw DomainError.invalid(field: "organization", reason: "must be an organization id") }
            requested = id
        }
        let organization = try await organizations.reportOrganization(requested, by: caller)
        return (organization, try ReportRange(from: query.from, to: query.to, today: analytics.today))
    }
}
