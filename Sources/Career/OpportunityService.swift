import Core
import Foundation
import Identity

/// Opportunities: listed for members (the platform's own and their organizations'), kept by
/// admins (platform admins every one, an organization's admins its own: creation, changes,
/// closing, imports). Every call names the caller, and the service decides what they may see
/// and change.
public struct OpportunityService: Sendable {
    let store: any OpportunityStore
    let career: any CareerStore
    let clock: any WallClock
    let ids: any IdentifierSource
    /// Told after every write, so that what holds postings in memory reloads them.
    let changed: @Sendable () async -> Void

    public static let employmentTypes: Set<String> = ["FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"]

    public init(store: any OpportunityStore, career: any CareerStore, clock: any WallClock, ids: any IdentifierSource = RandomIdentifiers(), changed: @escaping @Sendable () async -> Void = {}) {
        self.store = store
        self.career = career
        self.clock = clock
        self.ids = ids
        self.changed = changed
    }

    func save(_ opportunity: Opportunity) async throws {
        try await store.save(opportunity, at: clock.now())
        await changed()
    }

    /// The opportunities the filter asks for, among those the caller may see.
    public func list(_ filter: OpportunityFilter, as caller: Principal, page: PageRequest) async throws -> Page<Opportunity> {
        if let query = filter.query, TextRules.length(query) > 200 { throw DomainError.invalid(field: "q", reason: "must be at most 200 characters") }
        if let location = filter.location, TextRules.length(location) > 200 { throw DomainError.invalid(field: "location", reason: "must be at most 200 characters") }
        if let occupation = filter.occupationURI, TextRules.length(occupation) > 500 {
            throw DomainError.invalid(field: "occupation", reason: "must be at most 500 characters")
        }
        var filter = filter
        let scope = caller.opportunityScope
        filter.organizations = scope.organizations
        filter.allOrganizations = scope.allOrganizations
        return try await store.opportunities(filter, page: page)
    }

    /// The opportunity, if the caller may see it.
    public func opportunity(_ id: UUID, as caller: Principal) async throws -> Opportunity {
        guard let opportunity = try await store.opportunity(id: id), Self.visible(opportunity, to: caller.opportunityScope) else {
            throw DomainError.notFound("opportunity")
        }
        return opportunity
    }

    package static func visible(_ opportunity: Opportunity, to filter: OpportunityFilter) -> Bool {
        filter.allOrganizations || opportunity.organizationID.map(filter.organizations.contains) ?? true
    }

    /// A new opportunity, the platform's (platform admins) or of an organization the caller administers.
    public func create(_ input: OpportunityInput, as caller: Principal) async throws -> Opportunity {
        try await requireAdministers(input.organizationId, caller, field: "organization_id")
        return try await create(input)
    }

    /// The opportunity `id` rewritten (it keeps its organization), by one of its admins.
    public func replace(_ id: UUID, with input: OpportunityInput, as caller: Principal) async throws -> Opportunity {
        try await replace(try await administered(id, by: caller), with: input)
    }

    public func setStatus(_ id: UUID, to status: Opportunity.Status, as caller: Principal) async throws -> Opportunity {
        try await setStatus(try await administered(id, by: caller), to: status)
    }

    /// JobPosting JSON (or JSON lines) into the platform's postings or an organization's the caller administers.
    public func importPostings(_ data: Data, organization: UUID?, as caller: Principal) async throws -> JobPostingImport.Report {
        try await requireAdministers(organization, caller, field: "organization_id")
        return try await JobPostingImport(service: self).run(data, organization: organization)
    }

    /// The opportunity, which the caller administers; one they cannot see is not found.
    private func administered(_ id: UUID, by caller: Principal) async throws -> Opportunity {
        let opportunity = try await opportunity(id, as: caller)
        try Self.requireAdministers(opportunity.organizationID, caller)
        return opportunity
    }

    private static func requireAdministers(_ organization: UUID?, _ caller: Principal) throws(DomainError) {
        guard caller.allows(.write), caller.administers(organization) else { throw .forbidden }
    }

    /// For new postings: the caller administers the organization named, which exists.
    private func requireAdministers(_ organization: UUID?, _ caller: Principal, field: String) async throws {
        try Self.requireAdministers(organization, caller)
        if let organization, try await !career.organizationExists(organization) {
            throw DomainError.notFound("organization")
        }
    }

    func create(_ input: OpportunityInput, source: String = "manual") async throws -> Opportunity {
        let opportunity = try await build(input, id: ids.next(), source: source, postedAt: clock.now(), status: .open)
        try await save(opportunity)
        return opportunity
    }

    func replace(_ existing: Opportunity, with input: OpportunityInput) async throws -> Opportunity {
        var input = input
        input.organizationId = existing.organizationID
        let opportunity = try await build(input, id: existing.id, source: existing.source, postedAt: existing.postedAt, status: existing.status)
        try await save(opportunity)
        return opportunity
    }

    func setStatus(_ existing: Opportunity, to status: Opportunity.Status) async throws -> Opportunity {
        var opportunity = existing
        opportunity.status = status
        if status == .closed, opportunity.closesAt.map({ $0 > clock.now() }) ?? true { opportunity.closesAt = clock.now() }
        try await save(opportunity)
        return opportunity
    }

    func build(_ input: OpportunityInput, id: UUID, source: String, postedAt: Date, status: Opportunity.Status, field prefix: String = "") async throws -> Opportunity {
        let employmentType = (input.employmentType ?? "FULL_TIME").uppercased().replacingOccurrences(of: "-", with: "_")
        guard Self.employmentTypes.contains(employmentType) else {
            throw DomainError.invalid(field: prefix + "employment_type", reason: "must be one of \(Self.employmentTypes.sorted().joined(separator: ", "))")
        }
        let currency = try Validate.salary(min: input.salaryMinYearly, max: input.salaryMaxYearly, currency: input.salaryCurrency,
                                           fields: (prefix + "salary_min_yearly", prefix + "salary_max_yearly", prefix + "salary_currency"))
        var occupation: OccupationRef?
        if let uri = input.occupationUri {
            guard let found = try await career.occupation(uri: uri) else {
                throw DomainError.invalid(field: prefix + "occupation_uri", reason: "is not an occupation in the catalog")
            }
            occupation = found
        } else {
            occupation = try await career.occupation(titled: Self.roleTitle(input.title))
        }
        let skillInputs = input.skills ?? []
        guard skillInputs.count <= 100 else { throw DomainError.invalid(field: prefix + "skills", reason: "at most 100 skills") }
        var needs: [Opportunity.SkillNeed] = []
        for (index, need) in skillInputs.enumerated() {
            guard let skill = try await career.skill(uri: need.uri) else {
                throw DomainError.invalid(field: prefix + "skills[\(index)].uri", reason: "is not a skill in the catalog")
            }
            let level = try need.minLevel.map { value throws(DomainError) in try Validate.level(value, field: prefix + "skills[\(index)].min_level") }
            if !needs.contains(where: { $0.skill.id == skill.id }) {
                needs.append(.init(skill: skill, required: need.required ?? true, minLevel: level))
            }
        }
        return Opportunity(
            id: id, organizationID: input.organizationId, title: try Validate.text(input.title, field: prefix + "title", max: 200),
            employer: try Validate.text(input.employer, field: prefix + "employer", max: 200),
            description: try Validate.text(input.description, field: prefix + "description", max: 50_000),
            location: try input.location.flatMap { text throws(DomainError) in try Validate.optionalText(text, field: prefix + "location", max: 200) },
            remote: input.remote ?? false, employmentType: employmentType, salaryMinYearly: input.salaryMinYearly,
            salaryMaxYearly: input.salaryMaxYearly, salaryCurrency: currency, occupation: occupation, status: status, source: source,
            externalID: try input.externalId.map { text throws(DomainError) in try Validate.text(text, field: prefix + "external_id", max: 200) },
            postedAt: postedAt, closesAt: input.closesOn?.date, skills: needs
        )
    }

    /// The role in a job title without its seniority: "Senior Software Developer (m/f/d)" →
    /// "software developer".
    package static func roleTitle(_ title: String) -> String {
        var words = title.lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        while let first = words.first, ["junior", "senior", "lead", "principal", "staff", "head", "chief", "jr.", "sr.", "jr", "sr"].contains(first) {
            words.removeFirst()
        }
        return words.prefix { !$0.hasPrefix("(") && $0 != "-" && $0 != "–" }.joined(separator: " ")
    }
}
