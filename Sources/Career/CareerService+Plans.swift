import Core
import Foundation
import Identity

extension CareerService {
    public func plans(of userID: UUID, as caller: Principal) async throws -> [Plan] {
        try await access.requireRead(userID, by: caller)
        return try await store.plans(of: userID)
    }

    public func plans(of userIDs: [UUID], as caller: Principal) async throws -> [UUID: [Plan]] {
        try await store.plans(of: try await access.readable(userIDs, by: caller))
    }

    public func plan(_ id: UUID, of userID: UUID, as caller: Principal) async throws -> Plan {
        try await access.requireRead(userID, by: caller)
        guard let plan = try await store.plans(of: userID).first(where: { $0.id == id }) else { throw DomainError.notFound("plan") }
        return plan
    }

    /// The plan the member follows now: the newest active one.
    public static func currentPlan(in plans: [Plan]) -> Plan? {
        plans.filter { $0.status == .active }.max { $0.createdAt < $1.createdAt }
    }

    public func createPlan(for userID: UUID, as caller: Principal, _ input: PlanInput, generatedBy: String? = nil) async throws -> Plan {
        try await access.requireWrite(userID, by: caller)
        if let goalID = input.goalId {
            guard try await store.goals(of: userID).contains(where: { $0.id == goalID }) else {
                throw DomainError.notFound("goal")
            }
        }
        let inputs = input.phases ?? []
        guard inputs.count <= 20 else { throw DomainError.invalid(field: "phases", reason: "at most 20 phases") }
        var phases: [PlanPhase] = []
        for (index, phase) in inputs.enumerated() {
            phases.append(try await makePhase(phase, position: try Validate.position(phase.position, field: "phases[\(index)].position") ?? index,
                                              field: "phases[\(index)]."))
        }
        let now = clock.now()
        let plan = Plan(id: ids.next(), userID: userID, goalID: input.goalId, title: try Validate.text(input.title, field: "title", max: 200),
                        status: .active, generatedBy: generatedBy, phases: phases, createdAt: now, updatedAt: now)
        return try await saved(plan)
    }

    public func updatePlan(_ id: UUID, of userID: UUID, as caller: Principal, _ change: PlanChange) async throws -> Plan {
        try await access.requireWrite(userID, by: caller)
        var plan = try await plan(id, of: userID, as: caller)
        if let title = change.title { plan.title = try Validate.text(title, field: "title", max: 200) }
        if let status = change.status { plan.status = status }
        return try await saved(plan)
    }

    public func removePlan(_ id: UUID, of userID: UUID, as caller: Principal) async throws {
        try await access.requireWrite(userID, by: caller)
        guard try await store.deletePlan(id: id, of: userID) else { throw DomainError.notFound("plan") }
    }

    public func addPhase(to planID: UUID, of userID: UUID, as caller: Principal, _ input: PhaseInput) async throws -> Plan {
        try await access.requireWrite(userID, by: caller)
        var plan = try await plan(planID, of: userID, as: caller)
        guard plan.phases.count < 20 else { throw DomainError.conflict("the plan holds 20 phases, the most it may") }
        let position = try Validate.position(input.position, field: "position") ?? (plan.phases.map(\.position).max() ?? -1) + 1
        plan.phases.append(try await makePhase(input, position: position, field: ""))
        return try await saved(plan)
    }

    public func renamePhase(_ phaseID: UUID, of planID: UUID, of userID: UUID, as caller: Principal, title: String?, position: Int?) async throws -> Plan {
        try await access.requireWrite(userID, by: caller)
        var plan = try await plan(planID, of: userID, as: caller)
        guard let index = plan.phases.firstIndex(where: { $0.id == phaseID }) else { throw DomainError.notFound("phase") }
        if let title { plan.phases[index].title = try Validate.text(title, field: "title", max: 200) }
        if let position = try Validate.position(position, field: "position") { plan.phases[index].position = position }
        return try await saved(plan)
    }

    public func removePhase(_ phaseID: UUID, of planID: UUID, of userID: UUID, as caller: Principal) async throws -> Plan {
        try await access.requireWrite(userID, by: caller)
        var plan = try await plan(planID, of: userID, as: caller)
        guard plan.phases.contains(where: { $0.id == phaseID }) else { throw DomainError.notFound("phase") }
        plan.phases.removeAll { $0.id == phaseID }
        return try await saved(plan)
    }

    public func addAction(to phaseID: UUID, of planID: UUID, of userID: UUID, as caller: Principal, _ input: ActionInput) async throws -> Plan {
        try await access.requireWrite(userID, by: caller)
        var plan = try await plan(planID, of: userID, as: caller)
        guard let index = plan.phases.firstIndex(where: { $0.id == phaseID }) else { throw DomainError.notFound("phase") }
        guard plan.phases[index].actions.count < 100 else { throw DomainError.conflict("the phase holds 100 actions, the most it may") }
        let position = try Validate.position(input.position, field: "position") ?? (plan.phases[index].actions.map(\.position).max() ?? -1) + 1
        plan.phases[index].actions.append(try await makeAction(input, position: position, field: ""))
        return try await saved(plan)
    }

    public func updateAction(_ actionID: UUID, of planID: UUID, of userID: UUID, as caller: Principal, _ change: ActionChange) async throws -> Plan {
        try await access.requireWrite(userID, by: caller)
        var plan = try await plan(planID, of: userID, as: caller)
        for phase in plan.phases.indices {
            guard let index = plan.phases[phase].actions.firstIndex(where: { $0.id == actionID }) else { continue }
            if let title = change.title { plan.phases[phase].actions[index].title = try Validate.text(title, field: "title", max: 200) }
            if let status = change.status { plan.phases[phase].actions[index].status = status }
            if let position = try Validate.position(change.position, field: "position") { plan.phases[phase].actions[index].position = position }
            if let dueOn = change.dueOn { plan.phases[phase].actions[index].dueOn = dueOn }
            let finished = change.status == .done ? plan.phases[phase].actions[index].kind : nil
            let stored = try await saved(plan)
            if let finished { await publish("plan_action_done", for: userID, ["kind": finished.rawValue]) }
            return stored
        }
        throw DomainError.notFound("action")
    }

    public func removeAction(_ actionID: UUID, of planID: UUID, of userID: UUID, as caller: Principal) async throws -> Plan {
        try await access.requireWrite(userID, by: caller)
        var plan = try await plan(planID, of: userID, as: caller)
        guard plan.phases.contains(where: { $0.actions.contains { $0.id == actionID } }) else { throw DomainError.notFound("action") }
        for phase in plan.phases.indices { plan.phases[phase].actions.removeAll { $0.id == actionID } }
        return try await saved(plan)
    }

    private func makePhase(_ input: PhaseInput, position: Int, field: String) async throws -> PlanPhase {
        let inputs = input.actions ?? []
        guard inputs.count <= 100 else { throw DomainError.invalid(field: field + "actions", reason: "at most 100 actions in a phase") }
        var actions: [PlanAction] = []
        for (index, action) in inputs.enumerated() {
            let position = try Validate.position(action.position, field: field + "actions[\(index)].position") ?? index
            actions.append(try await makeAction(action, position: position, field: field + "actions[\(index)]."))
        }
        return PlanPhase(id: ids.next(), title: try Validate.text(input.title, field: field + "title", max: 200), position: position, actions: actions)
    }

    private func makeAction(_ input: ActionInput, position: Int, field: String) async throws -> PlanAction {
        var skill: SkillRef?
        if let uri = input.skillUri {
            guard let found = try await store.skill(uri: uri) else { throw DomainError.invalid(field: field + "skill_uri", reason: "is not a skill in the catalog") }
            skill = found
        }
        if let id = input.resourceId, try await !store.resourceExists(id) {
            throw DomainError.notFound("learning resource")
        }
        if let id = input.opportunityId, try await !store.opportunityExists(id) {
            throw DomainError.notFound("opportunity")
        }
        return PlanAction(id: ids.next(), kind: input.kind, title: try Validate.text(input.title, field: field + "title", max: 200),
                          status: input.status ?? .todo, position: position, dueOn: input.dueOn, skill: skill,
                          resourceID: input.resourceId, opportunityID: input.opportunityId)
    }

    /// Stores a whole plan as given (a generated one), phases and actions in order.
    public func savePlan(_ plan: Plan) async throws -> Plan {
        try await saved(plan)
    }

    private func saved(_ plan: Plan) async throws -> Plan {
        var plan = plan
        plan.updatedAt = clock.now()
        plan.phases.sort { ($0.position, $0.id.uuidString) < ($1.position, $1.id.uuidString) }
        for index in plan.phases.indices {
            plan.phases[index].actions.sort { ($0.position, $0.id.uuidString) < ($1.position, $1.id.uuidString) }
        }
        try await store.save(plan)
        return plan
    }
}
