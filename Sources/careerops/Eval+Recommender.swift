import ArgumentParser
import Core
import Foundation
import Intelligence
import Tools

extension Eval {
    struct Recommender: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Precision@10, nDCG@10 and fit time of the ALS recommender on an 80/20 split of MovieLens-100k, beside a popularity baseline."
        )

        @Option(help: "A folder with MovieLens-100k: recbole's ml-100k.inter or GroupLens' u.data.") var movielens = ".cache/datasets/ml-100k"
        @Option(help: "Write the split as train.tsv and test.tsv (user, item) into this folder, for a reference run.") var splitOut: String?
        @Option(help: "Latent factors.") var factors = 64
        @Option(help: "ALS sweeps.") var iterations = 15
        @Option(help: "Seed of the split and of the initial vectors.") var seed: UInt64 = 42
        @Flag(help: "Print the figures as JSON.") var json = false

        func run() async throws {
            let ratings = try MovieLens.load(folder: movielens)
            var random = SeededGenerator(seed: seed)
            let shuffled = ratings.pairs.shuffled(using: &random)
            let cut = shuffled.count * 8 / 10
            let train = Array(shuffled[..<cut]), test = Array(shuffled[cut...])
            if let splitOut { try MovieLens.write(train: train, test: test, to: splitOut) }

            var interactions = Interactions(users: ratings.users, items: ratings.items)
            var seen = [Set<Int>](repeating: [], count: ratings.users)
            for (user, item) in train {
                interactions.add(user: user, item: item)
                seen[user].insert(item)
            }
            var heldOut = [[Int]](repeating: [], count: ratings.users)
            for (user, item) in test where !seen[user].contains(item) { heldOut[user].append(item) }

            var settings = ImplicitALS.Settings()
            settings.factors = factors
            settings.iterations = iterations
            settings.seed = seed
            let start = ContinuousClock.now
            let model = ImplicitALS(settings).fit(interactions)
            let fitSeconds = (ContinuousClock.now - start) / .seconds(1)
            let als = RankingEvaluation.evaluate(k: 10, heldOut: heldOut) { user, k in
                RankingEvaluation.top(k, of: model.scores(user: user), excluding: seen[user])
            }
            var counts = [Float](repeating: 0, count: ratings.items)
            for (_, item) in train { counts[item] += 1 }
            let popular = RankingEvaluation.evaluate(k: 10, heldOut: heldOut) { user, k in
                RankingEvaluation.top(k, of: counts, excluding: seen[user])
            }
            if json {
                let figures: [String: Double] = [
                    "als_precision_at_10": als.precision, "als_ndcg_at_10": als.ndcg, "als_fit_seconds": fitSeconds,
                    "popularity_precision_at_10": popular.precision, "popularity_ndcg_at_10": popular.ndcg,
                    "users_evaluated": Double(als.users), "train": Double(train.count), "test": Double(test.count),
                ]
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                Runtime.say(String(decoding: try encoder.encode(figures), as: UTF8.self))
                return
            }
            Runtime.say("MovieLens-100k: \(ratings.users) users, \(ratings.items) items; train \(train.count), test \(test.count); \(als.users) users evaluated")
            Runtime.say(String(format: "ALS (%d factors, %d sweeps)  precision@10 %.4f  nDCG@10 %.4f  fit %.3f s", factors, iterations, als.precision, als.ndcg, fitSeconds))
            Runtime.say(String(format: "popularity                 precision@10 %.4f  nDCG@10 %.4f", popular.precision, popular.ndcg))
        }
    }
}

/// MovieLens ratings as dense user and item ordinals (every rating an interaction).
struct MovieLens {
    let users: Int
    let items: Int
    let pairs: [(user: Int, item: Int)]

    static func load(folder: String) throws -> MovieLens {
        let recbole = "\(folder)/ml-100k.inter", grouplens = "\(folder)/u.data"
        let path = FileManager.default.fileExists(atPath: recbole) ? recbole : grouplens
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Runtime.fail("cannot read \(recbole) or \(grouplens); `make movielens` fetches the data set")
        }
        var userIDs: [Substring: Int] = [:], itemIDs: [Substring: Int] = [:], pairs: [(Int, Int)] = []
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n") where !line.hasPrefix("user_id") {
            let fields = line.split(separator: "\t")
            guard fields.count >= 2 else { continue }
            let user = userIDs[fields[0]] ?? userIDs.count
            userIDs[fields[0]] = user
            let item = itemIDs[fields[1]] ?? itemIDs.count
            itemIDs[fields[1]] = item
            pairs.append((user, item))
        }
        guard !pairs.isEmpty else { throw Runtime.fail("no ratings in \(path)") }
        return MovieLens(users: userIDs.count, items: itemIDs.count, pairs: pairs)
    }

    static func write(train: [(user: Int, item: Int)], test: [(user: Int, item: Int)], to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, pairs) in [("train", train), ("test", test)] {
            let text = pairs.map { "\($0.user)\t\($0.item)\n" }.joined()
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(folder)/\(name).tsv"))
        }
    }
}
