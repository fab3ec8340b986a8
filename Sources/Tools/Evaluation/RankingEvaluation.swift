import Foundation
import Intelligence

/// Offline quality of a recommender on held-out interactions, with the definitions the
/// `implicit` library's `ranking_metrics_at_k` uses, so the figures compare: for each user with
/// held-out items, the top `k` of the items they did not train on; precision@k is hits over
/// min(k, held-out) summed over users; nDCG@k is DCG over the ideal DCG for min(k, held-out)
/// items, averaged over users.
public struct RankingEvaluation: Sendable, Equatable {
    public let k: Int
    public let users: Int
    public let precision: Double
    public let ndcg: Double
    public let meanAveragePrecision: Double

    /// `recommend(user, k)` answers a user's top `k` items, training items excluded.
    public static func evaluate(k: Int, heldOut: [[Int]], recommend: (Int, Int) -> [Int]) -> RankingEvaluation {
        let gains = (0..<k).map { 1 / log2(Double($0) + 2) }
        var ideal: [Double] = []
        for gain in gains { ideal.append((ideal.last ?? 0) + gain) }
        var hits = 0, possible = 0, users = 0
        var ndcg = 0.0, averagePrecision = 0.0
        for (user, items) in heldOut.enumerated() where !items.isEmpty {
            let wanted = Set(items)
            let cap = min(k, wanted.count)
            var found = 0, precisionSum = 0.0, dcg = 0.0
            for (rank, item) in recommend(user, k).prefix(k).enumerated() where wanted.contains(item) {
                found += 1
                precisionSum += Double(found) / Double(rank + 1)
                dcg += gains[rank]
            }
            hits += found
            possible += cap
            ndcg += dcg / ideal[cap - 1]
            averagePrecision += precisionSum / Double(cap)
            users += 1
        }
        return RankingEvaluation(k: k, users: users, precision: possible > 0 ? Double(hits) / Double(possible) : 0,
                                 ndcg: users > 0 ? ndcg / Double(users) : 0, meanAveragePrecision: users > 0 ? averagePrecision / Double(users) : 0)
    }

    /// The `k` best-scored items not in `excluded`, best first (ties to the lower index).
    public static func top(_ k: Int, of scores: [Float], excluding excluded: Set<Int>) -> [Int] {
        var best = TopK<Float>(k)
        for (item, score) in scores.enumerated() where !excluded.contains(item) { best.offer(score, item) }
        return best.sorted.map(\.item)
    }
}
