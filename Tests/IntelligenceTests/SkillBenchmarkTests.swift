@testable import Intelligence
import Testing
@testable import Tools

/// The benchmark's files read as its readme says, and its ranking figures as its paper defines them.
@Suite struct SkillBenchmarkTests {
    @Test func sentencesGroupTheirLabelsAndDropSpansWithoutASkill() throws {
        let csv = """
        sentence,span,sub_span,label
        django postgresql redis,django,,LABEL NOT PRESENT
        django postgresql redis,postgresql,,PostgreSQL
        "write code, test it",code,,develop software
        only vague,vague,,UNDERSPECIFIED
        django postgresql redis,redis,,NoSQL
        "write code, test it",test,,Develop software

        """
        let sentences = try SkillBenchmark.sentences(csv: csv)
        #expect(sentences == [
            .init(text: "django postgresql redis", labels: ["postgresql", "nosql"]),
            .init(text: "write code, test it", labels: ["develop software"]),
        ], "in first-seen order, lowercased, repeats once; a sentence with no skill is left out")
        #expect(throws: (any Error).self) { try SkillBenchmark.sentences(csv: "text,skills\na,b\n") }
    }

    @Test func rPrecisionAtKAndReciprocalRankPerSentence() {
        var ranking = LabelRanking(k: 5)
        // Two gold labels, one of them second: RP@5 = 1 / min(5, 2), reciprocal rank 1/2.
        ranking.add(ranked: ["a", "b", "a", "c"], gold: ["b", "z"])
        // Seven gold labels, the first five listed all gold: RP@5 = 5 / 5, reciprocal rank 1.
        ranking.add(ranked: ["1", "2", "3", "4", "5", "6"], gold: ["1", "2", "3", "4", "5", "6", "7"])
        // Nothing found: 0 and 0.
        ranking.add(ranked: [], gold: ["x"])
        #expect(ranking.sentences == 3)
        #expect(abs(ranking.rPrecision - (0.5 + 1 + 0) / 3) < 1e-12)
        #expect(abs(ranking.meanReciprocalRank - (0.5 + 1 + 0) / 3) < 1e-12)
    }
}
