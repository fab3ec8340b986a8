import Foundation
@testable import Intelligence
import Testing

@Suite struct OpportunityMatcherTests {
    struct LCG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    static func unit(_ random: inout LCG) -> [Float] {
        let raw = (0..<MiniLMEncoder.dimensions).map { _ in Float.random(in: -1...1, using: &random) }
        let norm = raw.map { $0 * $0 }.reduce(0, +).squareRoot()
        return raw.map { $0 / norm }
    }

    /// A small world where similarity and skills both matter: profile-like vectors for some postings.
    static func world(_ count: Int, seed: UInt64) -> (OpportunityMatcher.PostingTable, OpportunityMatcher.Member, [Float]) {
        var random = LCG(state: seed)
        let profile = unit(&random)
        let postings = (0..<count).map { _ in
            OpportunityMatcher.Posting(
                needs: (0..<Int.random(in: 0...6, using: &random)).map { _ in
                    .init(skill: Int32.random(in: 0..<40, using: &random), required: Bool.random(using: &random), minLevel: Int.random(in: 0...5, using: &random))
                },
                occupation: Bool.random(using: &random) ? Int32.random(in: 0..<10, using: &random) : nil,
                seniority: Bool.random(using: &random) ? Int.random(in: 0...4, using: &random) : nil,
                place: Bool.random(using: &random) ? Int32.random(in: 0..<8, using: &random) : nil, remote: Bool.random(using: &random),
                salaryMax: Bool.random(using: &random) ? Int.random(in: 30_000...90_000, using: &random) : nil,
                currency: ["EUR", "USD", nil].randomElement(using: &random)!)
        }
        let vectors: [[Float]?] = (0..<count).map { _ in
            switch Int.random(in: 0..<3, using: &random) {
            case 0: nil
            case 1: unit(&random)
            default: zip(profile, unit(&random)).map { 0.8 * $0 + 0.2 * $1 }
            }
        }
        // Not unit length for the mixed ones; fine for ranking, and the matcher must not care.
        var levels = [Int8](repeating: 0, count: 40)
        for _ in 0..<12 { levels[Int.random(in: 0..<40, using: &random)] = Int8.random(in: 1...5, using: &random) }
        let member = OpportunityMatcher.Member(levels: levels, occupations: [1, 3], seniority: 2, places: [2], remote: nil, salaryMin: 50_000, currency: "EUR")
        return (OpportunityMatcher.PostingTable(postings, vectors: vectors), member, profile)
    }

    /// Equal up to float rounding (one matrix-vector product and single dot products round differently).
    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-4 }
    }

    @Test(arguments: [(40, 1), (3_000, 2), (3_000, 3)]) func bestIsExactlyTheTopOfAFullScoring(count: Int, seed: UInt64) {
        let (table, member, profile) = Self.world(count, seed: seed)
        let matcher = OpportunityMatcher()
        for k in [1, 10, 50] {
            let everything = (0..<count).map { matcher.score(member, in: table, at: $0, profile: profile) }.sorted { $0.total > $1.total }
            let best = matcher.best(k, for: member, in: table, profile: profile)
            #expect(Self.same(best.map(\.total), everything.prefix(k).map(\.total)), "k = \(k)")
            #expect(best.allSatisfy { abs($0.total - matcher.score(member, in: table, at: $0.posting, profile: profile).total) < 1e-4 })
            let some = Array(stride(from: 0, to: count, by: 3))
            let amongSome = some.map { matcher.score(member, in: table, at: $0, profile: profile) }.sorted { $0.total > $1.total }
            #expect(Self.same(matcher.best(k, for: member, in: table, candidates: some, profile: profile).map(\.total), amongSome.prefix(k).map(\.total)))
        }
    }

    /// Split across threads (enough postings for two chunks), the answer is the serial one
    /// (which the test above checks against a full scoring).
    @Test func twoThreadsFindTheSameTop() {
        let count = 2 * OpportunityMatcher.minimumChunk + 100
        let (table, member, profile) = Self.world(count, seed: 4)
        let one = OpportunityMatcher(parallelism: 1), two = OpportunityMatcher(parallelism: 2)
        #expect(Chunks.map(count, threads: 2, minimum: OpportunityMatcher.minimumChunk) { $0 }.count == 2)
        for k in [1, 20, 100] {
            let serial = one.best(k, for: member, in: table, profile: profile)
            #expect(serial.count == k)
            #expect(serial == two.best(k, for: member, in: table, profile: profile), "k = \(k)")
        }
    }

    /// The 8-bit estimate lies within its stated error of the true dot product, and is close to it,
    /// for any length (rows are padded to 16-byte blocks) and for rows at the byte range's ends.
    @Test(arguments: [384, 17, 5]) func quantizedDotsStayWithinTheirBound(dimensions: Int) {
        var random = LCG(state: UInt64(dimensions))
        var rows = (0..<50).map { _ in (0..<dimensions).map { _ in Float.random(in: -1...1, using: &random) } }
        rows.append([Float](repeating: -1, count: dimensions))
        rows.append((0..<dimensions).map { $0 % 2 == 0 ? 1 : -1 })
        rows.append([Float](repeating: 0, count: dimensions))
        let quantized = QuantizedVectors(rows)
        for vector in rows.prefix(10) + [[Float](repeating: 1, count: dimensions)] {
            let query = quantized.query(vector)
            for (i, row) in rows.enumerated() {
                let exact = zip(row, vector).map(*).reduce(0, +)
                let (estimate, error) = quantized.similarity(row: i, query)
                #expect(abs(estimate - exact) <= error, "row \(i): \(estimate) vs \(exact) ± \(error)")
                #expect(abs(estimate - exact) <= 0.02 * Float(dimensions).squareRoot() + 1e-5, "row \(i)")
            }
        }
    }

    @Test func partsFollowTheirRules() {
        let need = OpportunityMatcher.Need(skill: 0, required: true, minLevel: 4)
        let posting = OpportunityMatcher.Posting(needs: [need, .init(skill: 1, required: false, minLevel: nil)], occupation: 5, seniority: 3,
                                                 place: 0, remote: false, salaryMax: 60_000, currency: "EUR")
        let table = OpportunityMatcher.PostingTable([posting], vectors: [[Float](repeating: 0, count: MiniLMEncoder.dimensions)])
        let matcher = OpportunityMatcher()
        func score(_ levels: [Int8], occupations: Set<Int32> = [], seniority: Int? = nil, places: Set<Int32> = [], remote: Bool? = nil,
                   salary: Int? = nil) -> OpportunityMatcher.Score {
            matcher.score(.init(levels: levels, occupations: occupations, seniority: seniority, places: places, remote: remote, salaryMin: salary, currency: "EUR"),
                          in: table, at: 0, profile: nil)
        }
        #expect(score([4, 2]).skills == 50, "every skill at the level asked")
        #expect(abs(score([2, 0]).skills - 50 * (1 * 0.5) / 1.5) < 1e-4, "half the level of the required one, nothing of the optional")
        #expect(score([0, 0]).skills == 0)
        #expect(score([0, 0], occupations: [5], seniority: 3).role == 15)
        #expect(score([0, 0], occupations: [4], seniority: 1).role == 0)
        #expect(score([0, 0], places: [0], remote: false, salary: 50_000).preferences == 15)
        #expect(score([0, 0], places: [1], remote: true, salary: 90_000).preferences == 0)
        #expect(score([0, 0]).semantic == 0 && score([0, 0]).similarity == nil, "no profile vector, no similarity")
    }
}
