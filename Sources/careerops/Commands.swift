import App
import ArgumentParser
import Foundation
import Tools

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply, revert or list the database migrations.")

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case up, revert, status
    }

    @Argument(help: "up (default), revert (all, back to an empty schema) or status.") var action: Action = .up

    func run() async throws {
        try await Runtime.with { platform in
            switch action {
            case .up:
                let applied = try await platform.persistence.migrateUp()
                Runtime.say("careerops: \(applied) migrations applied")
            case .revert:
                try await platform.persistence.revertAll()
                Runtime.say("careerops: all migrations reverted; the schema is empty")
            case .status:
                for (name, applied) in try await platform.persistence.migrationStatus() {
                    Runtime.say("\(applied ? "applied" : "pending")  \(name)")
                }
            }
        }
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the skill taxonomy and, with --demo, the demo data set.")

    @Flag(help: "Also load the demo data (organizations, members, opportunities, resources, activity).") var demo = false

    func run() async throws {
        try await Runtime.with { platform in
            try await platform.persistence.migrateUp()
            if let counts = try await platform.ensureTaxonomy(progress: { Runtime.say("careerops: taxonomy: \($0)") }) {
                Runtime.say("careerops: taxonomy: \(counts.skills) skills (\(counts.technologies) of them technologies), \(counts.occupations) occupations")
            }
            guard demo else { return }
            guard platform.config.environment != .production else { throw Runtime.fail("demo data is never loaded in production") }
            let summary = try await platform.demoSeeder.seed()
            Runtime.say("careerops: demo data: \(summary.organizations) organizations, \(summary.members) members, \(summary.opportunities) opportunities, \(summary.resources) learning resources, \(summary.events) events")
        }
    }
}

struct TaxonomyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "taxonomy", abstract: "Manage the skill taxonomy.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import ESCO skills and occupations (the bundled set, or ESCO's CSV download).")

        @Option(help: "A folder in ESCO's CSV download layout (skills_en.csv, occupations_en.csv, occupationSkillRelations_en.csv).")
        var esco: String?

        func run() async throws {
            try await Runtime.with { platform in
                try await platform.persistence.migrateUp()
                let directory = esco.map { URL(fileURLWithPath: $0, isDirectory: true) }
                let report = try await platform.loadTaxonomy(from: directory) { Runtime.say("careerops: \($0)") }
                for issue in report.issues {
                    Runtime.say("careerops: skipped \(issue)", toError: true)
                }
                Runtime.say("careerops: catalog holds \(report.counts.skills) skills, \(report.counts.groups) skill groups, \(report.counts.occupations) occupations, \(report.counts.links) occupation-skill links; \(report.issues.count) rows skipped")
            }
        }
    }
}

struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() async throws {
        Runtime.say("careerops \(Version.current)")
    }
}

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Print a new set of keys (CAREEROPS_DATA_KEYS, CAREEROPS_HMAC_KEY, CAREEROPS_JWT_KEYS) for production."
    )

    @Option(help: "The key id written before the data and signing keys.") var id = "k1"

    func run() throws {
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw ValidationError("--id: letters, digits and '-' only")
        }
        print(KeyMaterial.fresh(id: id), terminator: "")
    }
}

struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe", abstract: "Ask a URL (a health probe) and exit 0 on a 2xx answer: for container health checks without curl."
    )

    @Argument(help: "The URL, such as http://127.0.0.1:8080/health/ready") var url: String
    @Option(help: "Seconds to wait for the answer.") var timeout = 3

    func run() async throws {
        let status = try await Probe.status(of: url, timeout: .seconds(Int64(timeout)))
        guard (200..<300).contains(status) else { throw ExitCode(1) }
    }
}

struct BenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark", abstract: "Print micro-benchmark figures as JSON (used by make bench).", shouldDisplay: false
    )

    @Option(help: "Only this group: auth, encoder, analysis, matching, or analytics (PostgreSQL only, never in the default run).")
    var only: String?

    @Option(help: "Events the analytics group generates.") var events = 10_000_000
    @Option(help: "Members the analytics group's events belong to.") var members = 20_000

    func run() async throws {
        let config = try Runtime.config()
        func wanted(_ group: String) -> Bool { only == nil || only == group }
        var figures: [Benchmarks.Figure] = []
        if wanted("auth") { figures += try await Benchmarks.auth() }
        if wanted("encoder") { figures += try Benchmarks.encoder(directory: config.modelDirectory) }
        if wanted("analysis") {
            // Matching runs while the platform is open, so its memory figure includes the model and catalog.
            figures += try await Runtime.with { platform in
                try await Runtime.prepareCatalog(platform)
                return try await Benchmarks.analysis(platform: platform) + (wanted("matching") ? Benchmarks.matching(withModel: true) : [])
            }
        } else if wanted("matching") {
            figures += Benchmarks.matching(withModel: false)
        }
        if only == "analytics" {
            figures += try await Runtime.with { platform in
                try await platform.persistence.migrateUp()
                return try await Benchmarks.analytics(platform: platform, events: events, members: members) { Runtime.say($0, toError: true) }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Runtime.say(String(decoding: try encoder.encode(figures), as: UTF8.self))
    }
}
