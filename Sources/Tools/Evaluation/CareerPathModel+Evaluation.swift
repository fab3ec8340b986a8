import Insights
import Intelligence

extension CareerPathModel {
    /// Leave-one-out accuracy@k of predicting each member's last move from the moves of everyone
    /// else and the member's own earlier moves, beside a baseline that ranks the most frequent
    /// moves out of the same role (then the most frequent destinations overall) with no smoothing.
    public struct Evaluation: Sendable, Equatable {
        public let k: Int
        public let cases: Int
        public let accuracy: Double
        public let baselineAccuracy: Double
    }

    /// `careers[m]` is member `m`'s moves in time order.
    public static func evaluate(careers: [[Move]], roleSkills: [[Int]], smoothing: Double = 2, k: Int = 3) -> Evaluation {
        var hits = 0, baselineHits = 0, cases = 0
        for (member, moves) in careers.enumerated() {
            guard let last = moves.last else { continue }
            var training = Array(moves.dropLast())
            for (other, theirs) in careers.enumerated() where other != member { training += theirs }
            let model = CareerPathModel(moves: training, roleSkills: roleSkills, smoothing: smoothing)
            if model.next(from: last.from, limit: k).contains(where: { $0.role == last.to }) { hits += 1 }
            if mostFrequent(after: last.from, in: training, k: k).contains(last.to) { baselineHits += 1 }
            cases += 1
        }
        return Evaluation(k: k, cases: cases, accuracy: cases > 0 ? Double(hits) / Double(cases) : 0,
                          baselineAccuracy: cases > 0 ? Double(baselineHits) / Double(cases) : 0)
    }

    /// The baseline: the `k` most frequent moves out of `role`, padded with the most frequent
    /// destinations of any move (ties to the lower role).
    static func mostFrequent(after role: Int, in moves: [Move], k: Int) -> [Int] {
        func ranked(_ counts: [Int: Int]) -> [Int] { counts.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.map(\.key) }
        var out: [Int: Int] = [:], into: [Int: Int] = [:]
        for move in moves where move.from != move.to {
            if move.from == role { out[move.to, default: 0] += 1 }
            into[move.to, default: 0] += 1
        }
        var picks = ranked(out)
        for destination in ranked(into) where picks.count < k && destination != role && !picks.contains(destination) { picks.append(destination) }
        return Array(picks.prefix(k))
    }
}

extension CareerPathModel {
    /// Leave-one-out accuracy@k of the model on the members' own last moves in `store`
    /// (see `evaluate(careers:roleSkills:smoothing:k:)`).
    public static func evaluate(store: any InsightStore, k: Int = 3, smoothing: Double = 2) async throws -> Evaluation {
        let data = try await CareerPathService.TrainingData.load(from: store)
        return evaluate(careers: data.careers, roleSkills: data.roleSkills, smoothing: smoothing, k: k)
    }
}
