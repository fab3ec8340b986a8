import Foundation
import Intelligence

/// What vectors belong to.
public enum VectorOwner: String, Sendable, CaseIterable {
    case skill, occupation, opportunity, resource, profile
}

/// A vector with the hash of the text it was computed from (a changed text is re-encoded).
public struct StoredVector: Sendable, Equatable {
    public let id: UUID
    public let vector: [Float]
    public let sourceHash: String

    public init(id: UUID, vector: [Float], sourceHash: String) {
        self.id = id
        self.vector = vector
        self.sourceHash = sourceHash
    }
}

/// A skill an occupation needs, by the taxonomy.
public struct RoleSkill: Sendable, Equatable {
    public let occupationID: UUID
    public let skill: SkillRef
    public let relation: SkillGapAnalysis.Relation

    public init(occupationID: UUID, skill: SkillRef, relation: SkillGapAnalysis.Relation) {
        self.occupationID = occupationID
        self.skill = skill
        self.relation = relation
    }
}

/// One stored match: the score in thousandths and its explanation.
public struct StoredMatch: Sendable, Equatable {
    public let opportunityID: UUID
    public let scorePermille: Int
    public let breakdown: MatchBreakdown
    public let computedAt: Date

    public init(opportunityID: UUID, scorePermille: Int, breakdown: MatchBreakdown, computedAt: Date) {
        self.opportunityID = opportunityID
        self.scorePermille = scorePermille
        self.breakdown = breakdown
        self.computedAt = computedAt
    }
}

/// How many opportunities there are and when the last one changed.
public struct OpportunityVersion: Sendable, Equatable {
    public let count: Int
    public let changedAt: Date?

    public init(count: Int, changedAt: Date?) {
        self.count = count
        self.changedAt = changedAt
    }
}

/// Where vectors, role requirements and stored matches live; Storage implements it in SQL.
public protocol InsightStore: Sendable {
    func vectors(of owner: VectorOwner, model: String, ids: [UUID]?) async throws -> [StoredVector]
    func save(_ vectors: [StoredVector], of owner: VectorOwner, model: String, at: Date) async throws
    /// Every catalog occupation with its labels.
    func occupationLabels() async throws -> [CatalogSkillLabels]
    func roleSkills(of occupationIDs: [UUID]) async throws -> [RoleSkill]
    /// Open opportunities, whole.
    func openOpportunities() async throws -> [Opportunity]
    /// Changes whenever an opportunity is added, changed or closed.
    func opportunityVersion() async throws -> OpportunityVersion
    /// Every learning resource's id and text (title and description).
    func resourceTexts() async throws -> [(UUID, String)]
    /// Members who have a profile or skills.
    func memberIDs() async throws -> [UUID]
    /// Members whose profile or skills changed after their matches were stored, whose matches
    /// are older than `postingsChangedAt`, or who have none.
    func membersNeedingMatches(postingsChangedAt: Date?, limit: Int) async throws -> [UUID]
    func organizations(of userID: UUID) async throws -> Set<UUID>
    func replaceMatches(_ matches: [StoredMatch], of userID: UUID) async throws
    func matches(of userID: UUID) async throws -> [StoredMatch]
}
