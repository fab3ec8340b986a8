import App
import ArgumentParser
import Career
import Foundation
import Insights
import Intelligence
import Tools

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure the platform's models on labelled data.", subcommands: [Extraction.self, Recommender.self, Paths.self, Forecast.self])

    struct Extraction: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Precision, recall and F1 of job-description skill extraction on labelled sentences (JSON lines of text and ESCO URIs)."
        )

        @Option(help: "The labelled sentences.") var file = "Tests/IntelligenceTests/Fixtures/jd-skills.jsonl"
        @Option(help: "Encoder similarity thresholds to report, comma-separated.") var thresholds = "0.78,0.82,0.84,0.86,0.90"
        @Flag(help: "Print each sentence's wrong and missed skills (with the default threshold).") var showErrors = false
        @Option(help: "The ESCO skill-extraction benchmark's folder (its CSV files): TECH, HOUSE and TECHWOLF instead of --file.") var benchmark: String?
        @Option(help: "With --benchmark: test or validation (tune on validation, report on test).") var split = "test"
        @Flag(help: "With --benchmark: print the figures as JSON.") var json = false

        func run() async throws {
            if let benchmark { return try await runBenchmark(benchmark) }
            guard let data = FileManager.default.contents(atPath: file) else { throw Runtime.fail("cannot read \(file)") }
            let sentences = try ExtractionEvaluation.sentences(jsonLines: data)
            let levels = thresholds.split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
            try await Runtime.with { platform in
                try await Runtime.prepareCatalog(platform)
                let analyzer = try await platform.skillIndex.analyzer()
                func report(_ name: String, _ analyzer: JobDescriptionAnalyzer) {
                    let clock = ContinuousClock()
                    var result = ExtractionEvaluation()
                    let elapsed = clock.measure { result = ExtractionEvaluation.run(sentences) { analyzer.skills(in: $0).map(\.uri) } }
                    Runtime.say(String(format: "%-28@ precision %.3f  recall %.3f  F1 %.3f  (tp %d, fp %d, fn %d; %.1f ms/sentence)",
                                       name as NSString, result.precision, result.recall, result.f1, result.truePositives, result.falsePositives,
                                       result.falseNegatives, elapsed / .milliseconds(1) / Double(max(1, sentences.count))))
                }
                Runtime.say("\(sentences.count) sentences, \(sentences.map(\.skills.count).reduce(0, +)) labelled skills")
                report("phrases only", analyzer.with(threshold: nil))
                guard analyzer.usesEncoder else { throw Runtime.fail("no text encoder; run `make model`") }
                for level in levels { report(String(format: "phrases + encoder ≥ %.2f", level), analyzer.with(threshold: level)) }
                if showErrors {
                    let labels = Dictionary(analyzer.index.entries.map { ($0.uri, $0.label) }) { a, _ in a }
                    for sentence in sentences {
                        let hits = analyzer.skills(in: sentence.text)
                        let found = Set(hits.map(\.uri)), expected = Set(sentence.skills)
                        guard found != expected else { continue }
                        Runtime.say("· \(sentence.text)")
                        for hit in hits where !expected.contains(hit.uri) {
                            let words = (sentence.text as NSString).substring(with: NSRange(location: hit.range.lowerBound, length: hit.range.count))
                            Runtime.say(String(format: "    wrong  %@ ← \"%@\" (%.2f)", hit.label, words, hit.confidence))
                        }
                        for uri in expected.subtracting(found) { Runtime.say("    missed \(labels[uri] ?? uri)") }
                    }
                }
            }
        }
    }
}

extension Runtime {
    /// Migrations, the bundled taxonomy when the catalog is empty, and the catalog's vectors
    /// (encoded once, then read from the database).
    static func prepareCatalog(_ platform: Platform) async throws {
        try await platform.persistence.migrateUp()
        _ = try await platform.ensureTaxonomy { say("careerops: taxonomy: \($0)", toError: true) }
        for owner in [VectorOwner.skill, .occupation] {
            let encoded = try await platform.embeddings.refresh(owner)
            if encoded > 0 { say("careerops: encoded \(encoded) \(owner.rawValue) labels (kept for next time)", toError: true) }
        }
    }
}
