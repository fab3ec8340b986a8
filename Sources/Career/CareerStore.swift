import Foundation

/// Where career data lives; Storage implements it in SQL. Aggregates (a profile with its
/// history, a goal with its milestones, a plan with its phases and actions) are saved whole.
public protocol CareerStore: Sendable {
    // Catalog lookups.
    func skill(uri: String) async throws -> SkillRef?
    /// The catalog skill with this label (preferred or alternative), ignoring case.
    func skill(labelled label: String) async throws -> SkillRef?
    /// The member-named skill with this label, created (flagged custom) when it is new.
    func customSkill(named label: String, at: Date) async throws -> SkillRef
    func occupation(uri: String) async throws -> OccupationRef?
    /// The occupation whose label (preferred or alternative) equals the title, ignoring case.
    func occupation(titled title: String) async throws -> OccupationRef?
    func resourceExists(_ id: UUID) async throws -> Bool
    func opportunityExists(_ id: UUID) async throws -> Bool
    func organizationExists(_ id: UUID) async throws -> Bool

    func profile(of userID: UUID) async throws -> Profile?
    /// The member's visibility (the default when they have no profile yet); nil for no member.
    func visibility(of userID: UUID) async throws -> Visibility?
    /// The visibility of each of these members who exists.
    func visibilities(of userIDs: [UUID]) async throws -> [UUID: Visibility]
    func profiles(of userIDs: [UUID]) async throws -> [UUID: Profile]
    /// Writes the profile with its experiences and education as they are now.
    func save(_ profile: Profile, at: Date) async throws

    func skills(of userIDs: [UUID]) async throws -> [UUID: [MemberSkill]]
    /// How many skills each member holds, and how many of them someone else has rated.
    func skillCounts(of userIDs: [UUID]) async throws -> [UUID: SkillCounts]
    func memberSkill(id: UUID) async throws -> MemberSkill?
    /// Adds the skill and its first level; `conflict` when the member has it already.
    func insert(_ skill: MemberSkill) async throws
    /// Writes the skill's fields; a changed level is added to its history.
    func update(_ skill: MemberSkill, levelChanged: Bool) async throws
    func deleteSkill(id: UUID, of userID: UUID) async throws -> Bool
    func levelHistory(of skillID: UUID) async throws -> [LevelChange]
    /// Adds the endorsement, replacing an earlier one by the same person from the same source.
    func add(_ endorsement: Endorsement, to skillID: UUID) async throws

    func goals(of userIDs: [UUID]) async throws -> [UUID: [Goal]]
    func save(_ goal: Goal) async throws
    func deleteGoal(id: UUID, of userID: UUID) async throws -> Bool

    func plans(of userIDs: [UUID]) async throws -> [UUID: [Plan]]
    func save(_ plan: Plan) async throws
    func deletePlan(id: UUID, of userID: UUID) async throws -> Bool
}

extension CareerStore {
    package func skills(of userID: UUID) async throws -> [MemberSkill] { try await skills(of: [userID])[userID] ?? [] }
    package func goals(of userID: UUID) async throws -> [Goal] { try await goals(of: [userID])[userID] ?? [] }
    package func plans(of userID: UUID) async throws -> [Plan] { try await plans(of: [userID])[userID] ?? [] }
}
