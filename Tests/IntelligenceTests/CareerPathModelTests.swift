@testable import Intelligence
import Testing
@testable import Tools

@Suite struct CareerPathModelTests {
    // Roles: 0 developer, 1 architect, 2 tester, 3 data analyst, 4 nurse.
    static let roleSkills = [[1, 2, 3, 4], [2, 3, 4, 5], [1, 6, 7], [8, 9], [10, 11]]

    @Test func aWellObservedRoleFollowsItsData() {
        let moves = (0..<10).map { CareerPathModel.Move(from: 0, to: 2, months: Double(20 + $0)) } + [.init(from: 0, to: 1, months: 40)]
        let model = CareerPathModel(moves: moves, roleSkills: Self.roleSkills)
        let next = model.next(from: 0, limit: 10)
        #expect(next.map(\.role) == [2, 1])
        #expect(next[0].observed == 10 && next[0].typicalMonths == 24.5)
        #expect(next[1].typicalMonths == 40)
        // Counts dominate a prior of mass 2: 10 of 11 moves, moved a little towards the similar architect role.
        #expect(next[0].probability > 0.7 && next[0].probability < 10.0 / 11)
        #expect(abs(next.map(\.probability).reduce(0, +) - 1) < 1e-9)
    }

    @Test func anUnseenRoleBacksOffToTheRolesMostLikeIt() {
        let moves = [CareerPathModel.Move(from: 2, to: 3, months: 30)]
        let model = CareerPathModel(moves: moves, roleSkills: Self.roleSkills)
        let next = model.next(from: 1)
        #expect(next.map(\.role) == [0], "only the developer shares skills with the architect (three of five)")
        #expect(abs(next[0].probability - 1) < 1e-9 && abs(next[0].similarity - 0.6) < 1e-9)
        #expect(next[0].observed == 0 && next[0].typicalMonths == 30, "no move out of the role nor into the developer's: the median of all moves")
        // An unseen move takes as long as moves into its target took, each target its own.
        let into = CareerPathModel(moves: [.init(from: 2, to: 0, months: 18), .init(from: 2, to: 1, months: 50), .init(from: 3, to: 1, months: 54)],
                                   roleSkills: Self.roleSkills).next(from: 0, limit: 5)
        #expect(into.first { $0.role == 1 }?.typicalMonths == 52, "\(into)")
        #expect(model.next(from: 4).isEmpty, "no data and no similar role: nothing to say")
    }

    @Test func moreSmoothingLeansOnSimilarity() {
        let moves = [CareerPathModel.Move(from: 0, to: 3, months: 12)]
        let light = CareerPathModel(moves: moves, roleSkills: Self.roleSkills, smoothing: 0.5).next(from: 0)
        let heavy = CareerPathModel(moves: moves, roleSkills: Self.roleSkills, smoothing: 20).next(from: 0)
        #expect(light.first?.role == 3)
        #expect(heavy.first?.role == 1)
    }

    /// Someone in a role nobody has left yet: the baseline guesses the most common destinations;
    /// the model looks at where members in similar roles went.
    @Test func leaveOneOutCreditsTheBackOff() {
        // 5 shares most skills with 0 (developer), whose members moved to 1 (architect).
        let skills = Self.roleSkills + [[1, 2, 3, 12], [13], [14]]
        func move(_ from: Int, _ to: Int) -> CareerPathModel.Move { .init(from: from, to: to, months: 24) }
        let careers = [[move(0, 1)], [move(0, 1)], [move(6, 3)], [move(6, 3)], [move(6, 3)], [move(7, 4)], [move(7, 4)], [move(7, 4)], [move(5, 1)]]
        let result = CareerPathModel.evaluate(careers: careers, roleSkills: skills, k: 2)
        #expect(result.cases == 9)
        // Every member but the last has others who made the same move; the last is found only by the model.
        #expect(abs(result.baselineAccuracy - 8.0 / 9) < 1e-9)
        #expect(result.accuracy == 1)
        #expect(CareerPathModel.mostFrequent(after: 5, in: careers.dropLast().flatMap { $0 }, k: 2) == [3, 4])
    }
}
