import ArgumentParser
import Foundation
import Intelligence
import Storage
import Tools

extension Eval {
    struct Paths: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accuracy@3 of predicting each member's last move from everyone else's (leave one out), beside a most-frequent-transition baseline; on the demo data, which it loads into an empty database."
        )

        @Option(help: "How many predicted roles count as a hit.") var k = 3
        @Option(help: "Weight of the role-similarity prior, in moves.") var smoothing = 2.0

        func run() async throws {
            try await Runtime.with { platform in
                try await platform.persistence.migrateUp()
                _ = try await platform.ensureTaxonomy { Runtime.say("careerops: taxonomy: \($0)", toError: true) }
                if try await platform.demoSeeder.databaseIsEmpty() {
                    _ = try await platform.demoSeeder.seed()
                    Runtime.say("careerops: loaded the demo data", toError: true)
                } else if try await !platform.demoSeeder.isSeeded() {
                    Runtime.say("careerops: no demo data in this database; evaluating on its own work histories", toError: true)
                }
                let result = try await CareerPathModel.evaluate(store: SQLInsightStore(persistence: platform.persistence), k: k, smoothing: smoothing)
                guard result.cases > 0 else { throw Runtime.fail("no member has moved between two known roles") }
                Runtime.say("\(result.cases) members' last moves, each predicted from everyone else's moves")
                Runtime.say(String(format: "transition model (smoothing %.1f)   accuracy@%d %.3f", smoothing, k, result.accuracy))
                Runtime.say(String(format: "most frequent transitions           accuracy@%d %.3f", k, result.baselineAccuracy))
            }
        }
    }
}
