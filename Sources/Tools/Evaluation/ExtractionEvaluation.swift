import Foundation
import Intelligence

/// Precision, recall and F1 of skill extraction over labelled sentences (micro-averaged: every
/// labelled skill and every found skill counts once).
public struct ExtractionEvaluation: Sendable, Equatable {
    public struct Sentence: Sendable, Codable, Equatable {
        public let text: String
        public let skills: [String]

        public init(text: String, skills: [String]) {
            self.text = text
            self.skills = skills
        }
    }

    public var sentences = 0
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0

    public init() {}

    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }

    /// Reads JSON lines of `{"text": …, "skills": [ESCO URI, …]}`.
    public static func sentences(jsonLines data: Data) throws -> [Sentence] {
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).filter { !$0.allSatisfy { $0 == 32 || $0 == 13 } }.map {
            try decoder.decode(Sentence.self, from: Data($0))
        }
    }

    public static func run(_ sentences: [Sentence], extract: (String) -> [String]) -> ExtractionEvaluation {
        var result = ExtractionEvaluation()
        for sentence in sentences {
            let expected = Set(sentence.skills)
            let found = Set(extract(sentence.text))
            result.sentences += 1
            result.truePositives += expected.intersection(found).count
            result.falsePositives += found.subtracting(expected).count
            result.falseNegatives += expected.subtracting(found).count
        }
        return result
    }
}
