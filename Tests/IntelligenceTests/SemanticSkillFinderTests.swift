import Foundation
@testable import Intelligence
import Testing

/// Encoder similarity finds skills a text names in other words, where catalog phrases do not.
@Suite struct SemanticSkillFinderTests {
    @Test func candidatesAreRunsOfContentWordsAndTheirSpans() {
        let text = "You will keep patient records up to date, and Python."
        let tokens = PhraseTokens.tokens(text)
        let python = (text as NSString).range(of: "Python")
        let candidates = SemanticSkillFinder.candidates(in: text, tokens: tokens, covered: [python.location..<(python.location + python.length)])
        let texts = candidates.map(\.text)
        #expect(texts.contains("keep patient records"))
        #expect(texts.contains("patient records"))
        #expect(!texts.contains { $0.contains("will") || $0.contains("Python") || $0.contains("date") && $0.contains("records") },
                "function words and punctuation end a phrase; what phrases explained is left out")
    }

    @Test func aParaphraseFindsItsSkill() throws {
        let encoder = try #require(EncoderParityTests.encoder, "the model is missing: run `make model`")
        let labels = ["monitor patient's vital signs", "perform backups", "bake goods", "manage a team"]
        let index = SkillPhraseIndex(labels.map { .init(skillID: UUID(), uri: "esco:\($0)", label: $0, alternatives: []) })
        let vectors = VectorIndex(entries: Array(zip(0..., encoder.encode(labels))))
        let analyzer = JobDescriptionAnalyzer(index: index, semantic: SemanticSkillFinder(skills: vectors, encoder: encoder))
        let text = "Monitor vital signs of every patient on the ward. Perform regular backups of the servers."
        let hits = analyzer.skills(in: text)
        #expect(hits.map(\.uri) == ["esco:monitor patient's vital signs", "esco:perform backups"])
        #expect(hits.allSatisfy { $0.confidence < 0.9 }, "similarity counts for less than a catalog label")
        let words = hits.map { (text as NSString).substring(with: NSRange(location: $0.range.lowerBound, length: $0.range.count)) }
        #expect(words[0].contains("vital signs"))
        #expect(JobDescriptionAnalyzer(index: index).skills(in: text).isEmpty, "phrases alone find neither")
    }
}
