import App
import ArgumentParser
import Foundation

@main
struct CareerOps: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "careerops",
        abstract: "Self-hosted career development platform.",
        subcommands: [Serve.self, Migrate.self, Seed.self, TaxonomyCommand.self, Embed.self, Analyze.self, Eval.self, VersionCommand.self, KeysCommand.self, ProbeCommand.self, LoadCommand.self, BenchmarkCommand.self],
        defaultSubcommand: Serve.self
    )
}
