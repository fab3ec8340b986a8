import Career
import Core
import Foundation
import Intelligence

/// A learning resource recommended to a member, with why.
public struct LearningRecommendation: Sendable, Equatable, Codable {
    public let resource: LearningResource
    /// 0–100.
    public let score: Int
    /// In words, strongest first ("Closes your gap in SQL (essential for data analyst).").
    public let reasons: [String]

    public init(resource: LearningResource, score: Int, reasons: [String]) {
        self.resource = resource
        self.score = score
        self.reasons = reasons
    }
}

/// What a training run produced.
public struct RecommenderTraining: Sendable, Equatable, Codable {
    public let version: Int
    public let members: Int
    public let resources: Int
    public let interactions: Int
    public let seconds: Double
}

/// Learning recommendations: implicit-feedback ALS over completions and ratings (trained by the
/// worker, stored versioned in `model_artefacts`, served from memory), blended with resources
/// that close the member's skill gaps at the right level, read close to their profile, or are
/// popular (`LearningBlend`). A member's list is cached for six hours and recomputed at once when
/// what it was computed from changes: their skills, goals, completions or ratings, the model
/// version, or the resources.
public actor RecommendationService {
    nonisolated let store: any InsightStore
    nonisolated let career: any CareerStore
    nonisolated let embeddings: EmbeddingService
    nonisolated let gaps: SkillGapService
    nonisolated let clock: any WallClock
    nonisolated let settings: ImplicitALS.Settings

    static let kind = "recommender-als"
    /// The worker trains a new version when the newest is older than this.
    public static let retrainAfter: TimeInterval = 6 * 3600
    /// Model versions kept in the database.
    static let versionsKept = 3

    var trained: Trained?
    var trainedCheckedAt: ContinuousClock.Instant?
    var catalog: Catalog?
    var catalogCheckedAt: ContinuousClock.Instant?
    /// Lists are kept here (CacheTTL.recommendations) under a fingerprint of what they were
    /// computed from, so any change to those inputs reaches a new key at once, on every instance.
    nonisolated let cache: any Cache

    public init(store: any InsightStore, career: any CareerStore, embeddings: EmbeddingService, gaps: SkillGapService, clock: any WallClock,
                cache: any Cache, settings: ImplicitALS.Settings = ImplicitALS.Settings()) {
        self.store = store
        self.career = career
        self.embeddings = embeddings
        self.gaps = gaps
        self.clock = clock
        self.cache = cache
        self.settings = settings
    }

    /// How strongly an interaction says "this was worth it": a completion counts 1, a rating
    /// without one a half; a rating scales it from ×0.25 (1 star) to ×2 (5 stars).
    static func strength(_ interaction: LearningInteraction) -> Float {
        let base: Float = interaction.completed ? 1 : 0.5
        guard let rating = interaction.rating, (1...5).contains(rating) else { return base }
        return base * [0.25, 0.5, 1, 1.5, 2][rating - 1]
    }

    /// Trains a new model version on every completion and rating and stores it.
    public nonisolated func train() async throws -> RecommenderTraining {
        let start = ContinuousClock.now
        let interactions = try await store.learningInteractions(of: nil)
        let members = Array(Set(interactions.map(\.userID))).sorted(), items = Array(Set(interactions.map(\.resourceID))).sorted()
        let memberIndex = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1, $0) })
        let itemIndex = Dictionary(uniqueKeysWithValues: items.enumerated().map { ($1, $0) })
        var matrix = Interactions(users: members.count, items: items.count)
        // Confidence 1 + 2·strength (Hu, Koren and Volinsky's 1 + αr with α = 2).
        for interaction in interactions {
            matrix.add(user: memberIndex[interaction.userID]!, item: itemIndex[interaction.resourceID]!, strength: 1 + 2 * Self.strength(interaction))
        }
        let model = ImplicitALS(settings).fit(matrix)
        try Task.checkCancellation()
        let version = (try await store.latestArtefactStamp(kind: Self.kind)?.version ?? 0) + 1
        let report = RecommenderTraining(version: version, members: members.count, resources: items.count, interactions: interactions.count,
                                         seconds: ((ContinuousClock.now - start) / .milliseconds(1)).rounded() / 1000)
        let metrics = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        try await store.saveArtefact(ModelArtefact(kind: Self.kind, version: version, data: Trained.encode(model, members: members, items: items),
                                                   metrics: metrics, createdAt: clock.now()), keep: Self.versionsKept)
        await modelStored()
        return report
    }

    /// A new version was stored by this process: the next use loads it.
    func modelStored() {
        trainedCheckedAt = nil
    }

    /// Trains when there is no model yet or the newest is older than `maximumAge` (the worker's
    /// schedule); nil when the newest is fresh enough.
    public nonisolated func trainIfStale(maximumAge: TimeInterval) async throws -> RecommenderTraining? {
        if let latest = try await store.latestArtefactStamp(kind: Self.kind), clock.now().timeIntervalSince(latest.createdAt) < maximumAge { return nil }
        return try await train()
    }

    /// The member's recommendations among resources their organizations may see, best first.
    func recommendations(for userID: UUID, organizations: Set<UUID>?, limit: Int = 10) async throws -> [LearningRecommendation] {
        guard (1...50).contains(limit) else { throw DomainError.invalid(field: "limit", reason: "must be between 1 and 50") }
        let trained = try await currentModel()
        let catalog = try await currentCatalog()
        let records = try await store.learningInteractions(of: userID)
        let skills = try await career.skills(of: userID)
        let goals = try await career.goals(of: userID)
        // The same text in every process, so that instances share what one computed.
        var inputs = "\(trained?.version ?? -1)|\(catalog.mark.count)|\(catalog.mark.changedAt?.timeIntervalSince1970 ?? 0)|\(limit)|"
        inputs += (organizations.map { $0.map(\.uuidString).sorted().joined(separator: ",") } ?? "all") + "|"
        inputs += records.map { "\($0.resourceID):\($0.completed):\($0.rating ?? 0)" }.sorted().joined(separator: ",") + "|"
        inputs += skills.map { "\($0.skill.id):\($0.level)" }.sorted().joined(separator: ",") + "|"
        inputs += "\(goals.map(\.updatedAt).max()?.timeIntervalSince1970 ?? 0)"
        let key = "recommendations:\(userID.uuidString):\(StableHash.fnv1a(inputs))"
        return try await cache.value(key, scopes: [], ttl: CacheTTL.recommendations) {
            try await compute(userID, trained: trained, catalog: catalog, records: records, goals: goals, organizations: organizations, limit: limit)
        }
    }
}
