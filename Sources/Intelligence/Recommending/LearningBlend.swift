import Foundation

/// Ranks learning resources for one member from four signals, each scaled to 0…1: what members
/// with similar histories completed (collaborative filtering), how well a resource closes the
/// member's skill gaps at the right level, how close it reads to the member's profile, and how
/// often it is completed. A signal that does not exist for a member or a resource (no history
/// yet, a resource nobody has completed since training) drops out and the others share its
/// weight, which is the cold start for both. Near-duplicates of a resource already listed are
/// skipped. Resources and skills are small integers (ordinals the caller assigns).
public struct LearningBlend: Sendable {
    public struct Weights: Sendable, Equatable {
        public var collaborative = 0.4
        public var gap = 0.4
        public var similarity = 0.15
        public var popularity = 0.05
        public init() {}
    }

    public struct Resource: Sendable {
        public let skills: [Int]
        /// The level it teaches up to, 1–5.
        public let level: Int
        /// A unit vector of its text.
        public let vector: [Float]?
        public let completions: Int
        /// Title in a comparable form (case and spacing folded) for duplicate detection.
        public let title: String

        public init(skills: [Int], level: Int, vector: [Float]?, completions: Int, title: String) {
            self.skills = skills
            self.level = level
            self.vector = vector
            self.completions = completions
            self.title = title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
        }
    }

    /// A skill the member lacks or holds below what their target asks.
    public struct Gap: Sendable, Equatable {
        public let skill: Int
        /// 0…1.
        public let importance: Double
        public let currentLevel: Int
        public let targetLevel: Int

        public init(skill: Int, importance: Double, currentLevel: Int, targetLevel: Int) {
            self.skill = skill
            self.importance = importance
            self.currentLevel = currentLevel
            self.targetLevel = targetLevel
        }
    }

    public struct Member: Sendable {
        public let gaps: [Gap]
        /// Collaborative scores by resource (nil for a member with no history, or per resource
        /// for one the model has not seen).
        public let collaborative: [Float?]?
        public let profile: [Float]?
        public let done: Set<Int>

        public init(gaps: [Gap], collaborative: [Float?]?, profile: [Float]?, done: Set<Int>) {
            self.gaps = gaps
            self.collaborative = collaborative
            self.profile = profile
            self.done = done
        }
    }

    public enum Reason: Sendable, Equatable {
        /// Teaches this gap skill at a level the member can take.
        case closesGap(skill: Int)
        case similarMembers
        case nearProfile
        case popular
    }

    public struct Recommendation: Sendable, Equatable {
        public let resource: Int
        /// 0…1.
        public let score: Double
        /// Strongest first.
        public let reasons: [Reason]
    }

    public let weights: Weights
    /// Cosine above which two resources teaching the same skills at the same level count as one.
    public let duplicateSimilarity: Float

    public init(weights: Weights = Weights(), duplicateSimilarity: Float = 0.9) {
        self.weights = weights
        self.duplicateSimilarity = duplicateSimilarity
    }

    /// Up to `limit` resources (among `candidates`, all when nil), best first; done ones never.
    public func rank(_ member: Member, resources: [Resource], candidates: [Int]? = nil, limit: Int) -> [Recommendation] {
        let pool = (candidates ?? Array(resources.indices)).filter { $0 >= 0 && $0 < resources.count && !member.done.contains($0) }
        let collaborative = normalised(pool.map { member.collaborative?[$0] ?? nil })
        let mostCompleted = Double(resources.map(\.completions).max() ?? 0)
        let scored = pool.enumerated().map { slot, index -> Recommendation in
            let resource = resources[index]
            var parts: [(weight: Double, value: Double, reason: Reason)] = []
            if let value = collaborative[slot] { parts.append((weights.collaborative, value, .similarMembers)) }
            if !member.gaps.isEmpty {
                let (value, skill) = gapValue(resource, member.gaps)
                parts.append((weights.gap, value, skill.map { .closesGap(skill: $0) } ?? .popular))
            }
            if let profile = member.profile, let vector = resource.vector {
                let cosine = Double(zip(profile, vector).reduce(0) { $0 + $1.0 * $1.1 })
                parts.append((weights.similarity, min(1, max(0, (cosine - 0.2) / 0.5)), .nearProfile))
            }
            if mostCompleted > 0 {
                parts.append((weights.popularity, log(1 + Double(resource.completions)) / log(1 + mostCompleted), .popular))
            }
            let total = parts.reduce(0) { $0 + $1.weight }
            guard total > 0 else { return Recommendation(resource: index, score: 0, reasons: []) }
            let score = parts.reduce(0) { $0 + $1.weight * $1.value } / total
            let reasons = parts.filter { $0.value > 0 && $0.weight * $0.value >= 0.25 * score * total }
                .sorted { $0.weight * $0.value > $1.weight * $1.value }.map(\.reason)
            return Recommendation(resource: index, score: score, reasons: reasons.isEmpty && score > 0 ? [.popular] : reasons)
        }
        var chosen: [Recommendation] = []
        for candidate in scored.sorted(by: { ($0.score, -$0.resource) > ($1.score, -$1.resource) }) where candidate.score > 0 {
            guard chosen.count < limit else { break }
            if chosen.contains(where: { isDuplicate(resources[$0.resource], resources[candidate.resource]) }) { continue }
            chosen.append(candidate)
        }
        return chosen
    }

    /// How well a resource closes the gaps: the most important gap it teaches at a fitting level
    /// counts in full, any further ones a quarter each, capped at 1. A level the member already
    /// has teaches nothing; one more than two steps beyond them is a stretch, worth half.
    func gapValue(_ resource: Resource, _ gaps: [Gap]) -> (Double, Int?) {
        let taught = Set(resource.skills)
        let values = gaps.filter { taught.contains($0.skill) }.map { gap -> (Double, Int) in
            let step = resource.level - gap.currentLevel
            let fit = step <= 0 ? 0 : step <= 2 ? 1 : 0.5
            return (gap.importance * fit, gap.skill)
        }.sorted { $0.0 > $1.0 }
        guard let best = values.first else { return (0, nil) }
        return (min(1, best.0 + 0.25 * values.dropFirst().reduce(0) { $0 + $1.0 }), best.1)
    }

    /// The same title, or the same skills at the same level told in nearly the same words.
    func isDuplicate(_ a: Resource, _ b: Resource) -> Bool {
        if !a.title.isEmpty && a.title == b.title { return true }
        guard a.level == b.level, Set(a.skills) == Set(b.skills), let x = a.vector, let y = b.vector else { return false }
        return zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } >= duplicateSimilarity
    }

    /// Scores scaled to 0…1 by the range of those present.
    func normalised(_ scores: [Float?]) -> [Double?] {
        let present = scores.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return scores.map { _ in nil } }
        return scores.map { score in score.map { high > low ? Double(($0 - low) / (high - low)) : 1 } }
    }
}
