import Foundation
import Intelligence

/// Builds the job-description analyzer once and shares it: the catalog's phrase index, and the
/// catalog's skill vectors for encoder similarity. While those vectors are not all computed yet
/// (the worker encodes a new catalog once), it answers by phrases alone and tries again later.
public actor SkillIndexCache {
    let source: any CatalogLabelSource
    let embeddings: EmbeddingService?
    private var building: Task<(JobDescriptionAnalyzer, complete: Bool), any Error>?
    private var builtAt: ContinuousClock.Instant?

    public init(source: any CatalogLabelSource, embeddings: EmbeddingService?) {
        self.source = source
        self.embeddings = embeddings
    }

    public func analyzer() async throws -> JobDescriptionAnalyzer {
        if let building, let builtAt {
            let (analyzer, complete) = try await building.value
            if complete || builtAt.duration(to: .now) < .seconds(60) { return analyzer }
        } else if let building {
            return try await building.value.0
        }
        let source = self.source, embeddings = self.embeddings
        let task = Task { () throws -> (JobDescriptionAnalyzer, complete: Bool) in
            let labels = try await source.allSkillLabels()
            let index = SkillPhraseIndex(labels.map { SkillPhraseIndex.Entry(skillID: $0.id, uri: $0.uri, label: $0.label, alternatives: $0.alternatives) })
            guard let embeddings, let encoder = embeddings.encoder else { return (JobDescriptionAnalyzer(index: index), true) }
            await embeddings.forget(.skill)
            let vectors = try await embeddings.index(.skill)
            let entries = index.entries.enumerated().compactMap { position, entry in vectors.vector(for: entry.skillID).map { (position, $0) } }
            guard !entries.isEmpty else { return (JobDescriptionAnalyzer(index: index), false) }
            let semantic = SemanticSkillFinder(skills: VectorIndex(entries: entries), encoder: PhraseVectorCache(encoder: encoder))
            return (JobDescriptionAnalyzer(index: index, semantic: semantic), entries.count == index.entries.count)
        }
        building = task
        builtAt = .now
        do {
            return try await task.value.0
        } catch {
            building = nil
            throw error
        }
    }
}
