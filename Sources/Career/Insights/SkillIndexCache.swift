import Foundation
import Intelligence

/// Builds the job-description analyzer once and shares it: the catalog's phrase index, and the
/// catalog's skill vectors for encoder similarity. While those vectors are not all computed yet
/// (the worker encodes a new catalog once), it answers by phrases alone and tries again later.
public actor SkillIndexCache {
    let source: any CatalogLabelSource
    let embeddings: EmbeddingService?
    private var building: Task<(analyzer: JobDescriptionAnalyzer, complete: Bool), any Error>?
    private var startedAt = ContinuousClock.now

    public init(source: any CatalogLabelSource, embeddings: EmbeddingService?) {
        self.source = source
        self.embeddings = embeddings
    }

    /// The analysis of a text; one that cannot be a posting is refused before the index is built
    /// (which takes minutes on a new server while the worker encodes the catalog).
    public nonisolated func analyze(_ text: String) async throws -> JobDescriptionAnalyzer.Analysis {
        try JobDescriptionAnalyzer.check(text)
        return try await analyzer().analyze(text)
    }

    public func analyzer() async throws -> JobDescriptionAnalyzer {
        if let building {
            let built = try await building.value
            if built.complete || startedAt.duration(to: .now) < .seconds(60) { return built.analyzer }
        }
        let task = Task { [source, embeddings] in try await Self.build(source: source, embeddings: embeddings) }
        building = task
        startedAt = .now
        do {
            return try await task.value.analyzer
        } catch {
            building = nil
            throw error
        }
    }

    /// The phrase index, with encoder similarity over the skill vectors stored so far;
    /// `complete` when every catalog skill has its vector.
    static func build(source: any CatalogLabelSource, embeddings: EmbeddingService?) async throws -> (analyzer: JobDescriptionAnalyzer, complete: Bool) {
        let labels = try await source.allSkillLabels()
        let index = SkillPhraseIndex(labels.map { SkillPhraseIndex.Entry(skillID: $0.id, uri: $0.uri, label: $0.label, alternatives: $0.alternatives) })
        guard let embeddings, let encoder = embeddings.encoder else { return (JobDescriptionAnalyzer(index: index), true) }
        await embeddings.forget(.skill)
        let vectors = try await embeddings.index(.skill)
        let entries = index.entries.enumerated().compactMap { position, entry in vectors.vector(for: entry.skillID).map { (position, $0) } }
        guard !entries.isEmpty else { return (JobDescriptionAnalyzer(index: index), false) }
        let semantic = SemanticSkillFinder(skills: VectorIndex(entries: entries), encoder: PhraseVectorCache(encoder: encoder), vocabulary: index.vocabulary)
        return (JobDescriptionAnalyzer(index: index, semantic: semantic), entries.count == index.entries.count)
    }
}
