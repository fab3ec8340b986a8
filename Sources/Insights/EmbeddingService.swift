import Career
import Core
import Foundation
import Intelligence

/// Vectors for the catalog, opportunities, learning resources and profiles: computed when their
/// text changes (the worker's `embed` job, or on first need), stored, and held in memory for
/// search. Without a model every answer still comes, without its semantic part. Encoding runs
/// outside the actor (it only guards the in-memory indexes), so a long back-fill does not hold
/// up the requests that read them.
public actor EmbeddingService {
    public static let model = "all-MiniLM-L6-v2"
    nonisolated let store: any InsightStore
    nonisolated let career: any CareerStore
    nonisolated let labels: any CatalogLabelSource
    public nonisolated let encoder: (any TextEncoding)?
    nonisolated let clock: any WallClock
    private var indexes: [VectorOwner: VectorIndex<UUID>] = [:]
    private var occupations: [UUID: OccupationRef]?
    private var runs: [VectorOwner: Run] = [:]
    /// Every run until it has ended, also one no caller waits for any more (cancelled, finishing
    /// its batch in hand): what `stop` waits for.
    private var active: [UUID: Task<Void, Never>] = [:]

    public init(store: any InsightStore, career: any CareerStore, labels: any CatalogLabelSource, encoder: (any TextEncoding)?,
                clock: any WallClock = SystemClock()) {
        self.store = store
        self.career = career
        self.labels = labels
        self.encoder = encoder
        self.clock = clock
    }

    /// A stable hash of the text, to notice changes.
    static func hash(_ text: String) -> String {
        StableHash.fnv1a(text)
    }

    nonisolated func texts(_ owner: VectorOwner) async throws -> [(UUID, String)] {
        switch owner {
        // Skills and occupations by their preferred label alone: on the labelled job-description
        // set that finds paraphrases far better than a blend of labels (F1 0.47 against 0.44 at
        // each one's best threshold), and free-text titles land nearer their occupation.
        // Technologies are found by name only: their vectors would serve nothing.
        case .skill: return try await labels.allSkillLabels().filter { $0.conceptURI == nil }.map { ($0.id, $0.label) }
        case .occupation: return try await store.occupationLabels().map { ($0.id, $0.label) }
        case .opportunity: return try await store.openOpportunities().map { ($0.id, Self.text(of: $0)) }
        case .resource: return try await store.resourceTexts()
        case .profile:
            var result: [(UUID, String)] = []
            let members = try await store.memberIDs()
            for start in stride(from: 0, to: members.count, by: 500) {
                let ids = Array(members[start..<min(start + 500, members.count)])
                let profiles = try await career.profiles(of: ids)
                let skills = try await career.skills(of: ids)
                for id in ids { if let text = Self.profileText(profiles[id], skills[id] ?? []) { result.append((id, text)) } }
            }
            return result
        }
    }

    static func text(of opportunity: Opportunity) -> String {
        "\(opportunity.title). \(opportunity.description)"
    }

    /// Headline, current title, summary and skill names; nil for a member with none of them.
    static func profileText(_ profile: Profile?, _ skills: [MemberSkill]) -> String? {
        guard profile != nil || !skills.isEmpty else { return nil }
        var parts: [String] = []
        if let headline = profile?.headline { parts.append(headline) }
        if let experience = profile?.currentExperience { parts.append(experience.title) }
        if let summary = profile?.summary { parts.append(summary) }
        if !skills.isEmpty { parts.append("Skills: " + skills.map(\.skill.label).joined(separator: ", ")) }
        return parts.joined(separator: ". ")
    }

    /// Encodes what is new or changed of one kind and stores it; returns how many were encoded.
    /// `texts` saves reading them again when the caller has them already.
    @discardableResult
    public nonisolated func refresh(_ owner: VectorOwner, texts given: [(UUID, String)]? = nil) async throws -> Int {
        guard let encoder else { return 0 }
        let texts = if let given { given } else { try await texts(owner) }
        let known = Dictionary(try await store.vectors(of: owner, model: Self.model, ids: nil).map { ($0.id, $0.sourceHash) }) { a, _ in a }
        let stale = texts.filter { known[$0.0] != Self.hash($0.1) }
        // Each batch is stored as it is done, so a run stopped between batches (cancelled at
        // shutdown) resumes where it stopped.
        for start in stride(from: 0, to: stale.count, by: 64) {
            try Task.checkCancellation()
            let batch = Array(stale[start..<min(start + 64, stale.count)])
            let vectors = owner == .skill || owner == .occupation
                ? encoder.encode(batch.map(\.1))
                : batch.map { encoder.encodeWhole($0.1) }
            try await store.save(zip(batch, vectors).map { StoredVector(id: $0.0, vector: $1, sourceHash: Self.hash($0.1)) },
                                 of: owner, model: Self.model, at: clock.now())
            await Task.yield()
        }
        if !stale.isEmpty { await forget(owner) }
        return stale.count
    }

    /// `refresh` of one kind, run once at a time in this process: a caller arriving while it
    /// runs (the worker's job, a first analysis) waits for that run instead of encoding again.
    /// A cancelled caller (the worker at shutdown) stops waiting at once; the run stops when no
    /// caller waits for it any more, keeping the batches it stored.
    @discardableResult
    public func prepare(_ owner: VectorOwner) async throws -> Int {
        let waiter = UUID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
                guard !Task.isCancelled else { return continuation.resume(throwing: CancellationError()) }
                if runs[owner] == nil {
                    let id = UUID()
                    let task = Task {
                        let result: Result<Int, any Error>
                        do { result = .success(try await self.refresh(owner)) } catch { result = .failure(error) }
                        await self.finished(owner, run: id, result)
                    }
                    runs[owner] = Run(id: id, task: task)
                    active[id] = task
                }
                runs[owner]?.waiters[waiter] = continuation
            }
        } onCancel: {
            Task { await self.left(owner, waiter: waiter) }
        }
    }

    /// Stops every run and returns once each has ended (after the batch in hand): the platform
    /// calls it at shutdown, before the database closes, so that no encoding is left running
    /// when the process exits (OpenBLAS's exit handler waits for a matrix product in progress,
    /// which can hang the exit).
    public func stop() async {
        let stopping = Array(active.values)
        for task in stopping { task.cancel() }
        for task in stopping { await task.value }
    }

    /// One shared `refresh` and the callers waiting for it.
    private struct Run {
        let id: UUID
        let task: Task<Void, Never>
        var waiters: [UUID: CheckedContinuation<Int, any Error>] = [:]
    }

    private func finished(_ owner: VectorOwner, run id: UUID, _ result: Result<Int, any Error>) {
        active[id] = nil
        guard let run = runs[owner], run.id == id else { return }
        runs[owner] = nil
        for waiter in run.waiters.values { waiter.resume(with: result) }
    }

    private func left(_ owner: VectorOwner, waiter: UUID) {
        guard let continuation = runs[owner]?.waiters.removeValue(forKey: waiter) else { return }
        continuation.resume(throwing: CancellationError())
        if let run = runs[owner], run.waiters.isEmpty {
            runs[owner] = nil
            run.task.cancel()
        }
    }

    /// The stored vectors of one kind, in memory (loaded once; refreshed after a `refresh`).
    public func index(_ owner: VectorOwner) async throws -> VectorIndex<UUID> {
        if let index = indexes[owner] { return index }
        let index = VectorIndex(entries: try await store.vectors(of: owner, model: Self.model, ids: nil).map { ($0.id, $0.vector) })
        indexes[owner] = index
        return index
    }

    /// Drops the in-memory copy of one kind, so the next use reads what another process stored.
    public func forget(_ owner: VectorOwner) {
        indexes[owner] = nil
    }

    /// The member's profile vector, encoded now when the stored one is missing or stale.
    public nonisolated func profileVector(_ userID: UUID) async throws -> [Float]? {
        guard encoder != nil else { return nil }
        return try await profileVector(userID, profile: try await career.profile(of: userID), skills: try await career.skills(of: userID))
    }

    /// The same, from the member's profile and skills as the caller just read them.
    public nonisolated func profileVector(_ userID: UUID, profile: Profile?, skills: [MemberSkill]) async throws -> [Float]? {
        guard let encoder, let text = Self.profileText(profile, skills) else { return nil }
        let hash = Self.hash(text)
        if let stored = try await store.vectors(of: .profile, model: Self.model, ids: [userID]).first, stored.sourceHash == hash {
            return stored.vector
        }
        let vector = encoder.encodeWhole(text)
        try await store.save([StoredVector(id: userID, vector: vector, sourceHash: hash)], of: .profile, model: Self.model, at: clock.now())
        return vector
    }

    /// Occupations nearest to a free-text title (their vectors encoded on first need).
    public func nearestOccupations(to title: String, k: Int) async throws -> [(occupation: OccupationRef, score: Float)] {
        guard let encoder else { return [] }
        var index = try await index(.occupation)
        if index.count == 0, try await refresh(.occupation) > 0 { index = try await self.index(.occupation) }
        guard index.count > 0 else { return [] }
        if occupations == nil {
            occupations = Dictionary(try await store.occupationLabels().map { ($0.id, OccupationRef(id: $0.id, uri: $0.uri, label: $0.label)) }) { a, _ in a }
        }
        return index.nearest(encoder.encode([title])[0], k: k).compactMap { hit in occupations?[hit.id].map { ($0, hit.score) } }
    }
}
