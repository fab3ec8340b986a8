/// Next roles from a role, learnt from moves in work histories: a first-order transition model
/// whose counts are smoothed towards a prior built from role similarity by shared skills, so a
/// role with many observed moves follows its data and a role with few or none backs off:
/// P(j | i) = (n(i→j) + m · prior_i(j)) / (n(i→·) + m), with m = `smoothing`. The prior is half
/// where members in similar roles moved (their move shares, weighted by similarity) and half the
/// similar roles themselves (a move to an adjacent role); the second half alone when no similar
/// role has moves. Similarity is the Jaccard index of the roles' skill sets. Roles and skills
/// are small integers (ordinals the caller assigns).
public struct CareerPathModel: Sendable {
    /// One observed move: `from` held for `months` before `to`.
    public struct Move: Sendable, Equatable {
        public let from: Int
        public let to: Int
        public let months: Double

        public init(from: Int, to: Int, months: Double) {
            self.from = from
            self.to = to
            self.months = months
        }
    }

    public struct Prediction: Sendable, Equatable {
        public let role: Int
        public let probability: Double
        /// Median months in the origin role before such a move: of these moves when seen, else of
        /// every move into the target (from any role), else of every move out of the origin, else
        /// of every move. Each unseen target has its own figure, not the origin's one for all.
        public let typicalMonths: Double
        /// How many members made exactly this move.
        public let observed: Int
        /// Share of skills the two roles have in common (Jaccard).
        public let similarity: Double
    }

    public let smoothing: Double
    let counts: [Int: [Int: Int]]
    let months: [Int: [Int: [Double]]]
    let monthsOut: [Int: Double]
    let monthsIn: [Int: Double]
    let monthsAll: Double?
    let skills: [Set<Int>]
    let rolesWithSkill: [Int: [Int]]

    /// `roleSkills[r]` are role `r`'s skills (essential ones serve best).
    public init(moves: [Move], roleSkills: [[Int]], smoothing: Double = 2) {
        self.smoothing = smoothing
        var counts: [Int: [Int: Int]] = [:], months: [Int: [Int: [Double]]] = [:], out: [Int: [Double]] = [:], into: [Int: [Double]] = [:]
        for move in moves where move.from != move.to {
            counts[move.from, default: [:]][move.to, default: 0] += 1
            months[move.from, default: [:]][move.to, default: []].append(move.months)
            out[move.from, default: []].append(move.months)
            into[move.to, default: []].append(move.months)
        }
        self.counts = counts
        self.months = months
        monthsOut = out.mapValues(Self.median)
        monthsIn = into.mapValues(Self.median)
        monthsAll = moves.isEmpty ? nil : Self.median(moves.map(\.months))
        skills = roleSkills.map(Set.init)
        var index: [Int: [Int]] = [:]
        for (role, skills) in roleSkills.enumerated() { for skill in Set(skills) { index[skill, default: []].append(role) } }
        rolesWithSkill = index
    }

    /// Up to `limit` likeliest next roles from `role`, likeliest first (ties to the lower role).
    public func next(from role: Int, limit: Int = 5) -> [Prediction] {
        let observed = counts[role] ?? [:]
        let total = Double(observed.values.reduce(0, +))
        let similar = similarities(of: role)
        let prior = prior(of: role, similar: similar)
        // With no similar role the prior has nothing to say, and the data alone decides.
        let mass = prior.isEmpty ? 0 : smoothing
        guard total + mass > 0 else { return [] }
        let candidates = Set(observed.keys).union(prior.keys).subtracting([role])
        let predictions = candidates.map { target -> Prediction in
            let probability = (Double(observed[target] ?? 0) + mass * (prior[target] ?? 0)) / (total + mass)
            let typical = months[role]?[target].map(Self.median) ?? monthsIn[target] ?? monthsOut[role] ?? monthsAll ?? 0
            return Prediction(role: target, probability: probability, typicalMonths: typical, observed: observed[target] ?? 0,
                              similarity: similar[target] ?? 0)
        }
        return Array(predictions.sorted { ($0.probability, -$0.role) > ($1.probability, -$1.role) }.prefix(limit))
    }

    /// The back-off distribution for `role` (summing to 1, or empty when no role is similar).
    func prior(of role: Int, similar: [Int: Double]) -> [Int: Double] {
        let adjacentSum = similar.values.reduce(0, +)
        guard adjacentSum > 0 else { return [:] }
        var neighbours: [Int: Double] = [:]
        for (other, weight) in similar {
            guard let moves = counts[other] else { continue }
            let total = Double(moves.values.reduce(0, +))
            for (target, count) in moves where target != role { neighbours[target, default: 0] += weight * Double(count) / total }
        }
        let neighbourSum = neighbours.values.reduce(0, +)
        let share = neighbourSum > 0 ? 0.5 : 0
        var prior: [Int: Double] = [:]
        for (target, weight) in similar { prior[target, default: 0] += (1 - share) * weight / adjacentSum }
        if share > 0 { for (target, value) in neighbours { prior[target, default: 0] += share * value / neighbourSum } }
        return prior
    }

    /// Jaccard similarity of `role`'s skills with every role sharing at least one.
    func similarities(of role: Int) -> [Int: Double] {
        guard role >= 0, role < skills.count, !skills[role].isEmpty else { return [:] }
        var shared: [Int: Int] = [:]
        for skill in skills[role] { for other in rolesWithSkill[skill] ?? [] where other != role { shared[other, default: 0] += 1 } }
        return shared.mapValues { Double($0) }.reduce(into: [:]) { result, pair in
            result[pair.key] = pair.value / Double(skills[role].count + skills[pair.key].count - Int(pair.value))
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
