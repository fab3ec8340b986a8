import Analytics
import Career
import Core
import Foundation
import Graphiti
import Identity
import Insights

/// A GraphQL `ID`: an opaque string (our UUIDs, lower-case).
struct GraphID: Codable, Sendable, Hashable {
    let value: String

    init(_ value: String) { self.value = value }
    init(_ id: UUID) { value = id.uuidString.lowercased() }

    init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(String.self) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// The UUID it names; anything else names nothing.
    func uuid(_ what: String) throws -> UUID {
        guard let id = UUID(uuidString: value) else { throw DomainError.notFound(what) }
        return id
    }
}

/// What every resolver may use: the caller, the services, and the request's batch loaders.
public struct GraphQLContext: Sendable {
    let principal: Principal?
    let services: GraphQLServices
    let loader: CareerLoader

    /// The signed-in caller, whom every domain call names (and decides for).
    func caller() throws -> Principal { try AccessPolicy.requireSignedIn(principal) }
}

/// The services GraphQL resolves against.
public struct GraphQLServices: Sendable {
    let auth: AuthService
    let career: CareerService
    let opportunities: OpportunityService
    let learning: LearningService
    let catalog: SkillCatalogSearch
    let skillIndex: SkillIndexCache
    let insights: Insights
    let reports: ReportAccess

    public init(auth: AuthService, career: CareerService, opportunities: OpportunityService,
                learning: LearningService, catalog: SkillCatalogSearch, skillIndex: SkillIndexCache, insights: Insights,
                reports: ReportAccess) {
        self.insights = insights
        self.reports = reports
        self.auth = auth
        self.career = career
        self.opportunities = opportunities
        self.learning = learning
        self.catalog = catalog
        self.skillIndex = skillIndex
    }

    /// The skills members' own words propose.
    var proposals: SkillProposals { SkillProposals(career: career, analyzer: skillIndex) }
}

/// The seed's `User`: a member the caller may read, with their career data loaded in batches.
struct UserNode: Sendable {
    let userID: UUID
    let name: String
    /// Only the caller sees their own address, roles and organizations.
    let email: String?
    let emailVerified: Bool
    let roles: [String]
    let organizations: [CallerView.Organization]

    var id: GraphID { GraphID(userID) }

    init(account: Account, principal: Principal) {
        userID = account.id
        name = account.name
        emailVerified = account.isEmailVerified
        let isSelf = account.id == principal.userID
        email = isSelf ? account.email : nil
        roles = isSelf ? principal.roles : []
        organizations = isSelf ? CallerView(account: account, principal: principal).organizations : []
    }

    func profile(context: GraphQLContext, arguments: NoArguments) async throws -> ProfileView {
        // A member whose data the caller may not read has no profile to show.
        guard let profile = try await context.loader.profiles.load(userID) else { throw DomainError.notFound("user") }
        return ProfileView(profile)
    }

    func skills(context: GraphQLContext, arguments: NoArguments) async throws -> [SkillView] {
        try await context.loader.skills.load(userID).map(SkillView.init)
    }

    func goals(context: GraphQLContext, arguments: NoArguments) async throws -> [GoalView] {
        try await context.loader.goals.load(userID).map(GoalView.init)
    }

    func careerPlan(context: GraphQLContext, arguments: NoArguments) async throws -> PlanNode? {
        CareerService.currentPlan(in: try await context.loader.plans.load(userID)).map { PlanNode($0) }
    }

    func plans(context: GraphQLContext, arguments: NoArguments) async throws -> [PlanNode] {
        try await context.loader.plans.load(userID).map { PlanNode($0) }
    }
}

struct FirstArguments: Codable, Sendable {
    let first: Int?
}

/// The seed's `CareerPlan`, with the opportunities and learning that fit it.
struct PlanNode: Sendable {
    let plan: Plan
    let view: PlanView
    /// What generating the plan changed, on the answer to `generateCareerPlan` only.
    let changes: PlanChanges?

    init(_ plan: Plan, changes: PlanChanges? = nil) {
        self.plan = plan
        view = PlanView(plan)
        self.changes = changes
    }

    var id: GraphID { GraphID(plan.id) }

    /// The skills the plan works on: those its actions name, then the member's goal skills.
    private func targetSkills() -> [UUID] {
        var seen = Set<UUID>()
        return plan.phases.flatMap(\.actions).compactMap(\.skill?.id).filter { seen.insert($0).inserted }
    }

    /// The seed's `opportunities: [Opportunity!]!`: the opportunities of `matches`, in its order.
    func opportunities(context: GraphQLContext, arguments: FirstArguments) async throws -> [OpportunityView] {
        try await matches(context: context, arguments: arguments).map(\.opportunity)
    }

    /// The member's matches for the plan, each explained: opportunities its actions link first,
    /// then the best matches asking for a skill the plan works on (any match when it names none).
    func matches(context: GraphQLContext, arguments: FirstArguments) async throws -> [MatchView] {
        let limit = min(max(arguments.first ?? 5, 1), 50)
        let all = try await context.services.insights.matches(of: plan.userID, as: try context.caller())
        let linked = Set(plan.phases.flatMap(\.actions).compactMap(\.opportunityID))
        let skills = Set(targetSkills())
        let fitting = all.filter { match in
            linked.contains(match.opportunity.id) || skills.isEmpty || match.opportunity.skills.contains { skills.contains($0.skill.id) }
        }
        return (fitting.filter { linked.contains($0.opportunity.id) } + fitting.filter { !linked.contains($0.opportunity.id) })
            .prefix(limit).map(MatchView.init)
    }

    /// Learning for the plan: resources its actions link, then the member's recommendations
    /// that teach a skill the plan works on (all of them when it names none), then other
    /// resources teaching those skills that the member has not completed.
    func learningPath(context: GraphQLContext, arguments: FirstArguments) async throws -> [LearningResourceView] {
        let limit = min(max(arguments.first ?? 5, 1), 50)
        let principal = try context.caller()
        let learning = context.services.learning
        let linked = try await learning.resources(ids: plan.phases.flatMap(\.actions).compactMap(\.resourceID), as: principal)
        let skills = targetSkills()
        let recommended = try await context.services.insights.recommendations(for: plan.userID, as: principal, limit: 50).map(\.resource)
        let fitting = skills.isEmpty ? recommended : recommended.filter { $0.skills.contains { skills.contains($0.id) } }
        var path = linked + fitting
        if path.count < limit, !skills.isEmpty {
            let done = Set(try await learning.records(of: plan.userID, as: principal).filter { $0.completedAt != nil }.map(\.resourceID))
            path += try await learning.teaching(skills, as: principal, limit: min(100, limit * 3)).filter { !done.contains($0.id) }
        }
        var seen = Set<UUID>()
        return path.filter { seen.insert($0.id).inserted }.prefix(limit).map(LearningResourceView.init)
    }
}

// GraphQL reads of the views' ids and times.
extension OccupationView { var gid: GraphID { GraphID(id) } }
extension ExperienceView { var gid: GraphID { GraphID(id) } }
extension EducationView { var gid: GraphID { GraphID(id) } }
extension SkillView { var gid: GraphID { GraphID(id) } }
extension EndorsementView {
    var gid: GraphID { GraphID(id) }
    var endorser: GraphID { GraphID(endorserId) }
    var created: String { createdAt.formatted(.iso8601) }
}
extension GoalView { var gid: GraphID { GraphID(id) } }
extension MilestoneView { var gid: GraphID { GraphID(id) } }
extension PhaseView { var gid: GraphID { GraphID(id) } }
extension ActionView { var gid: GraphID { GraphID(id) } }
extension OpportunityView {
    var gid: GraphID { GraphID(id) }
    var posted: String { postedAt.formatted(.iso8601) }
}
extension LearningResourceView { var gid: GraphID { GraphID(id) } }
extension CatalogMatch { var kindName: String { kind.rawValue } }
