import App
import ArgumentParser
import Foundation
import Tools

struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Open-loop load against a running platform: a fixed rate over many keep-alive connections, latency from when each request was due (make bench-load)."
    )

    @Option(help: "The platform (or its balancer).") var url = "http://127.0.0.1:8080"
    @Option(help: "Members signed up (with a résumé) to act as; connections take them in turn.") var members = 50
    @Option(help: "Keep-alive connections held open.") var connections = 1_000
    @Option(help: "Requests per second over all connections; repeat for several runs, one after another.") var rate: [Double] = [500]
    @Option(help: "Seconds each run is measured.") var duration = 20
    @Option(help: "Seconds at the start of each run that are sent but not counted.") var warmup = 5
    @Option(help: "The mix, as kind=weight (kinds: profile, matches, graphql, track, page).") var mix = "profile=30,matches=20,graphql=20,track=20,page=10"
    @Option(help: "Event-loop threads of the generator.") var threads = 1

    func run() async throws {
        guard let components = URLComponents(string: url), components.scheme == "http", let host = components.host else {
            throw ValidationError("--url: an http:// URL such as http://127.0.0.1:8080")
        }
        var weights: [String: Int] = [:]
        for part in mix.split(separator: ",") {
            let pair = part.split(separator: "=").map(String.init)
            guard pair.count == 2, ["profile", "matches", "graphql", "track", "page"].contains(pair[0]), let weight = Int(pair[1]), weight >= 0 else {
                throw ValidationError("--mix: '\(part)' is not kind=weight (profile, matches, graphql, track, page)")
            }
            weights[pair[0]] = weight
        }
        guard members > 0, connections > 0, duration > 0, warmup >= 0, rate.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--members, --connections, --duration and --rate must be positive")
        }
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        FileHandle.standardError.write(Data("load: signing up \(members) members\n".utf8))
        let people = try await LoadGenerator.members(count: members, base: base, run: String(UUID().uuidString.prefix(8)).lowercased())
        let requests = LoadGenerator.mix(members: people, weights: weights)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        for perSecond in rate {
            FileHandle.standardError.write(Data("load: \(perSecond) requests/s over \(connections) connections for \(warmup) + \(duration) s\n".utf8))
            let report = try await LoadGenerator.run(LoadGenerator.Plan(
                host: host, port: components.port ?? 80, connections: connections, rate: perSecond,
                duration: .seconds(warmup + duration), warmup: .seconds(warmup), requests: requests, threads: threads
            ))
            // One line per rate, written as it finishes (make bench-load stops early on misses).
            FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
        }
    }
}
