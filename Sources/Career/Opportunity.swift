import Core
import Foundation

/// An opening, shaped like schema.org's `JobPosting`. Salaries are whole currency units per
/// year. One with an organization is seen by that organization's members only.
public struct Opportunity: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable { case open, closed }

    public struct SkillNeed: Sendable, Equatable {
        public let skill: SkillRef
        public let required: Bool
        public let minLevel: Int?

        public init(skill: SkillRef, required: Bool, minLevel: Int?) {
            self.skill = skill
            self.required = required
            self.minLevel = minLevel
        }
    }

    public let id: UUID
    public var organizationID: UUID?
    public var title: String
    public var employer: String
    public var description: String
    public var location: String?
    public var remote: Bool
    /// schema.org's `employmentType`: FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY, INTERN, …
    public var employmentType: String
    public var salaryMinYearly: Int?
    public var salaryMaxYearly: Int?
    public var salaryCurrency: String?
    public var occupation: OccupationRef?
    public var status: Status
    /// `manual`, `import` or `demo`.
    public var source: String
    public var externalID: String?
    public var postedAt: Date
    public var closesAt: Date?
    public var skills: [SkillNeed]

    public init(id: UUID, organizationID: UUID?, title: String, employer: String, description: String, location: String?, remote: Bool,
                employmentType: String, salaryMinYearly: Int?, salaryMaxYearly: Int?, salaryCurrency: String?, occupation: OccupationRef?,
                status: Status, source: String, externalID: String?, postedAt: Date, closesAt: Date?, skills: [SkillNeed]) {
        self.id = id
        self.organizationID = organizationID
        self.title = title
        self.employer = employer
        self.description = description
        self.location = location
        self.remote = remote
        self.employmentType = employmentType
        self.salaryMinYearly = salaryMinYearly
        self.salaryMaxYearly = salaryMaxYearly
        self.salaryCurrency = salaryCurrency
        self.occupation = occupation
        self.status = status
        self.source = source
        self.externalID = externalID
        self.postedAt = postedAt
        self.closesAt = closesAt
        self.skills = skills
    }
}

/// A new or replaced opportunity, as admins send it.
public struct OpportunityInput: Sendable, Equatable, Codable {
    public struct Skill: Sendable, Equatable, Codable {
        public var uri: String
        public var required: Bool?
        public var minLevel: Int?

        public init(uri: String, required: Bool? = nil, minLevel: Int? = nil) {
            self.uri = uri
            self.required = required
            self.minLevel = minLevel
        }
    }

    public var title: String
    public var employer: String
    public var description: String
    public var location: String?
    public var remote: Bool?
    public var employmentType: String?
    public var salaryMinYearly: Int?
    public var salaryMaxYearly: Int?
    public var salaryCurrency: String?
    public var occupationUri: String?
    public var closesOn: Day?
    public var externalId: String?
    public var organizationId: UUID?
    public var skills: [Skill]?

    public init(title: String, employer: String, description: String, location: String? = nil, remote: Bool? = nil,
                employmentType: String? = nil, salaryMinYearly: Int? = nil, salaryMaxYearly: Int? = nil, salaryCurrency: String? = nil,
                occupationUri: String? = nil, closesOn: Day? = nil, externalId: String? = nil, organizationId: UUID? = nil, skills: [Skill]? = nil) {
        self.title = title
        self.employer = employer
        self.description = description
        self.location = location
        self.remote = remote
        self.employmentType = employmentType
        self.salaryMinYearly = salaryMinYearly
        self.salaryMaxYearly = salaryMaxYearly
        self.salaryCurrency = salaryCurrency
        self.occupationUri = occupationUri
        self.closesOn = closesOn
        self.externalId = externalId
        self.organizationId = organizationId
        self.skills = skills
    }
}

/// Which opportunities a list shows.
public struct OpportunityFilter: Sendable, Hashable {
    public var status: Opportunity.Status?
    /// Words that must appear in the title or employer.
    public var query: String?
    public var remote: Bool?
    public var location: String?
    public var occupationURI: String?
    /// The organizations whose own opportunities the caller may see (global ones always show).
    public var organizations: Set<UUID>
    /// Platform admins see every organization's.
    public var allOrganizations: Bool

    public init(status: Opportunity.Status? = .open, query: String? = nil, remote: Bool? = nil, location: String? = nil,
                occupationURI: String? = nil, organizations: Set<UUID> = [], allOrganizations: Bool = false) {
        self.status = status
        self.query = query
        self.remote = remote
        self.location = location
        self.occupationURI = occupationURI
        self.organizations = organizations
        self.allOrganizations = allOrganizations
    }
}

public protocol OpportunityStore: Sendable {
    func opportunities(_ filter: OpportunityFilter, page: PageRequest) async throws -> Page<Opportunity>
    func opportunities(ids: [UUID]) async throws -> [Opportunity]
    func opportunity(id: UUID) async throws -> Opportunity?
    /// The opportunity already imported under this source id, if any.
    func opportunity(externalID: String, organization: UUID?) async throws -> Opportunity?
    /// Writes the opportunity and its skills as they are now.
    func save(_ opportunity: Opportunity, at: Date) async throws
}
