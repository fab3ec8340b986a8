import Core
import Foundation
import Identity

extension CareerService {
    public func goals(of userID: UUID, as caller: Principal) async throws -> [Goal] {
        try await access.requireRead(userID, by: caller)
        return try await store.goals(of: userID)
    }

    public func goals(of userIDs: [UUID], as caller: Principal) async throws -> [UUID: [Goal]] {
        try await store.goals(of: try await access.readable(userIDs, by: caller))
    }

    public func goal(_ id: UUID, of userID: UUID, as caller: Principal) async throws -> Goal {
        try await access.requireRead(userID, by: caller)
        guard let goal = try await store.goals(of: userID).first(where: { $0.id == id }) else { throw DomainError.notFound("goal") }
        return goal
    }

    /// The seed's `createCareerGoal`: a role, skill or free-text goal with its milestones.
    public func createGoal(for userID: UUID, as caller: Principal, _ input: GoalInput) async throws -> Goal {
        try await access.requireWrite(userID, by: caller)
        let now = clock.now()
        let kind = input.resolvedKind
        // A level out of range is wrong whatever the kind (only a skill goal keeps it).
        if let target = input.targetLevel { _ = try Validate.level(target, field: "target_level") }
        var occupation: OccupationRef?
        var skill: SkillRef?
        var level: Int?
        switch kind {
        case .role:
            guard let uri = input.targetOccupationUri else { throw DomainError.invalid(field: "target_occupation_uri", reason: "is required for a role goal") }
            guard let found = try await store.occupation(uri: uri) else {
                throw DomainError.invalid(field: "target_occupation_uri", reason: "is not an occupation in the catalog")
            }
            occupation = found
        case .skill:
            guard let uri = input.targetSkillUri else { throw DomainError.invalid(field: "target_skill_uri", reason: "is required for a skill goal") }
            guard let found = try await store.skill(uri: uri) else { throw DomainError.invalid(field: "target_skill_uri", reason: "is not a skill in the catalog") }
            skill = found
            guard let target = input.targetLevel else { throw DomainError.invalid(field: "target_level", reason: "is required for a skill goal") }
            level = try Validate.level(target, field: "target_level")
        case .text:
            break
        }
        let inputs = input.milestones ?? []
        guard inputs.count <= 50 else { throw DomainError.invalid(field: "milestones", reason: "at most 50 milestones") }
        var milestones: [Milestone] = []
        for (index, milestone) in inputs.enumerated() {
            milestones.append(Milestone(id: ids.next(), title: try Validate.text(milestone.title, field: "milestones[\(index)].title", max: 200),
                                        position: try Validate.position(milestone.position, field: "milestones[\(index)].position") ?? index,
                                        dueOn: milestone.dueOn, completedAt: nil))
        }
        let goal = Goal(id: ids.next(), userID: userID, kind: kind, title: try Validate.text(input.title, field: "title", max: 200),
                        targetOccupation: occupation, targetSkill: skill, targetLevel: level, dueOn: input.dueOn, status: .active,
                        milestones: milestones.sorted { $0.position < $1.position }, createdAt: now, updatedAt: now)
        try await store.save(goal)
        await publish("goal_created", for: userID, ["kind": goal.kind.rawValue])
        return goal
    }

    public func updateGoal(_ id: UUID, of userID: UUID, as caller: Principal, _ change: GoalChange) async throws -> Goal {
        try await access.requireWrite(userID, by: caller)
        var goal = try await goal(id, of: userID, as: caller)
        if let title = change.title { goal.title = try Validate.text(title, field: "title", max: 200) }
        if let dueOn = change.dueOn { goal.dueOn = dueOn }
        let completing = change.status == .completed && goal.status != .completed
        if let status = change.status { goal.status = status }
        if let level = change.targetLevel {
            guard goal.kind == .skill else { throw DomainError.conflict("a target level belongs to a skill goal; this goal is a \(goal.kind.rawValue) goal") }
            goal.targetLevel = try Validate.level(level, field: "target_level")
        }
        let stored = try await saved(goal)
        if completing { await publish("goal_completed", for: userID, ["kind": goal.kind.rawValue]) }
        return stored
    }

    public func removeGoal(_ id: UUID, of userID: UUID, as caller: Principal) async throws {
        try await access.requireWrite(userID, by: caller)
        guard try await store.deleteGoal(id: id, of: userID) else { throw DomainError.notFound("goal") }
    }

    public func addMilestone(to goalID: UUID, of userID: UUID, as caller: Principal, _ input: MilestoneInput) async throws -> Goal {
        try await access.requireWrite(userID, by: caller)
        var goal = try await goal(goalID, of: userID, as: caller)
        guard goal.milestones.count < 50 else { throw DomainError.conflict("the goal holds 50 milestones, the most it may") }
        goal.milestones.append(Milestone(id: ids.next(), title: try Validate.text(input.title, field: "title", max: 200),
                                         position: try Validate.position(input.position, field: "position") ?? (goal.milestones.map(\.position).max() ?? -1) + 1,
                                         dueOn: input.dueOn, completedAt: nil))
        return try await saved(goal)
    }

    public func updateMilestone(_ id: UUID, of goalID: UUID, of userID: UUID, as caller: Principal, _ change: MilestoneChange) async throws -> Goal {
        try await access.requireWrite(userID, by: caller)
        var goal = try await goal(goalID, of: userID, as: caller)
        guard let index = goal.milestones.firstIndex(where: { $0.id == id }) else { throw DomainError.notFound("milestone") }
        if let title = change.title { goal.milestones[index].title = try Validate.text(title, field: "title", max: 200) }
        if let dueOn = change.dueOn { goal.milestones[index].dueOn = dueOn }
        if let position = try Validate.position(change.position, field: "position") { goal.milestones[index].position = position }
        if let completed = change.completed {
            goal.milestones[index].completedAt = completed ? (goal.milestones[index].completedAt ?? clock.now()) : nil
        }
        return try await saved(goal)
    }

    public func removeMilestone(_ id: UUID, of goalID: UUID, of userID: UUID, as caller: Principal) async throws -> Goal {
        try await access.requireWrite(userID, by: caller)
        var goal = try await goal(goalID, of: userID, as: caller)
        guard goal.milestones.contains(where: { $0.id == id }) else { throw DomainError.notFound("milestone") }
        goal.milestones.removeAll { $0.id == id }
        return try await saved(goal)
    }

    private func saved(_ goal: Goal) async throws -> Goal {
        var goal = goal
        goal.updatedAt = clock.now()
        goal.milestones.sort { ($0.position, $0.id.uuidString) < ($1.position, $1.id.uuidString) }
        try await store.save(goal)
        return goal
    }
}
