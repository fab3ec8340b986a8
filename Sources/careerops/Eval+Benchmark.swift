import App
import Foundation
import Intelligence
import Tools

extension Eval.Extraction {
    /// The ESCO skill-extraction benchmark (Decorte et al.), sentence by sentence through the
    /// analyzer as `POST /api/v1/jobs/analyze` runs it: precision, recall and F1 of the skills it
    /// returns and R-precision@5 and MRR of its list ranked by confidence, beside a plain
    /// bi-encoder computed in the same run (the same encoder, each sentence against every skill's
    /// preferred label, ranked by cosine; its MRR counts the first 100 labels).
    func runBenchmark(_ folder: String) async throws {
        guard ["test", "validation"].contains(split) else { throw Runtime.fail("--split must be test or validation") }
        var sets: [(name: String, sentences: [SkillBenchmark.Sentence])] = []
        for (name, file) in SkillBenchmark.sets {
            let path = (folder as NSString).appendingPathComponent("\(file)_\(split)_annotations.csv")
            guard FileManager.default.fileExists(atPath: path) else { continue }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw Runtime.fail("cannot read \(path)") }
            sets.append((name, try SkillBenchmark.sentences(csv: text)))
        }
        guard !sets.isEmpty else { throw Runtime.fail("no \(split) files of the benchmark in \(folder) (tech_\(split)_annotations.csv, …)") }
        try await Runtime.with { platform in
            try await Runtime.prepareCatalog(platform)
            let analyzer = try await platform.skillIndex.analyzer()
            guard analyzer.usesEncoder, let encoder = platform.embeddings.encoder else { throw Runtime.fail("no text encoder; run `make model`") }
            let vectors = try await platform.embeddings.index(.skill)
            // The benchmark's gold labels are ESCO's: technologies the analyzer names ("Kubernetes") are not
            // among them and are left out of what it is scored on, and the bi-encoder ranks ESCO's skills only.
            let labels = Dictionary(analyzer.index.entries.filter { !$0.isTechnology }.map { ($0.skillID, $0.label.lowercased()) }) { first, _ in first }
            func esco(_ hits: [SkillPhraseIndex.Hit]) -> [String] { hits.filter { !$0.isTechnology }.map { $0.label.lowercased() } }
            if !json {
                Runtime.say("ESCO skill-extraction benchmark (Decorte et al.), \(split) files; labels compared case-insensitively; \(labels.count) skills in the catalog")
                Runtime.say("set              sent. | analyzer: precision  recall     F1   RP@5    MRR  ms/sentence | bi-encoder: RP@5    MRR")
            }
            var figures: [String: [String: Double]] = [:]
            for (name, sentences) in sets {
                let clock = ContinuousClock()
                var ranking = LabelRanking(k: 5)
                var found: [String: [String]] = [:]
                let elapsed = clock.measure {
                    for sentence in sentences {
                        // The claimed skills by confidence, then the suggestions: the list a reader sees.
                        let analysis = try? analyzer.analyze(sentence.text)
                        let claimed = esco((analysis?.skills ?? []).sorted { $0.confidence > $1.confidence })
                        found[sentence.text] = claimed
                        ranking.add(ranked: claimed + esco(analysis?.suggestions ?? []), gold: sentence.labels)
                    }
                }
                let extraction = ExtractionEvaluation.run(sentences.map { .init(text: $0.text, skills: Array($0.labels)) }) { found[$0] ?? [] }
                var baseline = LabelRanking(k: 5)
                for start in stride(from: 0, to: sentences.count, by: 32) {
                    let batch = Array(sentences[start..<min(start + 32, sentences.count)])
                    for (sentence, vector) in zip(batch, encoder.encode(batch.map(\.text))) {
                        baseline.add(ranked: Array(vectors.nearest(vector, k: 200).compactMap { labels[$0.id] }.prefix(100)), gold: sentence.labels)
                    }
                }
                let milliseconds = elapsed / .milliseconds(1) / Double(max(1, sentences.count))
                figures[name.lowercased()] = [
                    "sentences": Double(sentences.count), "precision": extraction.precision, "recall": extraction.recall, "f1": extraction.f1,
                    "rp_at_5": ranking.rPrecision, "mrr": ranking.meanReciprocalRank, "ms_per_sentence": milliseconds,
                    "baseline_rp_at_5": baseline.rPrecision, "baseline_mrr": baseline.meanReciprocalRank,
                ]
                if json { continue }
                Runtime.say(String(format: "%@ %5d |          %9.3f %7.3f %6.3f %6.3f %6.3f %12.1f |             %6.3f %6.3f",
                                   "\(name) \(split)".padding(toLength: 16, withPad: " ", startingAt: 0) as NSString, sentences.count, extraction.precision, extraction.recall, extraction.f1,
                                   ranking.rPrecision, ranking.meanReciprocalRank, milliseconds,
                                   baseline.rPrecision, baseline.meanReciprocalRank))
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                Runtime.say(String(decoding: try encoder.encode(figures), as: UTF8.self))
            }
        }
    }
}
