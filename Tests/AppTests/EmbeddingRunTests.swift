@testable import App
import Career
import Core
import Foundation
@testable import Insights
import Intelligence
@testable import Storage
import Testing

/// The catalog's encoding is one run shared by whoever waits for it (the worker, a first
/// analysis): a caller cancelled at shutdown stops waiting at once without failing the others,
/// and the run stops only when nobody waits, keeping what it stored.
@Suite struct EmbeddingRunTests {
    /// The real encoder, slowed so that a run lasts long enough to be interrupted.
    struct SlowEncoder: TextEncoding {
        let inner: any TextEncoding
        func encode(_ texts: [String]) -> [[Float]] {
            Thread.sleep(forTimeInterval: 0.5)
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
            func service() -> EmbeddingService {
                EmbeddingService(store: SQLInsightStore(persistence: platform.persistence),
                                 career: SQLCareerStore(persistence: platform.persistence, cipher: platform.cipher, cache: platform.cache),
                                 labels: labels, encoder: SlowEncoder(inner: encoder))
            }
            let skills = labels.skills.count

            struct Count: Decodable { let n: Int }
            func stored() async throws -> Int {
                try await platform.persistence.sql.raw("SELECT COUNT(*) AS n FROM embeddings WHERE owner_type = 'skill'").first(decoding: Count.self)?.n ?? 0
            }
            func firstBatch() async throws {
                for _ in 0..<300 where try await stored() == 0 { try await Task.sleep(for: .milliseconds(20)) }
            }

            // Two waiters; the first is cancelled and leaves while the run goes on, and the second
            // gets the whole run.
            let shared = service()
            let first = Task { try await shared.prepare(.skill) }
            let second = Task { try await shared.prepare(.skill) }
            try await firstBatch()
            first.cancel()
            await #expect(throws: CancellationError.self) { try await first.value }
            #expect(try await stored() < skills, "it left before the run ended")
            #expect(try await second.value == skills, "the other waiter gets the whole run")

            // One waiter, cancelled: the run stops between batches, keeping what it stored, and
            // the next run encodes only the rest.
            try await platform.persistence.sql.raw("DELETE FROM embeddings").run()
            let alone = service()
            let waiter = Task { try await alone.prepare(.skill) }
            try await firstBatch()
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            try await Task.sleep(for: .milliseconds(1_200))
            let kept = try await stored()
            #expect(kept > 0 && kept < skills, "stopped part way: \(kept) of \(skills)")
            try await Task.sleep(for: .milliseconds(1_000))
            #expect(try await stored() == kept, "and stays stopped")
            #expect(try await alone.prepare(.skill) == skills - kept, "the next run encodes the rest")
        }
    }
}
