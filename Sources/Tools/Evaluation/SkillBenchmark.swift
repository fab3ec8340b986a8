import Core
import Foundation
import Intelligence

/// The public ESCO skill-extraction benchmark of Decorte et al. (TECH and HOUSE: SkillSpan
/// postings' spans linked to ESCO 1.1 skills; TECHWOLF: sentence-level labels), read from its
/// upstream CSV files (`sentence,span,sub_span,label`): each sentence with the set of its ESCO
/// preferred labels, lowercased (labels are compared case-insensitively). Spans marked
/// `LABEL NOT PRESENT` or `UNDERSPECIFIED` name no skill; a sentence counts when it has a label.
public enum SkillBenchmark {
    public struct Sentence: Sendable, Equatable {
        public let text: String
        public let labels: Set<String>
    }

    /// The benchmark's files: TECH, HOUSE and TECHWOLF (which has no validation file).
    public static let sets: [(name: String, file: String)] = [("TECH", "tech"), ("HOUSE", "house"), ("TECHWOLF", "techwolf")]

    static let noSkill: Set<String> = ["label not present", "underspecified"]

    /// The labelled sentences of one file, in the order they first appear.
    public static func sentences(csv text: String) throws(DomainError) -> [Sentence] {
        let table = CSVTable(text)
        guard table.has(column: "sentence"), table.has(column: "label") else {
            throw .invalid(field: "file", reason: "needs the columns sentence and label")
        }
        var order: [String] = [], labels: [String: Set<String>] = [:]
        for row in table.rows {
            guard case .record(let record) = row else { continue }
            guard let sentence = table.value("sentence", in: record) else { continue }
            if labels[sentence] == nil { order.append(sentence); labels[sentence] = [] }
            if let label = table.value("label", in: record)?.lowercased(), !noSkill.contains(label) {
                labels[sentence, default: []].insert(label)
            }
        }
        return order.compactMap { text in labels[text].flatMap { $0.isEmpty ? nil : Sentence(text: text, labels: $0) } }
    }
}

/// A ranked list of labels against each sentence's gold labels, as the benchmark's paper reports
/// it: R-precision@K (the gold labels among the first K, over the fewer of K and the number of
/// gold labels) and mean reciprocal rank of the first gold label (0 when none is listed).
public struct LabelRanking: Sendable, Equatable {
    public let k: Int
    public private(set) var sentences = 0
    private var rPrecisionSum = 0.0
    private var reciprocalRankSum = 0.0

    public init(k: Int = 5) { self.k = k }

    public var rPrecision: Double { sentences == 0 ? 0 : rPrecisionSum / Double(sentences) }
    public var meanReciprocalRank: Double { sentences == 0 ? 0 : reciprocalRankSum / Double(sentences) }

    /// One sentence: its ranked labels (best first; repeats count once) and its gold labels.
    public mutating func add(ranked: [String], gold: Set<String>) {
        guard !gold.isEmpty else { return }
        var seen: Set<String> = [], list: [String] = []
        for label in ranked where seen.insert(label).inserted { list.append(label) }
        sentences += 1
        rPrecisionSum += Double(list.prefix(k).filter(gold.contains).count) / Double(min(k, gold.count))
        if let rank = list.firstIndex(where: gold.contains) { reciprocalRankSum += 1 / Double(rank + 1) }
    }
}
