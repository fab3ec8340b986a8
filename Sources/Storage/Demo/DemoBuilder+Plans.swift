import Foundation

extension DemoBuilder {
    /// A plan towards each member's role goal: learn the target's skills they lack (with a
    /// resource that teaches each), show them, then apply for an opening of that role.
    mutating func buildPlans() {
        for member in members {
            guard let (goal, target) = roleGoals[member.id] else { continue }
            let plan = uuid()
            let created = min(now.addingTimeInterval(-Self.day), member.joined.addingTimeInterval(Double(int(5...40)) * Self.day))
            add("career_plans", ["id", "user_id", "goal_id", "title", "status", "generated_by", "created_at", "updated_at"],
                [plan, member.id, goal, "Towards \(target.label)", "active", String?.none, created, created])
            summary.plans += 1
            let missing = Array(target.skills.filter { !member.skills.contains($0) }.prefix(3))
            var phases: [(String, [(kind: String, title: String, skill: UUID?, resource: UUID?, opportunity: UUID?)])] = []
            phases.append(("Close the gap", missing.map { skill in
                let label = taxonomy.skillLabels[skill] ?? "a key skill"
                return ("learn", "Learn to \(label)", skill, resources.first { $0.skills.contains(skill) }?.id, nil)
            }))
            let shown = missing.first ?? member.skills.first
            phases.append(("Show it", [
                ("practise", "Use \(shown.flatMap { taxonomy.skillLabels[$0] } ?? "it") in a real project", shown, nil, nil),
                ("get_endorsed", "Ask your coach to review your work", shown, nil, nil),
            ]))
            phases.append(("Make the move", [
                ("network", "Talk to two people who work as \(target.label)", nil, nil, nil),
                ("apply", "Apply for a \(target.label) role", nil, nil, openings[target.id]?.first),
            ]))
            var progressed = chance(0.7)
            for (position, (title, actions)) in phases.enumerated() {
                let phase = uuid()
                var statuses: [String] = []
                for _ in actions {
                    progressed = progressed && chance(0.6)
                    statuses.append(progressed ? "done" : "todo")
                }
                let phaseStatus = statuses.allSatisfy { $0 == "done" } && !statuses.isEmpty ? "done" : (statuses.contains("done") ? "active" : "pending")
                add("plan_phases", ["id", "plan_id", "title", "position", "status", "created_at", "updated_at"], [phase, plan, title, position, phaseStatus, created, created])
                for (index, action) in actions.enumerated() {
                    // A done action was done some days after the plan was made.
                    let finished = statuses[index] == "done" ? min(now, created.addingTimeInterval(Double(int(1...30)) * Self.day)) : created
                    add("plan_actions", ["id", "phase_id", "kind", "title", "status", "position", "due_on", "skill_id", "resource_id", "opportunity_id", "created_at", "updated_at"],
                        [uuid(), phase, action.kind, action.title, statuses[index], index, dateOnly(daysAgo: -int(14...180)), action.skill, action.resource,
                         action.opportunity, created, finished])
                }
            }
        }
    }
}
