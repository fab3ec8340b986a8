import Core
import Foundation

/// A career goal: reach a role, reach a level in a skill, or something in the member's words.
public struct Goal: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case role, skill, text }
    public enum Status: String, Sendable, Codable, CaseIterable { case active, completed, abandoned }

    public let id: UUID
    public let userID: UUID
    public var kind: Kind
    public var title: String
    public var targetOccupation: OccupationRef?
    public var targetSkill: SkillRef?
    public var targetLevel: Int?
    public var dueOn: Day?
    public var status: Status
    public var milestones: [Milestone]
    public let createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, userID: UUID, kind: Kind, title: String, targetOccupation: OccupationRef?, targetSkill: SkillRef?, targetLevel: Int?,
                dueOn: Day?, status: Status, milestones: [Milestone], createdAt: Date, updatedAt: Date) {
        self.id = id
        self.userID = userID
        self.kind = kind
        self.title = title
        self.targetOccupation = targetOccupation
        self.targetSkill = targetSkill
        self.targetLevel = targetLevel
        self.dueOn = dueOn
        self.status = status
        self.milestones = milestones
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Share of milestones done, 0…1; a completed goal is 1 whatever its milestones say.
    public var progress: Double {
        if status == .completed { return 1 }
        guard !milestones.isEmpty else { return 0 }
        return Double(milestones.filter { $0.completedAt != nil }.count) / Double(milestones.count)
    }
}

public struct Milestone: Sendable, Equatable, Codable {
    public let id: UUID
    public var title: String
    public var position: Int
    public var dueOn: Day?
    public var completedAt: Date?

    public init(id: UUID, title: String, position: Int, dueOn: Day?, completedAt: Date?) {
        self.id = id
        self.title = title
        self.position = position
        self.dueOn = dueOn
        self.completedAt = completedAt
    }
}

/// The seed's `GoalInput`: what a new goal aims at.
public struct GoalInput: Sendable, Equatable, Codable {
    public var title: String
    public var kind: Goal.Kind?
    /// For a role goal: the ESCO occupation URI.
    public var targetOccupationUri: String?
    /// For a skill goal: the ESCO skill URI and the level to reach.
    public var targetSkillUri: String?
    public var targetLevel: Int?
    public var dueOn: Day?
    public var milestones: [MilestoneInput]?

    public init(title: String, kind: Goal.Kind? = nil, targetOccupationUri: String? = nil, targetSkillUri: String? = nil,
                targetLevel: Int? = nil, dueOn: Day? = nil, milestones: [MilestoneInput]? = nil) {
        self.title = title
        self.kind = kind
        self.targetOccupationUri = targetOccupationUri
        self.targetSkillUri = targetSkillUri
        self.targetLevel = targetLevel
        self.dueOn = dueOn
        self.milestones = milestones
    }

    /// The kind the input implies when it does not say.
    var resolvedKind: Goal.Kind {
        kind ?? (targetOccupationUri != nil ? .role : (targetSkillUri != nil ? .skill : .text))
    }
}

public struct GoalChange: Sendable, Equatable, Codable {
    public var title: String?
    public var dueOn: Day?
    public var status: Goal.Status?
    public var targetLevel: Int?

    public init(title: String? = nil, dueOn: Day? = nil, status: Goal.Status? = nil, targetLevel: Int? = nil) {
        self.title = title
        self.dueOn = dueOn
        self.status = status
        self.targetLevel = targetLevel
    }
}

public struct MilestoneInput: Sendable, Equatable, Codable {
    public var title: String
    public var dueOn: Day?
    public var position: Int?

    public init(title: String, dueOn: Day? = nil, position: Int? = nil) {
        self.title = title
        self.dueOn = dueOn
        self.position = position
    }
}

public struct MilestoneChange: Sendable, Equatable, Codable {
    public var title: String?
    public var dueOn: Day?
    public var position: Int?
    public var completed: Bool?

    public init(title: String? = nil, dueOn: Day? = nil, position: Int? = nil, completed: Bool? = nil) {
        self.title = title
        self.dueOn = dueOn
        self.position = position
        self.completed = completed
    }
}
