@testable import Intelligence
import Testing

@Suite struct LearningBlendTests {
    static func resource(_ skills: [Int], level: Int, completions: Int = 0, title: String, vector: [Float]? = nil) -> LearningBlend.Resource {
        .init(skills: skills, level: level, vector: vector, completions: completions, title: title)
    }

    static let resources = [
        resource([1], level: 3, completions: 2, title: "SQL in practice"),        // 0: the important gap, one step up
        resource([1], level: 5, completions: 9, title: "Advanced SQL tuning"),    // 1: the same gap, a stretch
        resource([2], level: 2, completions: 1, title: "Intro to Git"),           // 2: a minor gap
        resource([9], level: 2, completions: 40, title: "Team communication"),    // 3: no gap, popular
        resource([1], level: 3, completions: 0, title: "SQL  in Practice!"),      // 4: a duplicate of 0
        resource([1], level: 2, completions: 5, title: "SQL basics"),             // 5: below what the member has
    ]

    static let gaps = [LearningBlend.Gap(skill: 1, importance: 1, currentLevel: 2, targetLevel: 4),
                       LearningBlend.Gap(skill: 2, importance: 0.4, currentLevel: 0, targetLevel: 2)]

    @Test func aNewMemberGetsTheirMostImportantGapAtTheRightLevelFirst() {
        let member = LearningBlend.Member(gaps: Self.gaps, collaborative: nil, profile: nil, done: [])
        let ranked = LearningBlend().rank(member, resources: Self.resources, limit: 4)
        #expect(ranked.map(\.resource) == [0, 1, 2, 3], "the duplicate (4) is skipped; the level-2 course teaches nothing new")
        #expect(ranked[0].reasons.first == .closesGap(skill: 1))
        #expect(ranked[3].reasons == [.popular])
        #expect(ranked.allSatisfy { $0.score > 0 && $0.score <= 1 })
    }

    @Test func similarMembersLiftWhatTheyCompletedAndDoneResourcesNeverReturn() {
        let collaborative: [Float?] = [0.1, 0.2, 0.9, 0.0, 0.1, 0.1]
        let member = LearningBlend.Member(gaps: Self.gaps, collaborative: collaborative, profile: nil, done: [0])
        let ranked = LearningBlend().rank(member, resources: Self.resources, limit: 6)
        #expect(!ranked.contains { $0.resource == 0 })
        #expect(ranked.first?.resource == 2)
        #expect(ranked.first?.reasons.first == .similarMembers)
        #expect(ranked.contains { $0.resource == 4 }, "with 0 done, its twin may be listed")
    }

    @Test func aResourceTheModelHasNotSeenIsJudgedOnTheOtherSignals() {
        let collaborative: [Float?] = [nil, 0.0, 0.0, 1.0, 0.0, 0.0]
        let member = LearningBlend.Member(gaps: Self.gaps, collaborative: collaborative, profile: nil, done: [])
        let ranked = LearningBlend().rank(member, resources: Self.resources, limit: 2)
        #expect(ranked.map(\.resource).contains(0), "new since training, but it closes the main gap")
    }

    @Test func closeToTheProfileCountsWhenVectorsExist() {
        let near = Self.resource([7], level: 2, title: "Kotlin for Android", vector: [1, 0])
        let far = Self.resource([8], level: 2, title: "Pottery", vector: [-0.28, 0.96])
        let member = LearningBlend.Member(gaps: [], collaborative: nil, profile: [0.96, 0.28], done: [])
        let ranked = LearningBlend().rank(member, resources: [far, near], limit: 2)
        #expect(ranked.map(\.resource) == [1], "nothing speaks for the other one")
        #expect(ranked[0].reasons == [.nearProfile])
    }

    @Test func nearDuplicatesTeachTheSameSkillsAtTheSameLevelInNearlyTheSameWords() {
        let a = Self.resource([1], level: 3, title: "SQL in practice", vector: [1, 0])
        let twin = Self.resource([1], level: 3, title: "Practical SQL", vector: [0.99, 0.141])
        let deeper = Self.resource([1], level: 4, title: "Practical SQL II", vector: [0.99, 0.141])
        let member = LearningBlend.Member(gaps: [.init(skill: 1, importance: 1, currentLevel: 2, targetLevel: 4)], collaborative: nil, profile: nil, done: [])
        #expect(LearningBlend().rank(member, resources: [a, twin, deeper], limit: 3).map(\.resource) == [0, 2])
    }
}
