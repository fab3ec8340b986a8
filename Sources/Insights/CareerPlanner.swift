import Career
import Core
import Foundation
import Intelligence

/// `generateCareerPlan`: from the member's goal (or target role), the skill gap, their learning
/// recommendations, their matches and their pace, writes a plan into the plan tables (see
/// `PlanDraft`). Regenerating updates the plan generated for the same goal, keeps what the member
/// has done or started, and says what changed. With no goal or target role it says so instead of
/// inventing one.
public struct CareerPlanner: Sendable {
    let career: CareerService
    let store: any CareerStore
    let gaps: SkillGapService
    let recommendations: RecommendationService
    let matches: MatchService
    let clock: any WallClock
    let ids: any IdentifierSource
    let events: (any EventSink)?

    public static let generator = "careerops-planner"

    public init(career: CareerService, store: any CareerStore, gaps: SkillGapService, recommendations: RecommendationService, matches: MatchService,
                clock: any WallClock, ids: any IdentifierSource = RandomIdentifiers(), events: (any EventSink)? = nil) {
        self.career = career
        self.store = store
        self.gaps = gaps
        self.recommendations = recommendations
        self.matches = matches
        self.clock = clock
        self.ids = ids
        self.events = events
    }

    func generate(for userID: UUID, visibleTo filter: OpportunityFilter, learning organizations: Set<UUID>?) async throws -> (Plan, PlanChanges) {
        guard let (goal, role) = try await gaps.target(of: userID, goals: try await store.goals(of: userID)) else {
            throw DomainError.invalid(field: "goal", reason: "there is nothing to plan towards yet: set a role goal, or a target role in your preferences")
        }
        let gap = try await gaps.gap(of: userID, targetRole: role, visibleTo: filter)
        let recommended = try await recommendations.recommendations(for: userID, organizations: organizations, limit: 50).map(\.resource)
        var resources: [UUID: LearningResource] = [:]
        for item in gap.items {
            resources[item.skill.id] = recommended.first { $0.skills.contains { $0.id == item.skill.id } }
        }
        let held = try await store.skills(of: userID)
        let pace = Projection(try await TrajectoryService.levelUps(of: held, store: store, now: clock.now()), step: TrajectoryService.month).monthsPerLevel
        let draft = PlanDraft(target: gap.target.occupation, gap: gap.items, resources: resources, held: held,
                              matches: try await matches.matches(of: userID, visibleTo: filter), monthsPerLevel: pace, today: clock.now())
        let earlier = try await store.plans(of: userID)
            .filter { $0.status == .active && $0.generatedBy == Self.generator && $0.goalID == goal?.id }.max { $0.createdAt < $1.createdAt }
        let (plan, changes) = draft.merged(into: earlier, userID: userID, goalID: goal?.id, title: "Towards \(gap.target.occupation.label)",
                                           generator: Self.generator, now: clock.now(), ids: ids)
        let stored = try await career.savePlan(plan)
        await events?.publish(DomainEvent(name: "plan_generated", subjectID: userID, occurredAt: clock.now(), properties: [
            "actions": String(plan.phases.map(\.actions.count).reduce(0, +)), "regenerated": String(earlier != nil),
        ]))
        return (stored, changes)
    }
}
