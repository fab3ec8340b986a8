import Career
import Core
import Foundation
import Intelligence

/// Builds the job-description analyzer once and shares it: the catalog's phrase index, and the
/// catalog's skill vectors for encoder similarity. An analysis never answers from phrases alone
/// because those vectors are not all there yet (a new server encodes the catalog once, a minute or
/// more): the first analysis encodes what is missing (joining the worker's run in this process)
/// and waits for it up to `patience`; past that it is told to come back (`DomainError.unavailable`,
/// a 503 with Retry-After) while the encoding goes on.
public actor SkillIndexCache {
    let source: any CatalogLabelSource
    let embeddings: EmbeddingService?
    let patience: Duration
    private var ready: JobDescriptionAnalyzer?
    private var preparing: Task<JobDescriptionAnalyzer, any Error>?

    public init(source: any CatalogLabelSource, embeddings: EmbeddingService?, patience: Duration = .seconds(30)) {
        self.source = source
        self.embeddings = embeddings
        self.patience = patience
    }

    /// The analysis of a text; one that cannot be a posting is refused before the index is built
    /// (which takes minutes on a new server while the catalog is encoded).
    public nonisolated func analyze(_ text: String) async throws -> JobDescriptionAnalyzer.Analysis {
        try JobDescriptionAnalyzer.check(text)
        return try await analyzer().analyze(text)
    }

    public func analyzer() async throws -> JobDescriptionAnalyzer {
        if let ready { return ready }
        let task = preparing ?? Task { [source, embeddings] in
            var built = try await Self.build(source: source, embeddings: embeddings)
            if !built.complete, let embeddings {
                try await embeddings.prepare(.skill)
                built = try await Self.build(source: source, embeddings: embeddings)
            }
            return built.analyzer
        }
        preparing = task
        let analyzer: JobDescriptionAnalyzer?
        do {
            analyzer = try await Self.value(of: task, within: patience)
        } catch {
            preparing = nil
            throw error
        }
        guard let analyzer else {
            throw DomainError.unavailable("the skill catalog is still being encoded on this new server", retryAfter: 30)
        }
        ready = analyzer
        preparing = nil
        return analyzer
    }

    /// The task's value, or nil when it takes longer than `limit` (the task goes on).
    static func value<T: Sendable>(of task: Task<T, any Error>, within limit: Duration) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await task.value }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    /// The phrase index, with encoder similarity over the skill vectors stored so far;
    /// `complete` when every catalog skill has its vector.
    static func build(source: any CatalogLabelSource, embeddings: EmbeddingService?) async throws -> (analyzer: JobDescriptionAnalyzer, complete: Bool) {
        let labels = try await source.allSkillLabels()
        let concepts = Dictionary(labels.map { ($0.uri, $0.label) }) { first, _ in first }
        let index = SkillPhraseIndex(labels.map { skill in
            SkillPhraseIndex.Entry(skillID: skill.id, uri: skill.uri, label: skill.label, alternatives: skill.alternatives,
                                   concept: skill.conceptURI.flatMap { uri in concepts[uri].map { .init(uri: uri, label: $0) } }, needsContext: skill.needsContext)
        })
        guard let embeddings, let encoder = embeddings.encoder else { return (JobDescriptionAnalyzer(index: index), true) }
        await embeddings.forget(.skill)
        let vectors = try await embeddings.index(.skill)
        // A technology is found by its name, never by resemblance: only ESCO's skills go to the encoder.
        let semantic = index.entries.indices.filter { !index.entries[$0].isTechnology }
        let entries = semantic.compactMap { position in vectors.vector(for: index.entries[position].skillID).map { (position, $0) } }
        guard !entries.isEmpty else { return (JobDescriptionAnalyzer(index: index), false) }
        let finder = SemanticSkillFinder(skills: VectorIndex(entries: entries), encoder: PhraseVectorCache(encoder: encoder), vocabulary: index.vocabulary)
        return (JobDescriptionAnalyzer(index: index, semantic: finder), entries.count == semantic.count)
    }
}
