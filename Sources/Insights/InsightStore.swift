import Career
import Core
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

/// How many rows a table holds and when the last one changed: it moves whenever one is added,
/// changed or closed (deleting one changes the count).
public struct ChangeMark: Sendable, Equatable {
    public let count: Int
    public let changedAt: Date?

    public init(count: Int, changedAt: Date?) {
        self.count = count
        self.changedAt = changedAt
    }
}

/// A member's completion or rating of a learning resource.
public struct LearningInteraction: Sendable, Equatable {
    public let userID: UUID
    public let resourceID: UUID
    public let completed: Bool
    public let rating: Int?

    public init(userID: UUID, resourceID: UUID, completed: Bool, rating: Int?) {
        self.userID = userID
        self.resourceID = resourceID
        self.completed = completed
        self.rating = rating
    }
}

/// A trained model as stored: its kind, version, bytes, and figures from training.
public struct ModelArtefact: Sendable, Equatable {
    public let kind: String
    public let version: Int
    public let data: Data
    public let metrics: String
    public let createdAt: Date

    public init(kind: String, version: Int, data: Data, metrics: String, createdAt: Date) {
        self.kind = kind
        self.version = version
        self.data = data
        self.metrics = metrics
        self.createdAt = createdAt
    }
}

/// One position in a member's work history, as the path model reads it.
public struct HeldRole: Sendable, Equatable {
    public let userID: UUID
    public let occupationID: UUID?
    public let title: String
    public let startedOn: Day

    public init(userID: UUID, occupationID: UUID?, title: String, startedOn: Day) {
        self.userID = userID
        self.occupationID = occupationID
        self.title = title
        self.startedOn = startedOn
    }
}

/// Where vectors, role requirements and stored matches live; Storage implements it in SQL.
public protocol InsightStore: Sendable {
    func vectors(of owner: VectorOwner, model: String, ids: [UUID]?) async throws -> [StoredVector]
    func save(_ vectors: [StoredVector], of owner: VectorOwner, model: String, at: Date) async throws
    /// Every catalog occupation with its labels.
    func occupationLabels() async throws -> [CatalogSkillLabels]
    func roleSkills(of occupationIDs: [UUID]) async throws -> [RoleSkill]
    /// Every occupation's essential skills, as (occupation, skill) pairs.
    func essentialSkillLinks() async throws -> [(occupationID: UUID, skillID: UUID)]
    /// When each posting asking for the skill was posted, since `since`: global ones, and those of
    /// `organizations` (every organization's when nil).
    func postingDates(askingFor skillID: UUID, organizations: Set<UUID>?, since: Date) async throws -> [Date]
    /// Every member's positions, by member and start date.
    func workHistories() async throws -> [HeldRole]
    /// Open opportunities, whole.
    func openOpportunities() async throws -> [Opportunity]
    /// Changes whenever an opportunity is added, changed or closed.
    func opportunityVersion() async throws -> ChangeMark
    /// Every learning resource's id and text (title and description).
    func resourceTexts() async throws -> [(UUID, String)]
    /// Every learning resource, whole.
    func learningResources() async throws -> [LearningResource]
    func learningResourcesMark() async throws -> ChangeMark
    /// Every completion and rating, or one member's.
    func learningInteractions(of userID: UUID?) async throws -> [LearningInteraction]
    /// Stores a model version and keeps the newest `keep` of its kind.
    func saveArtefact(_ artefact: ModelArtefact, keep: Int) async throws
    func latestArtefact(kind: String) async throws -> ModelArtefact?
    /// The newest version of a kind and when it was stored, without its bytes.
    func latestArtefactStamp(kind: String) async throws -> (version: Int, createdAt: Date)?
    /// Members who have a profile or skills.
    func memberIDs() async throws -> [UUID]
    /// Members whose profile or skills changed after their matches were stored, whose matches
    /// are older than `postingsChangedAt`, or who have none.
    func membersNeedingMatches(postingsChangedAt: Date?, limit: Int) async throws -> [UUID]
    func organizations(of userID: UUID) async throws -> Set<UUID>
    func replaceMatches(_ matches: [StoredMatch], of userID: UUID) async throws
    func matches(of userID: UUID) async throws -> [StoredMatch]
}
