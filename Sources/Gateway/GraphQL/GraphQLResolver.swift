import Career
import Core
import Foundation
import Graphiti
import Identity

struct IDArguments: Codable, Sendable { let id: GraphID }
struct InputArguments<Input: Codable & Sendable>: Codable, Sendable { let input: Input }
struct CatalogArguments: Codable, Sendable { let query: String; let first: Int? }
struct OpportunityArguments: Codable, Sendable, ForwardPaginatable {
    let first: Int?
    let after: String?
    let query: String?
    let remote: Bool?
}
struct LearningArguments: Codable, Sendable, ForwardPaginatable {
    let first: Int?
    let after: String?
    let skill: String?
    let query: String?
}
struct SkillChangeArguments: Codable, Sendable { let id: GraphID; let level: Int?; let years: Int? }
struct EndorseArguments: Codable, Sendable { let userSkillId: GraphID; let level: Int; let comment: String? }
struct MilestoneArguments: Codable, Sendable { let goalId: GraphID; let milestoneId: GraphID; let completed: Bool }
struct ActionStatusArguments: Codable, Sendable { let planId: GraphID; let actionId: GraphID; let status: PlanAction.Status }
struct RateArguments: Codable, Sendable { let id: GraphID; let rating: Int }
struct TextArguments: Codable, Sendable { let text: String }
struct TargetRoleArguments: Codable, Sendable { let targetRole: String }
struct ConfirmationArguments: Codable, Sendable { let uris: [String]; let level: Int }
struct CareerPathArguments: Codable, Sendable {
    let from: String?
    let first: Int?
}
struct PageArguments: Codable, Sendable, ForwardPaginatable {
    let first: Int?
    let after: String?
}

/// A plan as GraphQL clients send it (ids are GraphQL `ID`s).
struct PlanInputArguments: Codable, Sendable {
    struct Phase: Codable, Sendable { let title: String; let actions: [Action]? }
    struct Action: Codable, Sendable {
        let kind: PlanAction.Kind
        let title: String
        let dueOn: Day?
        let skillUri: String?
        let resourceId: GraphID?
        let opportunityId: GraphID?
    }

    let title: String
    let goalId: GraphID?
    let phases: [Phase]?

    func input() throws -> PlanInput {
        PlanInput(title: title, goalId: try goalId?.uuid("goal"), phases: try phases?.map { phase in
            PhaseInput(title: phase.title, actions: try phase.actions?.map {
                ActionInput(kind: $0.kind, title: $0.title, dueOn: $0.dueOn, skillUri: $0.skillUri,
                            resourceId: try $0.resourceId?.uuid("learning resource"), opportunityId: try $0.opportunityId?.uuid("opportunity"))
            })
        })
    }
}

/// The root of the schema: queries and mutations. Every one checks the caller through the
/// access policy, as REST does; what the caller may not see is not found.
struct CareerOpsResolver: Sendable {
    /// The signed-in caller, or null for an anonymous request.
    func me(context: GraphQLContext, arguments: NoArguments) async throws -> UserNode? {
        guard let principal = context.principal else { return nil }
        await context.loader.register([principal.userID])
        return UserNode(account: try await context.services.auth.account(of: principal), principal: principal)
    }

    func user(context: GraphQLContext, arguments: IDArguments) async throws -> UserNode {
        let principal = try context.caller()
        let id = try arguments.id.uuid("user")
        guard try await context.services.career.access.canRead(id, by: principal), let account = try await context.services.auth.account(id: id) else {
            throw DomainError.notFound("user")
        }
        await context.loader.register([id])
        return UserNode(account: account, principal: principal)
    }

    /// The members who share their data with the calling coach (and whose data they may read).
    func coachees(context: GraphQLContext, arguments: NoArguments) async throws -> [UserNode] {
        let principal = try context.caller()
        let ids = try await context.services.career.coachees(as: principal)
        await context.loader.register(ids)
        return try await context.services.auth.accounts(ids: ids).map { UserNode(account: $0, principal: principal) }
    }

    func skillCatalog(context: GraphQLContext, arguments: CatalogArguments) async throws -> [CatalogMatch] {
        _ = try context.caller()
        return try await context.services.catalog.search(arguments.query, limit: arguments.first ?? 10)
    }

    func opportunities(context: GraphQLContext, arguments: OpportunityArguments) async throws -> Connection<OpportunityView> {
        let principal = try context.caller()
        var filter = OpportunityFilter()
        filter.query = arguments.query
        filter.remote = arguments.remote
        let request = try Self.page(first: arguments.first, after: arguments.after)
        let page = try await context.services.opportunities.list(filter, as: principal, page: request)
        return try Self.connection(page.map(OpportunityView.init), id: \.id, arguments: arguments)
    }

    func opportunity(context: GraphQLContext, arguments: IDArguments) async throws -> OpportunityView {
        OpportunityView(try await context.services.opportunities.opportunity(try arguments.id.uuid("opportunity"), as: try context.caller()))
    }

    func learningResources(context: GraphQLContext, arguments: LearningArguments) async throws -> Connection<LearningResourceView> {
        let principal = try context.caller()
        let request = try Self.page(first: arguments.first, after: arguments.after)
        let page = try await context.services.learning.list(as: principal, skillURI: arguments.skill,
                                                            query: arguments.query, page: request)
        return try Self.connection(page.map(LearningResourceView.init), id: \.id, arguments: arguments)
    }

    /// The skills, seniority, years and place a job description asks for.
    func analyzeJobDescription(context: GraphQLContext, arguments: TextArguments) async throws -> JobAnalysisView {
        _ = try context.caller()
        return JobAnalysisView(try await context.services.skillIndex.analyze(arguments.text), text: arguments.text)
    }

    /// The caller's best matches, each explained.
    func matches(context: GraphQLContext, arguments: PageArguments) async throws -> Connection<MatchView> {
        let principal = try context.caller()
        let request = try Self.page(first: arguments.first, after: arguments.after)
        let all = try await context.services.insights.matches(of: principal.userID, as: principal)
        return try Self.connection(Page(slicing: all.map(MatchView.init), request: request), id: \.opportunity.id, arguments: arguments)
    }

    /// The caller's skill gap for a target role (an occupation URI or a job title).
    func skillGap(context: GraphQLContext, arguments: TargetRoleArguments) async throws -> SkillGapView {
        let principal = try context.caller()
        return SkillGapView(try await context.services.insights.skillGap(of: principal.userID, as: principal, targetRole: arguments.targetRole))
    }

    /// Skills the caller's own words name that their profile lacks, with the words behind each.
    func skillProposals(context: GraphQLContext, arguments: NoArguments) async throws -> [SkillProposalView] {
        let principal = try context.caller()
        return try await context.services.proposals.proposals(of: principal.userID, as: principal).map(SkillProposalView.init)
    }

    /// The caller's learning recommendations, each with why.
    func recommendations(context: GraphQLContext, arguments: FirstArguments) async throws -> [RecommendationView] {
        let principal = try context.caller()
        return try await context.services.insights.recommendations(for: principal.userID, as: principal, limit: arguments.first ?? 10)
            .map(RecommendationView.init)
    }

    /// The caller's likely next roles, from `from` (an occupation URI or a title) or their current position.
    func careerPaths(context: GraphQLContext, arguments: CareerPathArguments) async throws -> CareerPathsView {
        let principal = try context.caller()
        return CareerPathsView(try await context.services.insights.careerPaths(of: principal.userID, as: principal, from: arguments.from,
                                                                               limit: arguments.first ?? 5))
    }

    // MARK: Mutations

    func updateProfile(context: GraphQLContext, arguments: InputArguments<ProfileChange>) async throws -> UserNode {
        let principal = try context.caller()
        _ = try await context.services.career.updateProfile(of: principal.userID, as: principal, arguments.input)
        await context.loader.register([principal.userID])
        return UserNode(account: try await context.services.auth.account(of: principal), principal: principal)
    }

    func createCareerGoal(context: GraphQLContext, arguments: InputArguments<GoalInput>) async throws -> GoalView {
        let principal = try context.caller()
        return GoalView(try await context.services.career.createGoal(for: principal.userID, as: principal, arguments.input))
    }

    func setMilestoneCompleted(context: GraphQLContext, arguments: MilestoneArguments) async throws -> GoalView {
        let principal = try context.caller()
        return GoalView(try await context.services.career.updateMilestone(
            try arguments.milestoneId.uuid("milestone"), of: try arguments.goalId.uuid("goal"), of: principal.userID, as: principal,
            MilestoneChange(completed: arguments.completed)))
    }

    func addSkill(context: GraphQLContext, arguments: InputArguments<SkillInput>) async throws -> SkillView {
        let principal = try context.caller()
        return SkillView(try await context.services.career.addSkill(to: principal.userID, as: principal, arguments.input))
    }

    /// Adds the proposed skills the caller picked, each with its words as evidence.
    func confirmSkillProposals(context: GraphQLContext, arguments: ConfirmationArguments) async throws -> [SkillView] {
        let principal = try context.caller()
        return try await context.services.proposals.confirm(arguments.uris, level: arguments.level, of: principal.userID, as: principal).map(SkillView.init)
    }

    func updateSkill(context: GraphQLContext, arguments: SkillChangeArguments) async throws -> SkillView {
        let principal = try context.caller()
        return SkillView(try await context.services.career.updateSkill(try arguments.id.uuid("skill"), of: principal.userID, as: principal,
                                                                       SkillChange(level: arguments.level, years: arguments.years)))
    }

    func removeSkill(context: GraphQLContext, arguments: IDArguments) async throws -> Bool {
        let principal = try context.caller()
        try await context.services.career.removeSkill(try arguments.id.uuid("skill"), of: principal.userID, as: principal)
        return true
    }

    /// A colleague's or coach's endorsement of someone else's skill.
    func endorseSkill(context: GraphQLContext, arguments: EndorseArguments) async throws -> EndorsementView {
        EndorsementView(try await context.services.career.endorse(try arguments.userSkillId.uuid("skill"), as: try context.caller(),
                                                                   level: arguments.level, comment: arguments.comment))
    }

    func createCareerPlan(context: GraphQLContext, arguments: InputArguments<PlanInputArguments>) async throws -> PlanNode {
        let principal = try context.caller()
        return PlanNode(try await context.services.career.createPlan(for: principal.userID, as: principal, try arguments.input.input()))
    }

    /// The seed's `generateCareerPlan`: a plan for the caller's goal, written to their plans.
    func generateCareerPlan(context: GraphQLContext, arguments: NoArguments) async throws -> PlanNode {
        let principal = try context.caller()
        let (plan, changes) = try await context.services.insights.generatePlan(for: principal.userID, as: principal)
        return PlanNode(plan, changes: changes)
    }

    func setPlanActionStatus(context: GraphQLContext, arguments: ActionStatusArguments) async throws -> PlanNode {
        let principal = try context.caller()
        return PlanNode(try await context.services.career.updateAction(try arguments.actionId.uuid("action"), of: try arguments.planId.uuid("plan"),
                                                                       of: principal.userID, as: principal, ActionChange(status: arguments.status)))
    }

    func completeLearningResource(context: GraphQLContext, arguments: IDArguments) async throws -> Bool {
        try await context.services.learning.complete(try arguments.id.uuid("learning resource"), as: try context.caller())
        return true
    }

    func rateLearningResource(context: GraphQLContext, arguments: RateArguments) async throws -> Bool {
        try await context.services.learning.rate(try arguments.id.uuid("learning resource"), as: try context.caller(), rating: arguments.rating)
        return true
    }

    // MARK: Paging

    /// `first`/`after` as a page; `after` is the cursor of the last edge seen.
    static func page(first: Int?, after: String?) throws -> PageRequest {
        guard let size = first.map({ $0 }) ?? 20 as Int?, (1...PageRequest.maximumLimit).contains(size) else {
            throw DomainError.invalid(field: "first", reason: "must be between 1 and \(PageRequest.maximumLimit)")
        }
        let offset = try after.map { cursor throws(DomainError) in try PageCursor.decode(cursor) + 1 } ?? 0
        return try PageRequest(limit: size, offset: offset)
    }

    /// A connection over one page; each edge's cursor is its position in the whole list.
    static func connection<Node: Sendable>(_ page: Page<Node>, id: KeyPath<Node, String>, arguments: some ForwardPaginatable) throws -> Connection<Node> {
        let positions = Dictionary(page.items.enumerated().map { ($1[keyPath: id], page.request.offset + $0) }, uniquingKeysWith: { first, _ in first })
        // One more item than the page holds tells the connection that a next page exists.
        var items = page.items
        if page.hasMore, let last = items.last { items.append(last) }
        return try items.connection(from: ForwardPaginationArguments(first: page.request.limit, after: nil)) {
            PageCursor.encode(offset: positions[$0[keyPath: id]] ?? 0)
        }
    }
}
