import Core
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
        let texts = candidates.map { (text as NSString).substring(with: NSRange(location: $0.range.lowerBound, length: $0.range.count)) }
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


/// What one request may cost the encoder: at most the budget of distinct phrases, whatever the
/// text; a text of words no label uses costs nothing; a text over the word limit is refused.
@Suite struct AnalysisBudgetTests {
    final class CountingEncoder: TextEncoding, @unchecked Sendable {
        private let lock = NSLock()
        private var encoded = 0
        var count: Int { lock.withLock { encoded } }

        func encode(_ texts: [String]) -> [[Float]] {
            lock.withLock { encoded += texts.count }
            return texts.map { _ in AnalysisBudgetTests.unit(0) }
        }
    }

    static func unit(_ axis: Int) -> [Float] {
        var vector = [Float](repeating: 0, count: MiniLMEncoder.dimensions)
        vector[axis] = 1
        return vector
    }

    static let labels = ["cultivate orchids", "repair bicycles", "translate poetry", "negotiate contracts", "calibrate sensors", "design bridges"]

    @Test func aLongTextOfCatalogWordsCostsTheBudgetAndNoMore() throws {
        let index = SkillPhraseIndex(Self.labels.map { .init(skillID: UUID(), uri: "esco:\($0)", label: $0, alternatives: []) })
        let encoder = CountingEncoder()
        let finder = SemanticSkillFinder(skills: VectorIndex(entries: [(0, Self.unit(1))]), encoder: encoder, vocabulary: index.vocabulary, budget: 24)
        let analyzer = JobDescriptionAnalyzer(index: index, semantic: finder)
        var random = SeededGenerator(seed: 3)
        let words = index.vocabulary.sorted()
        let text = (0..<JobDescriptionAnalyzer.maximumWords).map { words.randomElement(using: &random)! + ($0 % 9 == 8 ? "." : "") }.joined(separator: " ")
        _ = try analyzer.analyze(text)
        #expect(encoder.count <= 24, "\(encoder.count) phrases encoded, and no sentence besides: the phrases spent the budget")
        #expect(encoder.count > 0)

        // Random letters (the review's 7,000 six-letter words): refused over the word limit, and
        // within it nothing to encode.
        let noise = (0..<7_000).map { _ in String((0..<6).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement(using: &random)! }) }
        #expect(throws: DomainError.invalid(field: "text", reason: "must be at most 5000 words")) { try analyzer.analyze(noise.joined(separator: " ")) }
        let before = encoder.count
        _ = try analyzer.analyze(noise.prefix(5_000).joined(separator: " "))
        #expect(encoder.count == before, "words of no label are not encoded")
    }

    /// A sentence's vector is one axis, its phrases' another: what the sentence is about as a whole
    /// is suggested (best first, with the sentence as evidence), though no phrase names it.
    final class SentenceEncoder: TextEncoding {
        func encode(_ texts: [String]) -> [[Float]] {
            texts.map { AnalysisBudgetTests.unit($0.contains("greenhouse") ? 0 : 5) }
        }
    }

    @Test func aShortTextGetsSuggestionsBesideItsSkills() throws {
        let index = SkillPhraseIndex(Self.labels.map { .init(skillID: UUID(), uri: "esco:\($0)", label: $0, alternatives: []) })
        let finder = SemanticSkillFinder(skills: VectorIndex(entries: [(0, Self.unit(0)), (1, Self.unit(1))]), encoder: SentenceEncoder(),
                                         vocabulary: index.vocabulary, budget: 16)
        let text = "Repair bicycles. We cultivate, translate and calibrate rare flowers in the greenhouse"
        let analysis = try JobDescriptionAnalyzer(index: index, semantic: finder).analyze(text)
        #expect(analysis.skills.map(\.uri) == ["esco:repair bicycles"], "the catalog phrase is claimed")
        #expect(analysis.suggestions.map(\.uri) == ["esco:cultivate orchids"], "the sentence is about orchids; a claimed skill is not suggested again")
        #expect(analysis.suggestions.first?.confidence == 1)
        let evidence = try #require(analysis.suggestions.first?.range)
        #expect((text as NSString).substring(with: NSRange(location: evidence.lowerBound, length: evidence.count)) == "We cultivate, translate and calibrate rare flowers in the greenhouse", "the sentence with most catalog words")
    }
}
