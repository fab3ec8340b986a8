import Foundation
@testable import Intelligence
import Testing

@Suite struct SkillGapAnalysisTests {
    @Test func gapsRankByImportanceAndShortfall() {
        let (essential, optional, asked, held) = (UUID(), UUID(), UUID(), UUID())
        let requirements = [
            SkillGapAnalysis.Requirement(skillID: optional, relation: .optional, postings: 0, postingLevel: nil),
            .init(skillID: essential, relation: .essential, postings: 4, postingLevel: 4),
            .init(skillID: asked, relation: nil, postings: 2, postingLevel: nil),
            .init(skillID: held, relation: .essential, postings: 4, postingLevel: 3),
        ]
        let gaps = SkillGapAnalysis.rank(requirements, postingsConsidered: 4, holdings: [
            essential: .init(level: 2, verifiedLevel: 2, verification: "peer"),
            held: .init(level: 4, verifiedLevel: 1, verification: "self"),
        ])
        #expect(gaps.map(\.requirement.skillID) == [essential, optional, asked, held])
        #expect(gaps.map(\.status) == [.below, .missing, .missing, .met])
        #expect(gaps[0].importance == 1 && gaps[0].targetLevel == 4 && gaps[0].shortfall == 2 && gaps[0].score == 0.5)
        #expect(abs(gaps[1].importance - 0.24) < 1e-9 && gaps[1].targetLevel == 2, "optional in the taxonomy, asked by no posting")
        #expect(abs(gaps[2].importance - 0.2) < 1e-9 && gaps[2].targetLevel == 3, "asked by half the postings, not in the taxonomy")
        #expect(gaps[3].score == 0)
    }

    @Test func withoutPostingsTheTaxonomyAloneDecides() {
        let skill = UUID()
        let gaps = SkillGapAnalysis.rank([.init(skillID: skill, relation: .essential, postings: 0, postingLevel: nil)], postingsConsidered: 0, holdings: [:])
        #expect(gaps.first?.importance == 1 && gaps.first?.status == .missing && gaps.first?.targetLevel == 3)
    }
}
