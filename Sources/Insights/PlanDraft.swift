import Career
import Core
import Foundation

/// A generated plan's phases before they are stored: what to learn first (the target's missing
/// essential skills, each with the best recommended resource that teaches it), how to build
/// experience (raise skills held below the target's level, get held ones endorsed), and how to
/// make the move (apply to the best matching openings, meet people in the role). Due dates
/// follow the member's pace in months per skill level.
struct PlanDraft: Sendable {
    struct Action: Sendable, Equatable {
        let kind: PlanAction.Kind
        let title: String
        let dueOn: Day
        let skill: SkillRef?
        let resourceID: UUID?
        let opportunityID: UUID?

        var key: String { PlanDraft.key(kind, skill, resourceID, opportunityID) }
    }

    struct Phase: Sendable, Equatable {
        let title: String
        let actions: [Action]
    }

    /// What makes two actions the same across regenerations (the title may be reworded).
    static func key(_ kind: PlanAction.Kind, _ skill: SkillRef?, _ resource: UUID?, _ opportunity: UUID?) -> String {
        [kind.rawValue, skill?.id.uuidString ?? "", resource?.uuidString ?? "", opportunity?.uuidString ?? ""].joined(separator: "|")
    }

    static let foundations = "Foundations"
    static let experience = "Build experience"
    static let transition = "Make the move"

    let phases: [Phase]

    /// - Parameters:
    ///   - gap: the target's skills against the member's, most important first.
    ///   - resources: the best recommended resource for a gap skill, by skill id.
    ///   - held: the member's skills, for endorsements.
    ///   - monthsPerLevel: the member's pace.
    init(target: OccupationRef, gap: [SkillGapReport.Item], resources: [UUID: LearningResource], held: [MemberSkill],
         matches: [OpportunityMatch], monthsPerLevel: Double, today: Date) {
        var elapsed = 0.0
        func due(after months: Double) -> Day {
            elapsed += months
            return Day(today.addingTimeInterval(max(elapsed, 0.25) * 30.44 * 86_400))
        }
        let missing = gap.filter { $0.status == .missing && $0.relation != .optional }.prefix(5)
        let learn = missing.map { item -> Action in
            let levels = Double(max(1, item.targetLevel))
            let resource = resources[item.skill.id]
            let title = resource.map { "Learn \(item.skill.label) with “\($0.title)”" } ?? "Learn \(item.skill.label) to level \(item.targetLevel)"
            // Two skills are learnt side by side, so each takes half its own time off the clock.
            return Action(kind: .learn, title: title, dueOn: due(after: levels * monthsPerLevel / 2), skill: item.skill, resourceID: resource?.id,
                          opportunityID: nil)
        }
        let below = gap.filter { $0.status == .below }.prefix(3)
        var build = below.map { item -> Action in
            let levels = Double(max(1, item.targetLevel - (item.currentLevel ?? 0)))
            return Action(kind: .practise, title: "Use \(item.skill.label) in a real project, from level \(item.currentLevel ?? 0) to \(item.targetLevel)",
                          dueOn: due(after: levels * monthsPerLevel / 2), skill: item.skill, resourceID: resources[item.skill.id]?.id, opportunityID: nil)
        }
        let needed = Set(gap.map(\.skill.id))
        // A technology held for a skill the role needs is worth endorsing too.
        let counts = { (skill: MemberSkill) in needed.contains(skill.skill.id) || skill.skill.conceptID.map(needed.contains) == true }
        for skill in held.filter({ counts($0) && $0.verification == .self }).sorted(by: { $0.level > $1.level }).prefix(2) {
            build.append(Action(kind: .getEndorsed, title: "Get \(skill.skill.label) endorsed by your coach or a peer", dueOn: due(after: 0.5),
                                skill: skill.skill, resourceID: nil, opportunityID: nil))
        }
        var move = [Action(kind: .network, title: "Talk to two people who work as \(target.label)", dueOn: due(after: 0.5), skill: nil, resourceID: nil,
                           opportunityID: nil)]
        for match in matches.filter({ $0.opportunity.occupation?.id == target.id || $0.breakdown.score >= 60 }).prefix(3) {
            move.append(Action(kind: .apply, title: "Apply to \(match.opportunity.title) at \(match.opportunity.employer) (fit \(match.breakdown.score)/100)",
                               dueOn: due(after: 0.25), skill: nil, resourceID: nil, opportunityID: match.opportunity.id))
        }
        phases = [Phase(title: Self.foundations, actions: learn), Phase(title: Self.experience, actions: build), Phase(title: Self.transition, actions: move)]
            .filter { !$0.actions.isEmpty }
    }
}

/// What regenerating a plan changed.
public struct PlanChanges: Sendable, Equatable, Codable {
    public let added: [String]
    public let removed: [String]
    /// Actions already done, in progress or skipped, carried over as they were.
    public let kept: [String]

    public init(added: [String], removed: [String], kept: [String]) {
        self.added = added
        self.removed = removed
        self.kept = kept
    }
}

extension PlanDraft {
    /// The draft merged into an earlier generated plan: actions the member has started, done or
    /// skipped stay as they are (in their phase); open actions the draft no longer has go; the
    /// draft's new actions come in; open actions it still has take its wording and due date.
    func merged(into earlier: Plan?, userID: UUID, goalID: UUID?, title: String, generator: String, now: Date, ids: any IdentifierSource) -> (Plan, PlanChanges) {
        let old = earlier?.phases.flatMap { phase in phase.actions.map { (phase.title, $0) } } ?? []
        let drafted = Set(phases.flatMap(\.actions).map(\.key))
        func key(_ action: PlanAction) -> String { Self.key(action.kind, action.skill, action.resourceID, action.opportunityID) }
        let started = old.filter { !($0.1.status == .todo) }
        let startedKeys = Set(started.map { key($0.1) })
        let openOld = Dictionary(old.filter { $0.1.status == .todo }.map { (key($0.1), $0.1) }) { a, _ in a }
        var removed = old.filter { $0.1.status == .todo && !drafted.contains(key($0.1)) }.map(\.1.title)
        var added: [String] = []
        var phases: [PlanPhase] = []
        let titles = (self.phases.map(\.title) + started.map(\.0)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for (position, title) in titles.enumerated() {
            var actions = started.filter { $0.0 == title }.map(\.1)
            for action in self.phases.first(where: { $0.title == title })?.actions ?? [] where !startedKeys.contains(action.key) {
                if openOld[action.key] == nil { added.append(action.title) }
                actions.append(PlanAction(id: openOld[action.key]?.id ?? ids.next(), kind: action.kind, title: action.title, status: .todo, position: actions.count,
                                          dueOn: action.dueOn, skill: action.skill, resourceID: action.resourceID, opportunityID: action.opportunityID))
            }
            for index in actions.indices { actions[index].position = index }
            let id = earlier?.phases.first { $0.title == title }?.id ?? ids.next()
            phases.append(PlanPhase(id: id, title: title, position: position, actions: actions))
        }
        removed = removed.filter { !added.contains($0) }
        let plan = Plan(id: earlier?.id ?? ids.next(), userID: userID, goalID: goalID, title: title, status: .active, generatedBy: generator, phases: phases,
                        createdAt: earlier?.createdAt ?? now, updatedAt: now)
        return (plan, PlanChanges(added: added, removed: removed, kept: started.map(\.1.title)))
    }
}
