import COpenBLAS
import Foundation

/// Scores postings for a member from 0 to 100 in named parts — skills covered (weighted by
/// level and importance), semantic similarity of profile and posting, role and seniority fit,
/// and preferences (location, remote, salary) — and finds the best among many quickly. Skills,
/// occupations and places are small integers (ordinals the caller assigns); postings are laid
/// out once as flat columns (`PostingTable`), so a scan touches no strings, sets or small arrays.
public struct OpportunityMatcher: Sendable {
    public struct Weights: Sendable, Equatable {
        public var skills: Double = 50
        public var semantic: Double = 20
        public var role: Double = 15
        public var preferences: Double = 15
        public init() {}
    }

    public struct Need: Sendable, Equatable {
        public let skill: Int32
        public let required: Bool
        public let minLevel: Int8

        public init(skill: Int32, required: Bool, minLevel: Int?) {
            self.skill = skill
            self.required = required
            self.minLevel = Int8(minLevel ?? 0)
        }
    }

    public struct Posting: Sendable {
        public let needs: [Need]
        public let occupation: Int32?
        public let seniority: Int8?
        public let place: Int32?
        public let remote: Bool
        public let salaryMax: Int?
        public let currency: String?

        public init(needs: [Need], occupation: Int32?, seniority: Int?, place: Int32?, remote: Bool, salaryMax: Int?, currency: String?) {
            self.needs = needs
            self.occupation = occupation
            self.seniority = seniority.map(Int8.init)
            self.place = place
            self.remote = remote
            self.salaryMax = salaryMax
            self.currency = currency
        }
    }

    public struct Member: Sendable {
        /// Level by skill ordinal (0 = not held).
        public let levels: [Int8]
        public let occupations: Set<Int32>
        public let seniority: Int8?
        public let places: Set<Int32>
        public let remote: Bool?
        public let salaryMin: Int?
        public let currency: String?

        public init(levels: [Int8], occupations: Set<Int32>, seniority: Int?, places: Set<Int32>, remote: Bool?, salaryMin: Int?, currency: String?) {
            self.levels = levels
            self.occupations = occupations
            self.seniority = seniority.map(Int8.init)
            self.places = places
            self.remote = remote
            self.salaryMin = salaryMin
            self.currency = currency
        }
    }

    /// Postings as columns. Posting `i`'s needs are `needSkill[needStart[i]..<needStart[i+1]]`;
    /// -1 stands for "not given"; vectors, when given, are row `i` of `vectors`.
    public struct PostingTable: Sendable {
        public let count: Int
        let needStart: [Int32]
        let needSkill: [Int32]
        let needWeight: [Float]
        let needWanted: [Float]
        let possible: [Float]
        let occupation: [Int32]
        let seniority: [Int8]
        let place: [Int32]
        let remote: [Bool]
        let salaryMax: [Int32]
        let currency: [Int16]
        let currencies: [String: Int16]
        let occupationCount: Int
        let placeCount: Int
        /// Unit vectors in posting order (a zero row where a posting has none).
        let vectors: VectorIndex<Int>?
        let hasVector: [Bool]
        /// The same vectors in 8 bits, for a fast first estimate of every similarity.
        let quantized: QuantizedVectors?

        /// `vectors[i]` is posting `i`'s vector, or nil.
        public init(_ postings: [Posting], vectors: [[Float]?]? = nil) {
            count = postings.count
            var start: [Int32] = [0], skill: [Int32] = [], weight: [Float] = [], wanted: [Float] = [], possible: [Float] = []
            var currencies: [String: Int16] = [:]
            for posting in postings {
                var sum: Float = 0
                for need in posting.needs {
                    skill.append(need.skill)
                    weight.append(need.required ? 1 : 0.5)
                    wanted.append(Float(max(need.minLevel, OpportunityMatcher.expectedLevel)))
                    sum += need.required ? 1 : 0.5
                }
                start.append(Int32(skill.count))
                possible.append(sum)
                if let currency = posting.currency, currencies[currency] == nil { currencies[currency] = Int16(currencies.count) }
            }
            needStart = start
            needSkill = skill
            needWeight = weight
            needWanted = wanted
            self.possible = possible
            occupation = postings.map { $0.occupation ?? -1 }
            seniority = postings.map { $0.seniority ?? -1 }
            place = postings.map { $0.place ?? -1 }
            remote = postings.map(\.remote)
            salaryMax = postings.map { $0.salaryMax.map { Int32(clamping: $0) } ?? -1 }
            currency = postings.map { $0.currency.flatMap { currencies[$0] } ?? -1 }
            self.currencies = currencies
            occupationCount = Int((occupation.max() ?? -1) + 1)
            placeCount = Int((place.max() ?? -1) + 1)
            if let vectors {
                let zero = [Float](repeating: 0, count: MiniLMEncoder.dimensions)
                self.vectors = VectorIndex(entries: (0..<postings.count).map { ($0, vectors[$0] ?? zero) })
                hasVector = (0..<postings.count).map { vectors[$0] != nil }
                quantized = QuantizedVectors((0..<postings.count).map { vectors[$0] ?? zero })
            } else {
                self.vectors = nil
                hasVector = Array(repeating: false, count: postings.count)
                quantized = nil
            }
        }
    }

    /// A posting's score and its parts (points, summing to `total`).
    public struct Score: Sendable, Equatable {
        public let posting: Int
        public let skills: Double
        public let semantic: Double
        public let role: Double
        public let preferences: Double
        /// Cosine of profile and posting vectors, when both exist.
        public let similarity: Float?
        public var total: Double { skills + semantic + role + preferences }
    }

    public let weights: Weights
    /// Threads one `best` call may use.
    public let parallelism: Int

    public init(weights: Weights = Weights(), parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.weights = weights
        self.parallelism = max(1, parallelism)
    }

    /// Default level a need asks for when the posting names none.
    static let expectedLevel: Int8 = 2

    /// The member as lookups into one table's ordinals.
    struct Probe {
        let levels: [Int8]
        let occupations: [Bool]
        let places: [Bool]
        let anyPlace: Bool
        let seniority: Int8
        let remote: Bool?
        let salaryMin: Int32
        /// -2: no preference (any currency), -1: a currency no posting uses.
        let currency: Int16

        init(_ member: Member, _ table: PostingTable) {
            levels = member.levels
            var occupations = [Bool](repeating: false, count: table.occupationCount)
            for ordinal in member.occupations where ordinal >= 0 && Int(ordinal) < occupations.count { occupations[Int(ordinal)] = true }
            self.occupations = occupations
            var places = [Bool](repeating: false, count: table.placeCount)
            for ordinal in member.places where ordinal >= 0 && Int(ordinal) < places.count { places[Int(ordinal)] = true }
            self.places = places
            anyPlace = !member.places.isEmpty
            seniority = member.seniority ?? -1
            remote = member.remote
            salaryMin = member.salaryMin.map { Int32(clamping: $0) } ?? -1
            currency = member.currency.map { table.currencies[$0] ?? -1 } ?? -2
        }
    }

    func skillPoints(_ probe: Probe, _ table: PostingTable, _ i: Int) -> Double {
        let lower = Int(table.needStart[i]), upper = Int(table.needStart[i + 1])
        guard upper > lower else { return weights.skills * 0.5 }
        var earned: Float = 0
        for n in lower..<upper {
            let skill = Int(table.needSkill[n])
            let held = skill < probe.levels.count ? probe.levels[skill] : 0
            if held > 0 { earned += table.needWeight[n] * min(1, Float(held) / table.needWanted[n]) }
        }
        return weights.skills * Double(earned / table.possible[i])
    }

    func rolePoints(_ probe: Probe, _ table: PostingTable, _ i: Int) -> Double {
        let ordinal = Int(table.occupation[i])
        let occupation = ordinal < 0 ? 0.5 : probe.occupations[ordinal] ? 1 : 0
        var seniority = 0.5
        if table.seniority[i] >= 0, probe.seniority >= 0 {
            switch abs(Int(table.seniority[i]) - Int(probe.seniority)) {
            case 0: seniority = 1
            case 1: seniority = 0.5
            default: seniority = 0
            }
        }
        return weights.role * (0.7 * occupation + 0.3 * seniority)
    }

    func preferencePoints(_ probe: Probe, _ table: PostingTable, _ i: Int) -> Double {
        let place: Double
        if table.remote[i] && probe.remote != false { place = 1 }
        else if !probe.anyPlace { place = 0.5 }
        else { place = table.place[i] < 0 ? 0.5 : probe.places[Int(table.place[i])] ? 1 : 0 }
        let remote: Double = probe.remote == true ? (table.remote[i] ? 1 : 0) : 1
        var salary = 0.5
        let maximum = table.salaryMax[i]
        if probe.salaryMin > 0, maximum >= 0, probe.currency == -2 || probe.currency == table.currency[i] {
            salary = maximum >= probe.salaryMin ? 1 : Double(maximum) / Double(probe.salaryMin) > 0.9 ? 0.5 : 0
        }
        return weights.preferences * (place + remote + salary) / 3
    }

    /// Cosine mapped to points: 0.2 or less is nothing, 0.8 or more is everything.
    func semanticPoints(_ similarity: Float?) -> Double {
        guard let similarity else { return 0 }
        return weights.semantic * min(1, max(0, (Double(similarity) - 0.2) / 0.6))
    }

    /// One posting scored in full.
    public func score(_ member: Member, in table: PostingTable, at index: Int, profile: [Float]?) -> Score {
        let probe = Probe(member, table)
        let similarity = profile.flatMap { query in table.hasVector[index] ? table.vectors?.dot(row: index, query) : nil }
        return score(probe, table, index, similarity)
    }

    func score(_ probe: Probe, _ table: PostingTable, _ i: Int, _ similarity: Float?) -> Score {
        Score(posting: i, skills: skillPoints(probe, table, i), semantic: semanticPoints(similarity), role: rolePoints(probe, table, i),
              preferences: preferencePoints(probe, table, i), similarity: similarity)
    }

    /// The `k` best postings among `candidates` (all when nil), best first, exactly. Every
    /// posting's cheap parts are scored first; similarity (worth at most `weights.semantic`) is
    /// needed only for postings within that much of the k-th best. When those are many, every
    /// similarity is first estimated in 8 bits with a bound on its error, keeping only postings
    /// whose best case reaches the k-th best worst case; the few left get exact dot products.
    /// Both scans are split across `parallelism` threads when the postings are many.
    public func best(_ k: Int, for member: Member, in table: PostingTable, candidates: [Int]? = nil, profile: [Float]?) -> [Score] {
        guard k > 0, table.count > 0 else { return [] }
        let probe = Probe(member, table)
        let indices = candidates ?? Array(0..<table.count)
        let scanned = Chunks.map(indices.count, threads: parallelism, minimum: Self.minimumChunk) { range in
            var partial: [Double] = [], floor = TopK<Double>(k)
            partial.reserveCapacity(range.count)
            for slot in range {
                let i = indices[slot]
                let points = skillPoints(probe, table, i) + rolePoints(probe, table, i) + preferencePoints(probe, table, i)
                partial.append(points)
                floor.offer(points, slot)
            }
            return (partial, floor)
        }
        let partial = scanned.flatMap(\.0)
        let floor = TopK(merging: scanned.map(\.1))
        let semantic = profile != nil && table.vectors != nil ? weights.semantic : 0
        let threshold = floor.isFull ? floor.worst - semantic : -Double.infinity
        var contenders = indices.indices.filter { partial[$0] >= threshold }
        func exact(_ i: Int) -> Float? {
            guard let profile, table.hasVector[i] else { return nil }
            return table.vectors?.dot(row: i, profile)
        }
        if let profile, let quantized = table.quantized, contenders.count > 4 * k {
            let query = quantized.query(profile)
            let candidates = contenders
            let estimated = Chunks.map(candidates.count, threads: parallelism, minimum: Self.minimumChunk) { range in
                var upper: [Double] = [], floor = TopK<Double>(k)
                upper.reserveCapacity(range.count)
                for n in range {
                    let slot = candidates[n], i = indices[slot]
                    guard table.hasVector[i] else {
                        upper.append(partial[slot])
                        floor.offer(partial[slot], n)
                        continue
                    }
                    let (estimate, error) = quantized.similarity(row: i, query)
                    upper.append(partial[slot] + semanticPoints(estimate + error))
                    floor.offer(partial[slot] + semanticPoints(estimate - error), n)
                }
                return (upper, floor)
            }
            let upper = estimated.flatMap(\.0)
            let floor = TopK(merging: estimated.map(\.1))
            let reach = floor.isFull ? floor.worst : -Double.infinity
            contenders = candidates.indices.filter { upper[$0] >= reach }.map { candidates[$0] }
        }
        contenders.sort { partial[$0] > partial[$1] }
        var best = TopK<Double>(k)
        for slot in contenders where !best.isFull || partial[slot] + semantic > best.worst {
            best.offer(partial[slot] + semanticPoints(exact(indices[slot])), indices[slot])
        }
        return best.sorted.map { score(probe, table, $0.item, exact($0.item)) }
    }

    /// Postings per thread below which a second thread costs more than it saves.
    static let minimumChunk = 8_192
}

/// Vectors as signed bytes with a scale per row, and the L1 norm of each rounded row: enough
/// for a dot product estimate and a bound on its error, at a quarter of the memory traffic.
/// Rows are padded with zeros to whole 16-byte blocks, the unit of the dot product's loop.
struct QuantizedVectors: Sendable {
    let dimensions: Int
    let blocks: Int
    let values: [Int8]
    let scale: [Float]
    let l1: [Float]

    /// The query's bytes as 16-bit lanes: `even[b]` holds bytes 0, 2, … 14 of block `b`, `odd[b]` bytes 1, 3, … 15.
    struct Query {
        let even: [SIMD8<Int16>]
        let odd: [SIMD8<Int16>]
        let scale: Float
        let l1: Float
    }

    init(_ rows: [[Float]]) {
        dimensions = rows.first?.count ?? MiniLMEncoder.dimensions
        blocks = (dimensions + 15) / 16
        var values: [Int8] = [], scale: [Float] = [], l1: [Float] = []
        values.reserveCapacity(rows.count * blocks * 16)
        for row in rows {
            let (bytes, factor, norm) = Self.quantize(row)
            values += bytes
            values += repeatElement(0, count: blocks * 16 - bytes.count)
            scale.append(factor)
            l1.append(norm)
        }
        self.values = values
        self.scale = scale
        self.l1 = l1
    }

    /// Bytes in -127...127 (never -128, so a product of two fits in 14 bits and a sum of two in 16).
    static func quantize(_ row: [Float]) -> ([Int8], Float, Float) {
        let largest = row.map(abs).max() ?? 0
        let factor = largest > 0 ? largest / 127 : 1
        let bytes = row.map { Int8(max(-127, min(127, ($0 / factor).rounded()))) }
        return (bytes, factor, bytes.reduce(0) { $0 + Float(abs(Int($1))) } * factor)
    }

    func query(_ vector: [Float]) -> Query {
        let (bytes, factor, norm) = Self.quantize(vector)
        var even = [SIMD8<Int16>](repeating: .zero, count: blocks), odd = even
        for (j, byte) in bytes.enumerated() {
            if j % 2 == 0 { even[j / 16][(j % 16) / 2] = Int16(byte) } else { odd[j / 16][(j % 16) / 2] = Int16(byte) }
        }
        return Query(even: even, odd: odd, scale: factor, l1: norm)
    }

    /// The estimate of row · query, and a bound on how far the true value may lie from it:
    /// |A·δb| + |δa·B| + |δa·δb| with every rounding error at most half a step.
    func similarity(row: Int, _ query: Query) -> (estimate: Float, error: Float) {
        let sum = values.withUnsafeBytes { all in
            query.even.withUnsafeBufferPointer { even in
                query.odd.withUnsafeBufferPointer { odd in
                    Self.dot(all.baseAddress! + row * blocks * 16, even.baseAddress!, odd.baseAddress!, blocks)
                }
            }
        }
        let a = scale[row], b = query.scale
        let error = l1[row] * b / 2 + a * query.l1 / 2 + Float(dimensions) * a * b / 4
        return (Float(sum) * a * b, error * 1.001 + 1e-6)
    }

    /// Σ row[j]·query[j] over `blocks` blocks of 16 bytes, on 16-bit lanes: a block's words are
    /// split into their sign-extended low (even) and high (odd) bytes, multiplied by the query's
    /// even and odd bytes, the two products of a lane added (|sum| ≤ 2·127², fits in 16 bits), and
    /// those pairs widened to 32 bits the same way. Written so because the generic SIMD
    /// conversions are not inlined; these shifts and products compile to single SSE2 instructions.
    static func dot(_ row: UnsafeRawPointer, _ even: UnsafePointer<SIMD8<Int16>>, _ odd: UnsafePointer<SIMD8<Int16>>, _ blocks: Int) -> Int32 {
        var total = SIMD4<Int32>()
        for b in 0..<blocks {
            let words = row.loadUnaligned(fromByteOffset: b * 16, as: SIMD8<Int16>.self)
            let pairs = ((words &<< 8) &>> 8) &* even[b] &+ (words &>> 8) &* odd[b]
            let wide = unsafeBitCast(pairs, to: SIMD4<Int32>.self)
            total &+= ((wide &<< 16) &>> 16) &+ (wide &>> 16)
        }
        return total.wrappedSum()
    }
}

/// The `k` largest values offered, with what each belongs to (an insertion-sorted buffer:
/// k is small and most offers fall below the worst kept).
package struct TopK<Value: Comparable & Sendable>: Sendable {
    let k: Int
    private(set) var kept: [(value: Value, item: Int)] = []

    package init(_ k: Int) {
        self.k = k
        kept.reserveCapacity(k + 1)
    }

    /// The `k` largest of several, each of the same `k`.
    init(merging parts: [TopK]) {
        self.init(parts[0].k)
        for part in parts { for (value, item) in part.kept { offer(value, item) } }
    }

    var isFull: Bool { kept.count == k }
    var worst: Value { kept[kept.count - 1].value }
    package var sorted: [(value: Value, item: Int)] { kept }

    package mutating func offer(_ value: Value, _ item: Int) {
        if isFull, value <= worst { return }
        let at = kept.firstIndex { value > $0.value } ?? kept.count
        kept.insert((value, item), at: at)
        if kept.count > k { kept.removeLast() }
    }
}
