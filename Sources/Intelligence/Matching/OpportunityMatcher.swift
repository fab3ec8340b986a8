import Foundation

/// Scores postings for a member from 0 to 100 in named parts — skills covered (weighted by
/// level and importance), semantic similarity of profile and posting, role and seniority fit,
/// and preferences (location, remote, salary) — and finds the best among many quickly. Skills
/// and places are small integers (ordinals the caller assigns), so a scan touches no strings.
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

        func level(_ skill: Int32) -> Int8 { Int(skill) < levels.count ? levels[Int(skill)] : 0 }
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

    func skillPoints(_ member: Member, _ posting: Posting) -> Double {
        guard !posting.needs.isEmpty else { return weights.skills * 0.5 }
        var earned = 0.0
        var possible = 0.0
        for need in posting.needs {
            let weight = need.required ? 1.0 : 0.5
            possible += weight
            let held = member.level(need.skill)
            guard held > 0 else { continue }
            let wanted = max(need.minLevel, Self.expectedLevel)
            earned += weight * min(1, Double(held) / Double(wanted))
        }
        return weights.skills * earned / possible
    }

    func rolePoints(_ member: Member, _ posting: Posting) -> Double {
        let occupation: Double = posting.occupation.map { member.occupations.contains($0) ? 1 : 0 } ?? 0.5
        var seniority = 0.5
        if let wanted = posting.seniority, let held = member.seniority {
            seniority = [1, 0.5][safe: abs(Int(wanted) - Int(held))] ?? 0
        }
        return weights.role * (0.7 * occupation + 0.3 * seniority)
    }

    func preferencePoints(_ member: Member, _ posting: Posting) -> Double {
        let place: Double
        if posting.remote && member.remote != false { place = 1 }
        else if member.places.isEmpty { place = 0.5 }
        else { place = posting.place.map { member.places.contains($0) ? 1 : 0 } ?? 0.5 }
        let remote: Double = member.remote == true ? (posting.remote ? 1 : 0) : 1
        var salary = 0.5
        if let minimum = member.salaryMin, let maximum = posting.salaryMax, member.currency == nil || member.currency == posting.currency {
            salary = maximum >= minimum ? 1 : Double(maximum) / Double(minimum) > 0.9 ? 0.5 : 0
        }
        return weights.preferences * (place + remote + salary) / 3
    }

    /// Cosine mapped to points: 0.2 or less is nothing, 0.8 or more is everything.
    func semanticPoints(_ similarity: Float?) -> Double {
        guard let similarity else { return 0 }
        return weights.semantic * min(1, max(0, (Double(similarity) - 0.2) / 0.6))
    }

    public func score(_ member: Member, _ posting: Posting, at index: Int, similarity: Float?) -> Score {
        Score(posting: index, skills: skillPoints(member, posting), semantic: semanticPoints(similarity), role: rolePoints(member, posting),
              preferences: preferencePoints(member, posting), similarity: similarity)
    }

    /// The `k` best postings among `candidates` (indices into `postings`), best first. The
    /// similarity of a posting is asked for only while it could still change the answer: every
    /// posting's other parts are scored first, and similarity (worth at most `weights.semantic`)
    /// is added in order of those until no remaining posting can reach the k-th best.
    public func best(_ k: Int, for member: Member, among postings: [Posting], candidates: [Int]? = nil,
                     similarity: (Int) -> Float?) -> [Score] {
        guard k > 0 else { return [] }
        let indices = candidates ?? Array(postings.indices)
        var partial = [Double](repeating: 0, count: indices.count)
        var floor = [Double]()  // the k highest partial scores, a lower bound for the k-th total
        for (slot, index) in indices.enumerated() {
            let posting = postings[index]
            let points = skillPoints(member, posting) + rolePoints(member, posting) + preferencePoints(member, posting)
            partial[slot] = points
            if floor.count < k || points > floor[floor.count - 1] {
                floor.insert(points, at: floor.firstIndex { points > $0 } ?? floor.count)
                if floor.count > k { floor.removeLast() }
            }
        }
        let threshold = floor.count == k ? floor[k - 1] - weights.semantic : -Double.infinity
        let contenders = indices.indices.filter { partial[$0] >= threshold }.sorted { partial[$0] > partial[$1] }
        var best: [Score] = []
        for slot in contenders {
            let index = indices[slot], points = partial[slot]
            if best.count == k, let last = best.last, points + weights.semantic <= last.total { break }
            let score = self.score(member, postings[index], at: index, similarity: similarity(index))
            if best.count == k, score.total <= best[k - 1].total { continue }
            let at = best.firstIndex { score.total > $0.total } ?? best.count
            best.insert(score, at: at)
            if best.count > k { best.removeLast() }
        }
        return best
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
