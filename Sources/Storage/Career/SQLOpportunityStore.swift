import Career
import Core
import FluentKit
import Foundation
import SQLKit

/// Opportunities and the skills they ask for, in SQL.
public struct SQLOpportunityStore: OpportunityStore {
    let persistence: Persistence

    public init(persistence: Persistence) { self.persistence = persistence }

    var sql: any SQLDatabase { persistence.sql }

    struct Row: Decodable {
        let id: UUID
        let organization_id: UUID?
        let title: String
        let employer: String
        let description: String
        let location: String?
        let remote: Bool
        let employment_type: String
        let salary_min_yearly: Int?
        let salary_max_yearly: Int?
        let salary_currency: String?
        let occupation_id: UUID?
        let occupation_uri: String?
        let occupation_label: String?
        let status: String
        let source: String
        let external_id: String?
        let posted_at: Date
        let closes_at: Date?
    }

    struct NeedRow: Decodable {
        let opportunity_id: UUID
        let skill_id: UUID
        let uri: String
        let preferred_label: String
        let is_custom: Bool
        let required: Bool
        let min_level: Int?
    }

    static let select = """
        SELECT op.id, op.organization_id, op.title, op.employer, op.description, op.location, op.remote, op.employment_type,
               op.salary_min_yearly, op.salary_max_yearly, op.salary_currency, op.occupation_id, oc.uri AS occupation_uri,
               oc.preferred_label AS occupation_label, op.status, op.source, op.external_id, op.posted_at, op.closes_at
        FROM opportunities op LEFT JOIN occupations oc ON oc.id = op.occupation_id
        """

    /// The filter as a WHERE clause.
    static func condition(_ filter: OpportunityFilter) -> SQLQueryString {
        var clause: SQLQueryString = "1 = 1"
        if let status = filter.status { clause = "\(clause) AND op.status = \(bind: status.rawValue)" }
        if let remote = filter.remote { clause = "\(clause) AND op.remote = \(bind: remote)" }
        if let location = filter.location?.lowercased(), !location.isEmpty {
            clause = "\(clause) AND LOWER(op.location) LIKE \(bind: SQLLike.containing(location)) ESCAPE '\\'"
        }
        if let uri = filter.occupationURI { clause = "\(clause) AND oc.uri = \(bind: uri)" }
        for word in (filter.query ?? "").lowercased().split(separator: " ").prefix(8) {
            let pattern = SQLLike.containing(String(word))
            clause = "\(clause) AND (LOWER(op.title) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(op.employer) LIKE \(bind: pattern) ESCAPE '\\')"
        }
        if !filter.allOrganizations {
            let organizations = Array(filter.organizations)
            clause = organizations.isEmpty ? "\(clause) AND op.organization_id IS NULL"
                : "\(clause) AND (op.organization_id IS NULL OR op.organization_id IN (\(binds: organizations)))"
        }
        return clause
    }

    public func opportunities(_ filter: OpportunityFilter, page: Core.PageRequest) async throws -> Core.Page<Opportunity> {
        let condition = Self.condition(filter)
        let rows = try await sql.raw("""
            \(unsafeRaw: Self.select) WHERE \(condition) ORDER BY op.posted_at DESC, op.id LIMIT \(bind: page.limit) OFFSET \(bind: page.offset)
            """).all(decoding: Row.self)
        let total = try await sql.raw("""
            SELECT COUNT(*) AS n FROM opportunities op LEFT JOIN occupations oc ON oc.id = op.occupation_id WHERE \(condition)
            """).first(decoding: Count.self)?.n ?? 0
        return Core.Page(items: try await assemble(rows), total: total, request: page)
    }

    public func opportunities(ids: [UUID]) async throws -> [Opportunity] {
        var rows: [Row] = []
        for chunk in SQLCareerStore.chunks(ids) {
            rows += try await sql.raw("\(unsafeRaw: Self.select) WHERE op.id IN (\(binds: chunk))").all(decoding: Row.self)
        }
        let order = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return try await assemble(rows).sorted { order[$0.id, default: 0] < order[$1.id, default: 0] }
    }

    public func opportunity(id: UUID) async throws -> Opportunity? {
        try await opportunities(ids: [id]).first
    }

    public func opportunity(externalID: String, organization: UUID?) async throws -> Opportunity? {
        let scope: SQLQueryString = organization.map { "op.organization_id = \(bind: $0)" } ?? "op.organization_id IS NULL"
        let rows = try await sql.raw("\(unsafeRaw: Self.select) WHERE op.external_id = \(bind: externalID) AND \(scope) LIMIT 1").all(decoding: Row.self)
        return try await assemble(rows).first
    }

    func assemble(_ rows: [Row]) async throws -> [Opportunity] {
        var needs: [NeedRow] = []
        for chunk in SQLCareerStore.chunks(rows.map(\.id)) {
            needs += try await sql.raw("""
                SELECT os.opportunity_id, os.skill_id, s.uri, s.preferred_label, s.is_custom, os.required, os.min_level
                FROM opportunity_skills os JOIN skill_catalog s ON s.id = os.skill_id
                WHERE os.opportunity_id IN (\(binds: chunk)) ORDER BY os.required DESC, s.preferred_label
                """).all(decoding: NeedRow.self)
        }
        let byOpportunity = Dictionary(grouping: needs, by: \.opportunity_id)
        return rows.map { row in
            Opportunity(
                id: row.id, organizationID: row.organization_id, title: row.title, employer: row.employer, description: row.description,
                location: row.location, remote: row.remote, employmentType: row.employment_type, salaryMinYearly: row.salary_min_yearly,
                salaryMaxYearly: row.salary_max_yearly, salaryCurrency: row.salary_currency,
                occupation: row.occupation_id.map { OccupationRef(id: $0, uri: row.occupation_uri ?? "", label: row.occupation_label ?? "") },
                status: Opportunity.Status(rawValue: row.status) ?? .open, source: row.source, externalID: row.external_id,
                postedAt: row.posted_at, closesAt: row.closes_at,
                skills: (byOpportunity[row.id] ?? []).map {
                    .init(skill: SkillRef(id: $0.skill_id, uri: $0.uri, label: $0.preferred_label, isCustom: $0.is_custom), required: $0.required, minLevel: $0.min_level)
                }
            )
        }
    }

    public func save(_ opportunity: Opportunity, at now: Date) async throws {
        try await persistence.transaction { sql in
            try await sql.insert(into: "opportunities")
                .columns("id", "organization_id", "title", "employer", "description", "location", "remote", "employment_type", "salary_min_yearly",
                         "salary_max_yearly", "salary_currency", "occupation_id", "status", "source", "external_id", "posted_at", "closes_at",
                         "is_demo", "created_at", "updated_at")
                .values(SQLBind(opportunity.id), SQLBind(opportunity.organizationID), SQLBind(opportunity.title), SQLBind(opportunity.employer),
                        SQLBind(opportunity.description), SQLBind(opportunity.location), SQLBind(opportunity.remote), SQLBind(opportunity.employmentType),
                        SQLBind(opportunity.salaryMinYearly), SQLBind(opportunity.salaryMaxYearly), SQLBind(opportunity.salaryCurrency),
                        SQLBind(opportunity.occupation?.id), SQLBind(opportunity.status.rawValue), SQLBind(opportunity.source), SQLBind(opportunity.externalID),
                        SQLBind(opportunity.postedAt), SQLBind(opportunity.closesAt), SQLBind(false), SQLBind(now), SQLBind(now))
                .onConflict(with: ["id"]) { builder in
                    var builder = builder
                    for column in ["title", "employer", "description", "location", "remote", "employment_type", "salary_min_yearly", "salary_max_yearly",
                                   "salary_currency", "occupation_id", "status", "external_id", "closes_at", "updated_at"] {
                        builder = builder.set(excludedValueOf: column)
                    }
                    return builder
                }
                .run()
            try await sql.delete(from: "opportunity_skills").where("opportunity_id", .equal, opportunity.id).run()
            try await sql.insertRows(into: "opportunity_skills", columns: ["id", "opportunity_id", "skill_id", "required", "min_level"],
                                     rows: opportunity.skills.map { [UUID(), opportunity.id, $0.skill.id, $0.required, $0.minLevel] })
        }
    }
}
