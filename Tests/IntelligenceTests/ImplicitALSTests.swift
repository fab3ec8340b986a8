import Core
import Foundation
@testable import Intelligence
import Testing
import Tools

@Suite struct ImplicitALSTests {
    /// Two groups of users, each interacting with most of its own group's items and a few others.
    static func twoCommunities(users: Int = 60, items: Int = 40, seed: UInt64 = 7) -> (Interactions, held: [(user: Int, item: Int)]) {
        var random = SeededGenerator(seed: seed)
        var interactions = Interactions(users: users, items: items)
        var held: [(Int, Int)] = []
        for user in 0..<users {
            let group = user % 2
            let mine = (0..<items).filter { $0 % 2 == group }
            for item in mine.shuffled(using: &random).prefix(12) {
                if held.count < users, held.allSatisfy({ $0.0 != user }) { held.append((user, item)) } else { interactions.add(user: user, item: item) }
            }
            interactions.add(user: user, item: (0..<items).filter { $0 % 2 != group }.randomElement(using: &random)!)
        }
        return (interactions, held)
    }

    static var small: ImplicitALS.Settings {
        var settings = ImplicitALS.Settings()
        settings.factors = 8
        settings.iterations = 10
        settings.alpha = 10
        return settings
    }

    @Test func recommendsFromTheUsersOwnCommunity() {
        let (interactions, held) = Self.twoCommunities()
        let model = ImplicitALS(Self.small).fit(interactions)
        let seen = Dictionary(grouping: interactions.entries, by: { Int($0.user) }).mapValues { Set($0.map { Int($0.item) }) }
        var inGroup = 0, total = 0, heldFound = 0
        for user in 0..<interactions.users {
            let top = RankingEvaluation.top(5, of: model.scores(user: user), excluding: seen[user] ?? [])
            inGroup += top.filter { $0 % 2 == user % 2 }.count
            total += top.count
            if let item = held.first(where: { $0.user == user })?.item, top.contains(item) { heldFound += 1 }
        }
        #expect(Double(inGroup) / Double(total) > 0.8, "a random pick would be about 0.3")
        #expect(heldFound > held.count / 2, "held-out items found in the top 5: \(heldFound) of \(held.count)")
    }

    /// Folding in solves the normal equations (Yᵀ C Y + λI) x = Yᵀ C p to float precision.
    @Test func foldInSolvesTheLeastSquares() {
        let (interactions, _) = Self.twoCommunities()
        var settings = Self.small
        settings.alpha = 3  // confidence 3 × strength: some below 1, some above
        let model = ImplicitALS(settings).fit(interactions)
        let mine: [(item: Int, strength: Float)] = [(0, 1), (2, 2), (4, 1), (7, 0.5)]
        let x = model.foldIn(mine)
        let f = model.factors
        func y(_ item: Int) -> ArraySlice<Float> { model.itemFactors[(item * f)..<((item + 1) * f)] }
        var lhs = [Double](repeating: 0, count: f), rhs = [Double](repeating: 0, count: f)
        for item in 0..<model.items {
            let c = Double(mine.first { $0.item == item }.map { $0.strength * settings.alpha } ?? 1)
            let p: Double = mine.contains { $0.item == item } ? 1 : 0
            let row = Array(y(item)).map(Double.init)
            let dot = zip(row, x).map { $0 * Double($1) }.reduce(0, +)
            for j in 0..<f {
                lhs[j] += c * dot * row[j]
                rhs[j] += c * p * row[j]
            }
        }
        for j in 0..<f { lhs[j] += Double(settings.regularization) * Double(x[j]) }
        let error = zip(lhs, rhs).map { abs($0 - $1) }.max()!, scale = rhs.map(abs).max()!
        #expect(error < 1e-3 * scale, "residual \(error) against \(scale)")
        #expect(model.foldIn([]) == [Float](repeating: 0, count: f))
    }

    @Test func theSameSeedGivesTheSameModelOnAnyNumberOfThreads() {
        let (interactions, _) = Self.twoCommunities(users: 300)
        var one = Self.small, two = Self.small
        one.threads = 1
        two.threads = 2
        let a = ImplicitALS(one).fit(interactions), b = ImplicitALS(two).fit(interactions)
        #expect(a.userFactors == b.userFactors && a.itemFactors == b.itemFactors)
        two.seed = 43
        #expect(ImplicitALS(two).fit(interactions).userFactors != a.userFactors)
    }

    @Test func rankingMetricsFollowImplicitsDefinitions() {
        // User 0: held-out {1, 2}, recommended [1, 5, 2] → hits at ranks 1 and 3.
        // User 1: held-out {4}, recommended [3, 0, 9] → no hit. User 2 has nothing held out.
        let heldOut = [[1, 2], [4], []]
        let lists = [[1, 5, 2], [3, 0, 9], [7, 8, 9]]
        let result = RankingEvaluation.evaluate(k: 3, heldOut: heldOut) { user, _ in lists[user] }
        #expect(result.users == 2)
        #expect(abs(result.precision - 2.0 / 3.0) < 1e-12)
        let dcg = 1 + 1 / log2(4.0), ideal = 1 + 1 / log2(3.0)
        #expect(abs(result.ndcg - dcg / ideal / 2) < 1e-12)
        #expect(abs(result.meanAveragePrecision - (1 + 2.0 / 3.0) / 2 / 2) < 1e-12)
        #expect(RankingEvaluation.top(2, of: [0.1, 0.9, 0.5, 0.9], excluding: [1]) == [3, 2])
    }
}
