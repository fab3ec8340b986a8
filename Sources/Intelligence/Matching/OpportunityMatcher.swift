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

    public init(weights: Weights = Weights()) { self.weights = weights }

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
    /// needed only for postings within that much of the k-th best, and is computed for those
    /// one by one, or for all at once with one matrix-vector product when they are many.
    public func best(_ k: Int, for member: Member, in table: PostingTable, candidates: [Int]? = nil, profile: [Float]?) -> [Score] {
        guard k > 0, table.count > 0 else { return [] }
        let probe = Probe(member, table)
        let indices = candidates ?? Array(0..<table.count)
        var partial = [Double](repeating: 0, count: indices.count)
        var floor = TopK<Double>(k)
        for (slot, i) in indices.enumerated() {
            let points = skillPoints(probe, table, i) + rolePoints(probe, table, i) + preferencePoints(probe, table, i)
            partial[slot] = points
            floor.offer(points, slot)
        }
        let semantic = profile != nil && table.vectors != nil ? weights.semantic : 0
        let threshold = floor.isFull ? floor.worst - semantic : -Double.infinity
        var contenders = indices.indices.filter { partial[$0] >= threshold }
        func exact(_ i: Int) -> Float? {
            guard let profile, table.hasVector[i] else { return nil }
            return table.vectors?.dot(row: i, profile)
        }
        if let profile, let quantized = table.quantized, contenders.count > 4 * k {
            // Many contenders: estimate every similarity in 8 bits with a bound on its error, and
            // keep only postings whose best case reaches the k-th best worst case.
            let query = quantized.query(profile)
            var lower = [Double](repeating: 0, count: contenders.count), upper = lower
            var floor = TopK<Double>(k)
            for (n, slot) in contenders.enumerated() {
                let i = indices[slot]
                guard table.hasVector[i] else {
                    (lower[n], upper[n]) = (partial[slot], partial[slot])
                    floor.offer(partial[slot], n)
                    continue
                }
                let (estimate, error) = quantized.similarity(row: i, query)
                lower[n] = partial[slot] + semanticPoints(estimate - error)
                upper[n] = partial[slot] + semanticPoints(estimate + error)
                floor.offer(lower[n], n)
            }
            let reach = floor.isFull ? floor.worst : -Double.infinity
            contenders = contenders.indices.filter { upper[$0] >= reach }.map { contenders[$0] }
        }
        contenders.sort { partial[$0] > partial[$1] }
        var best = TopK<Double>(k)
        for slot in contenders where !best.isFull || partial[slot] + semantic > best.worst {
            best.offer(partial[slot] + semanticPoints(exact(indices[slot])), indices[slot])
        }
        return best.sorted.map { score(probe, table, $0.item, exact($0.item)) }
    }
}

/// Vectors as signed bytes with a scale per row, and the L1 norm of each rounded row: enough
/// for a dot product estimate and a bound on its error, at a quarter of the memory traffic.
struct QuantizedVectors: Sendable {
    let dimensions: Int
    let values: [Int8]
    let scale: [Float]
    let l1: [Float]

    struct Query {
        let values: [Int8]
        let scale: Float
        let l1: Float
    }

    init(_ rows: [[Float]]) {
        dimensions = rows.first?.count ?? MiniLMEncoder.dimensions
        var values: [Int8] = [], scale: [Float] = [], l1: [Float] = []
        values.reserveCapacity(rows.count * dimensions)
        for row in rows {
            let (bytes, factor, norm) = Self.quantize(row)
            values += bytes
            scale.append(factor)
            l1.append(norm)
        }
        self.values = values
        self.scale = scale
        self.l1 = l1
    }

    static func quantize(_ row: [Float]) -> ([Int8], Float, Float) {
        let largest = row.map(abs).max() ?? 0
        let factor = largest > 0 ? largest / 127 : 1
        let bytes = row.map { Int8(($0 / factor).rounded()) }
        return (bytes, factor, bytes.reduce(0) { $0 + Float(abs(Int($1))) } * factor)
    }

    func query(_ vector: [Float]) -> Query {
        let (bytes, factor, norm) = Self.quantize(vector)
        return Query(values: bytes, scale: factor, l1: norm)
    }

    /// The estimate of row · query, and a bound on how far the true value may lie from it:
    /// |A·δb| + |δa·B| + |δa·δb| with every rounding error at most half a step.
    func similarity(row: Int, _ query: Query) -> (estimate: Float, error: Float) {
        var sum: Int32 = 0
        values.withUnsafeBufferPointer { all in
            query.values.withUnsafeBufferPointer { q in
                let base = all.baseAddress! + row * dimensions
                for j in 0..<dimensions { sum &+= Int32(base[j]) &* Int32(q[j]) }
            }
        }
        let a = scale[row], b = query.scale
        let error = l1[row] * b / 2 + a * query.l1 / 2 + Float(dimensions) * a * b / 4
        return (Float(sum) * a * b, error * 1.001 + 1e-6)
    }
}

/// The `k` largest values offered, with what each belongs to (an insertion-sorted buffer:
/// k is small and most offers fall below the worst kept).
struct TopK<Value: Comparable> {
    let k: Int
    private(set) var kept: [(value: Value, item: Int)] = []

    init(_ k: Int) {
        self.k = k
        kept.reserveCapacity(k + 1)
    }

    var isFull: Bool { kept.count == k }
    var worst: Value { kept[kept.count - 1].value }
    var sorted: [(value: Value, item: Int)] { kept }

    mutating func offer(_ value: Value, _ item: Int) {
        if isFull, value <= worst { return }
        let at = kept.firstIndex { value > $0.value } ?? kept.count
        kept.insert((value, item), at: at)
        if kept.count > k { kept.removeLast() }
    }
}
