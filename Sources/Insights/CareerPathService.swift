import Career
import Core
import Foundation
import Intelligence

/// A likely next role, how members get there, and what it asks that the member lacks.
public struct CareerPath: Sendable, Equatable {
    public let occupation: OccupationRef
    public let probability: Double
    public let typicalMonths: Int
    /// Members in the data who made exactly this move.
    public let observedMoves: Int
    /// Share of essential skills the two roles have in common.
    public let similarity: Double
    /// The role's essential skills the member does not hold yet.
    public let skillsToGain: [SkillRef]
    /// How many of the role's essential skills the member already holds.
    public let skillsHeld: Int

    public init(occupation: OccupationRef, probability: Double, typicalMonths: Int, observedMoves: Int, similarity: Double,
                skillsToGain: [SkillRef], skillsHeld: Int) {
        self.occupation = occupation
        self.probability = probability
        self.typicalMonths = typicalMonths
        self.observedMoves = observedMoves
        self.similarity = similarity
        self.skillsToGain = skillsToGain
        self.skillsHeld = skillsHeld
    }
}

public struct CareerPathReport: Sendable, Equatable {
    public let origin: OccupationRef
    /// "uri", "title", "similarity" (a free-text role) or "profile" (the member's current position).
    public let resolvedBy: String
    public let paths: [CareerPath]

    public init(origin: OccupationRef, resolvedBy: String, paths: [CareerPath]) {
        self.origin = origin
        self.resolvedBy = resolvedBy
        self.paths = paths
    }
}

/// Career paths: next roles with probabilities from every member's work history (see
/// `CareerPathModel`), rebuilt at most every ten minutes; essential skills come from the taxonomy.
public actor CareerPathService {
    nonisolated let store: any InsightStore
    nonisolated let career: any CareerStore
    nonisolated let gaps: SkillGapService
    nonisolated let clock: any WallClock
    private var built: Built?

    static let maximumAge: TimeInterval = 600

    struct Built: Sendable {
        let model: CareerPathModel
        /// Occupation → role ordinal, and back.
        let ordinal: [UUID: Int]
        let occupations: [UUID]
        let refs: [UUID: OccupationRef]
        let at: Date
    }

    public init(store: any InsightStore, career: any CareerStore, gaps: SkillGapService, clock: any WallClock) {
        self.store = store
        self.career = career
        self.gaps = gaps
        self.clock = clock
    }

    /// Next roles for a member: from `from` (an occupation URI, a title the catalog knows, or any
    /// title resolved by meaning), or from the member's current position when nil.
    func paths(of userID: UUID, from: String?, limit: Int = 5) async throws -> CareerPathReport {
        guard (1...20).contains(limit) else { throw DomainError.invalid(field: "limit", reason: "must be between 1 and 20") }
        let origin: OccupationRef, resolvedBy: String
        if let from {
            let target = try await gaps.resolve(from)
            (origin, resolvedBy) = (target.occupation, target.resolvedBy)
        } else {
            let current = try await career.profile(of: userID)?.experiences.filter { $0.occupation != nil }.max { $0.startedOn < $1.startedOn }
            guard let occupation = current?.occupation else {
                throw DomainError.invalid(field: "from", reason: "is needed: no position in your work history names a known role")
            }
            (origin, resolvedBy) = (occupation, "profile")
        }
        let built = try await model()
        guard let role = built.ordinal[origin.id] else { return CareerPathReport(origin: origin, resolvedBy: resolvedBy, paths: []) }
        let predictions = built.model.next(from: role, limit: limit)
        let targets = predictions.map { built.occupations[$0.role] }
        let held = Set(try await career.skills(of: userID).heldWithConcepts.keys)
        let skills = Dictionary(grouping: try await store.roleSkills(of: targets).filter { $0.relation == .essential }, by: \.occupationID)
        let paths = zip(predictions, targets).compactMap { prediction, target -> CareerPath? in
            guard let occupation = built.refs[target] else { return nil }
            let needed = (skills[target] ?? []).map(\.skill)
            return CareerPath(occupation: occupation, probability: (prediction.probability * 1000).rounded() / 1000,
                              typicalMonths: Int(prediction.typicalMonths.rounded()), observedMoves: prediction.observed,
                              similarity: (prediction.similarity * 1000).rounded() / 1000,
                              skillsToGain: needed.filter { !held.contains($0.id) }, skillsHeld: needed.filter { held.contains($0.id) }.count)
        }
        return CareerPathReport(origin: origin, resolvedBy: resolvedBy, paths: paths)
    }

    /// The model, rebuilt when older than `maximumAge`.
    func model() async throws -> Built {
        if let built, clock.now().timeIntervalSince(built.at) < Self.maximumAge { return built }
        let fresh = try await Self.build(store: store, at: clock.now())
        built = fresh
        return fresh
    }

    static func build(store: any InsightStore, at now: Date) async throws -> Built {
        let data = try await TrainingData.load(from: store)
        let refs = Dictionary(try await store.occupationLabels().map { ($0.id, OccupationRef(id: $0.id, uri: $0.uri, label: $0.label)) }) { a, _ in a }
        return Built(model: CareerPathModel(moves: data.careers.flatMap { $0 }, roleSkills: data.roleSkills), ordinal: data.ordinal,
                     occupations: data.occupations, refs: refs, at: now)
    }

    /// Roles as ordinals with their essential skills (as ordinals too), and each member's moves.
    package struct TrainingData {
        var ordinal: [UUID: Int] = [:]
        var occupations: [UUID] = []
        package var roleSkills: [[Int]] = []
        package var careers: [[CareerPathModel.Move]] = []

        mutating func role(_ id: UUID) -> Int {
            if let known = ordinal[id] { return known }
            ordinal[id] = occupations.count
            occupations.append(id)
            roleSkills.append([])
            return occupations.count - 1
        }

        package static func load(from store: any InsightStore) async throws -> TrainingData {
            var data = TrainingData(), skillOrdinal: [UUID: Int] = [:]
            for link in try await store.essentialSkillLinks() {
                let skill = skillOrdinal[link.skillID] ?? skillOrdinal.count
                skillOrdinal[link.skillID] = skill
                data.roleSkills[data.role(link.occupationID)].append(skill)
            }
            for career in CareerPathService.careers(try await store.workHistories()) {
                data.careers.append(career.map { CareerPathModel.Move(from: data.role($0.from), to: data.role($0.to), months: $0.months) })
            }
            return data
        }
    }

    /// Moves are consecutive positions whose roles are known and differ; a move's months are the
    /// time from starting the first position to starting the next. Each member's moves in time
    /// order, members by id.
    static func careers(_ history: [HeldRole]) -> [[(from: UUID, to: UUID, months: Double)]] {
        let byMember = Dictionary(grouping: history.filter { $0.occupationID != nil }, by: \.userID)
        return byMember.keys.sorted().map { member in
            let positions = byMember[member]!.sorted { $0.startedOn < $1.startedOn }
            return zip(positions, positions.dropFirst()).compactMap { from, to in
                guard let a = from.occupationID, let b = to.occupationID, a != b else { return nil }
                return (a, b, max(0, to.startedOn.date.timeIntervalSince(from.startedOn.date)) / (30.44 * 86_400))
            }
        }
    }
}
