@testable import App
import Career
import Core
import Dispatch
import Foundation
@testable import Insights
import Intelligence
@testable import Storage
import Testing

/// The catalog's encoding is one run shared by whoever waits for it (the worker, a first
/// analysis): a caller cancelled at shutdown stops waiting at once without failing the others,
/// and the run stops only when nobody waits, keeping what it stored.
@Suite struct EmbeddingRunTests {
    /// The real encoder, one batch per permit the test gives, so that the test decides how far
    /// a run gets (no timing).
    final class GatedEncoder: TextEncoding, Sendable {
        let inner: any TextEncoding
        private let permits = DispatchSemaphore(value: 0)
        init(inner: any TextEncoding) { self.inner = inner }
        func allow(_ batches: Int) { for _ in 0..<batches { permits.signal() } }
        func encode(_ texts: [String]) -> [[Float]] {
            permits.wait()
            return inner.encode(texts)
        }
    }

    /// A catalog of 250 skills: four batches.
    struct Catalog: CatalogLabelSource {
        let skills: [CatalogSkillLabels]
        func allSkillLabels() async throws -> [CatalogSkillLabels] { skills }
    }

    @Test func aCancelledWaiterLeavesTheRunToTheOthersAndTheLastOneStopsIt() async throws {
        try await TestPlatform.with { platform in
            let labels = Catalog(skills: (0..<250).map {
                CatalogSkillLabels(id: UUID(), uri: "urn:careerops:skill:test-\($0)", label: "skill number \($0)", alternatives: [])
            })
            let encoder = try #require(platform.embeddings.encoder, "the encoder's model is needed (make model)")
            func service(_ gate: GatedEncoder) -> EmbeddingService {
                EmbeddingService(store: SQLInsightStore(persistence: platform.persistence),
                                 career: SQLCareerStore(persistence: platform.persistence, cipher: platform.cipher, cache: platform.cache),
                                 labels: labels, encoder: gate)
            }
            let skills = labels.skills.count
            struct Count: Decodable { let n: Int }
            func stored() async throws -> Int {
                try await platform.persistence.sql.raw("SELECT COUNT(*) AS n FROM embeddings WHERE owner_type = 'skill'").first(decoding: Count.self)?.n ?? 0
            }
            func waitFor(_ count: Int) async throws {
                for _ in 0..<1_000 where try await stored() < count { try await Task.sleep(for: .milliseconds(20)) }
            }

            // Two waiters; the first is cancelled and leaves while the run waits, and the second
            // gets the whole run.
            var gate = GatedEncoder(inner: encoder)
            let shared = service(gate)
            let first = Task { try await shared.prepare(.skill) }
            let second = Task { try await shared.prepare(.skill) }
            gate.allow(1)
            try await waitFor(64)
            first.cancel()
            await #expect(throws: CancellationError.self) { try await first.value }
            #expect(try await stored() == 64, "it left while the run was still going")
            gate.allow(10)
            #expect(try await second.value == skills, "the other waiter gets the whole run")

            // One waiter, cancelled: the run stops after the batch in hand, keeping what it stored,
            // and the next run encodes only the rest.
            try await platform.persistence.sql.raw("DELETE FROM embeddings").run()
            gate = GatedEncoder(inner: encoder)
            let alone = service(gate)
            let waiter = Task { try await alone.prepare(.skill) }
            gate.allow(1)
            try await waitFor(64)
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            gate.allow(10)
            for _ in 0..<50 { try await Task.sleep(for: .milliseconds(20)) }
            let kept = try await stored()
            #expect(kept == 64 || kept == 128, "stopped after the batch in hand: \(kept) of \(skills)")
            #expect(try await alone.prepare(.skill) == skills - kept, "the next run encodes the rest")
        }
    }
}
