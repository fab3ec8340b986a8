import Core
import Foundation

/// A career plan: phases in order, each with actions in order.
public struct Plan: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable { case active, completed, archived }

    public let id: UUID
    public let userID: UUID
    public var goalID: UUID?
    public var title: String
    public var status: Status
    /// What wrote the plan: nil when the member did, a generator's name otherwise.
    public var generatedBy: String?
    public var phases: [PlanPhase]
    public let createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, userID: UUID, goalID: UUID?, title: String, status: Status, generatedBy: String?, phases: [PlanPhase],
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.userID = userID
        self.goalID = goalID
        self.title = title
        self.status = status
        self.generatedBy = generatedBy
        self.phases = phases
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The first phase with work left, or the last phase when all is done.
    public var currentPhase: PlanPhase? {
        phases.first { !$0.isDone } ?? phases.last
    }

    /// The next open actions, in plan order.
    public func nextSteps(limit: Int = 5) -> [PlanAction] {
        Array(phases.flatMap(\.actions).filter { $0.status.isOpen }.prefix(limit))
    }

    /// Share of actions done (skipped ones do not count against it), 0…1.
    public var progress: Double {
        let actions = phases.flatMap(\.actions).filter { $0.status != .skipped }
        guard !actions.isEmpty else { return 0 }
        return Double(actions.filter { $0.status == .done }.count) / Double(actions.count)
    }
}

public struct PlanPhase: Sendable, Equatable {
    public let id: UUID
    public var title: String
    public var position: Int
    public var actions: [PlanAction]

    public init(id: UUID, title: String, position: Int, actions: [PlanAction]) {
        self.id = id
        self.title = title
        self.position = position
        self.actions = actions
    }

    public var isDone: Bool { !actions.isEmpty && actions.allSatisfy { !$0.status.isOpen } }

    /// `done` when every action is closed, `active` when some are, `pending` before any starts.
    public var status: String {
        if isDone { return "done" }
        return actions.contains { $0.status != .todo } ? "active" : "pending"
    }
}

public struct PlanAction: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case learn, practise
        case getEndorsed = "get_endorsed"
        case apply, network
    }

    public enum Status: String, Sendable, Codable, CaseIterable {
        case todo
        case inProgress = "in_progress"
        case done, skipped

        public var isOpen: Bool { self == .todo || self == .inProgress }
    }

    public let id: UUID
    public var kind: Kind
    public var title: String
    public var status: Status
    public var position: Int
    public var dueOn: Day?
    public var skill: SkillRef?
    public var resourceID: UUID?
    public var opportunityID: UUID?

    public init(id: UUID, kind: Kind, title: String, status: Status, position: Int, dueOn: Day?, skill: SkillRef?, resourceID: UUID?, opportunityID: UUID?) {
        self.id = id
        self.kind = kind
        self.title = title
        self.status = status
        self.position = position
        self.dueOn = dueOn
        self.skill = skill
        self.resourceID = resourceID
        self.opportunityID = opportunityID
    }
}

public struct PlanInput: Sendable, Equatable, Codable {
    public var title: String
    public var goalId: UUID?
    public var phases: [PhaseInput]?

    public init(title: String, goalId: UUID? = nil, phases: [PhaseInput]? = nil) {
        self.title = title
        self.goalId = goalId
        self.phases = phases
    }
}

public struct PlanChange: Sendable, Equatable, Codable {
    public var title: String?
    public var status: Plan.Status?

    public init(title: String? = nil, status: Plan.Status? = nil) {
        self.title = title
        self.status = status
    }
}

public struct PhaseInput: Sendable, Equatable, Codable {
    public var title: String
    public var position: Int?
    public var actions: [ActionInput]?

    public init(title: String, position: Int? = nil, actions: [ActionInput]? = nil) {
        self.title = title
        self.position = position
        self.actions = actions
    }
}

public struct ActionInput: Sendable, Equatable, Codable {
    public var kind: PlanAction.Kind
    public var title: String
    public var status: PlanAction.Status?
    public var position: Int?
    public var dueOn: Day?
    public var skillUri: String?
    public var resourceId: UUID?
    public var opportunityId: UUID?

    public init(kind: PlanAction.Kind, title: String, status: PlanAction.Status? = nil, position: Int? = nil, dueOn: Day? = nil,
                skillUri: String? = nil, resourceId: UUID? = nil, opportunityId: UUID? = nil) {
        self.kind = kind
        self.title = title
        self.status = status
        self.position = position
        self.dueOn = dueOn
        self.skillUri = skillUri
        self.resourceId = resourceId
        self.opportunityId = opportunityId
    }
}

public struct ActionChange: Sendable, Equatable, Codable {
    public var title: String?
    public var status: PlanAction.Status?
    public var position: Int?
    public var dueOn: Day?

    public init(title: String? = nil, status: PlanAction.Status? = nil, position: Int? = nil, dueOn: Day? = nil) {
        self.title = title
        self.status = status
        self.position = position
        self.dueOn = dueOn
    }
}
