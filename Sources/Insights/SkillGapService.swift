import Career
import Core
import Foundation
import Intelligence

/// A member's skill gap for a target role, as the API shows it.
public struct SkillGapReport: Sendable, Equatable {
    public struct Target: Sendable, Equatable {
        public let occupation: OccupationRef
        /// `uri`, `title` (a label of the occupation) or `similarity` (nearest by the encoder).
        public let resolvedBy: String
        public let similarity: Double?
        /// Other close occupations when resolved by similarity.
        public let alternatives: [OccupationRef]

        public init(occupation: OccupationRef, resolvedBy: String, similarity: Double?, alternatives: [OccupationRef]) {
            self.occupation = occupation
            self.resolvedBy = resolvedBy
            self.similarity = similarity
            self.alternatives = alternatives
        }
    }

    public struct Item: Sendable, Equatable {
        public let skill: SkillRef
        public let status: SkillGapAnalysis.Status
        public let relation: SkillGapAnalysis.Relation?
        public let importance: Double
        public let targetLevel: Int
        public let currentLevel: Int?
        public let verification: String?
        public let postings: Int
        public let evidence: [String]

        public init(skill: SkillRef, status: SkillGapAnalysis.Status, relation: SkillGapAnalysis.Relation?, importance: Double, targetLevel: Int, currentLevel: Int?, verification: String?, postings: Int, evidence: [String]) {
            self.skill = skill
            self.status = status
            self.relation = relation
            self.importance = importance
            self.targetLevel = targetLevel
            self.currentLevel = currentLevel
            self.verification = verification
            self.postings = postings
            self.evidence = evidence
        }
    }

    public let target: Target
    public let postingsConsidered: Int
    /// Share of the role's importance the member already meets, 0–100.
    public let readiness: Int
    public let items: [Item]

    public init(target: Target, postingsConsidered: Int, readiness: Int, items: [Item]) {
        self.target = target
        self.postingsConsidered = postingsConsidered
        self.readiness = readiness
        self.items = items
    }
}

/// Skill gaps: a target role's skills (the taxonomy's essential and optional links, and what
/// open postings for that role ask) against a member's skills, levels and verification.
public struct SkillGapService: Sendable {
    let store: any InsightStore
    let career: any CareerStore
    let embeddings: EmbeddingService
    /// Holds the open postings in memory.
    let matches: MatchService

    public init(store: any InsightStore, career: any CareerStore, embeddings: EmbeddingService, matches: MatchService) {
        self.store = store
        self.career = career
        self.embeddings = embeddings
        self.matches = matches
    }

    /// Below this, the nearest occupation is not the role asked for ("nurse" is not "database
    /// developer" at 0.34, "truck driver" not "sound operator" at 0.45).
    static let minimumSimilarity: Float = 0.5

    /// Resolves the role: an occupation URI, a title the catalog knows, or the nearest
    /// occupations by meaning.
    public func resolve(_ targetRole: String?) async throws -> SkillGapReport.Target {
        let text = try Validate.text(targetRole ?? "", field: "target_role", max: 200)
        if text.hasPrefix("http://") || text.hasPrefix("https://") {
            guard let occupation = try await career.occupation(uri: text) else {
                throw DomainError.invalid(field: "target_role", reason: "is not an occupation in the catalog")
            }
            return .init(occupation: occupation, resolvedBy: "uri", similarity: nil, alternatives: [])
        }
        if let occupation = try await career.occupation(titled: OpportunityService.roleTitle(text)) {
            return .init(occupation: occupation, resolvedBy: "title", similarity: nil, alternatives: [])
        }
        let nearest = try await embeddings.nearestOccupations(to: text, k: 4)
        guard let best = nearest.first, best.score >= Self.minimumSimilarity else {
            throw DomainError.invalid(field: "target_role", reason: "matches no occupation in the catalog; try another title or an ESCO occupation URI")
        }
        return .init(occupation: best.occupation, resolvedBy: "similarity", similarity: (Double(best.score) * 1000).rounded() / 1000,
                     alternatives: nearest.dropFirst().map(\.occupation))
    }

    /// What the member is heading for: the newest active role goal's occupation (with the goal),
    /// else the first target role in their preferences; nil with neither.
    func target(of userID: UUID, goals: [Goal]) async throws -> (goal: Goal?, role: String)? {
        let goal = goals.filter { $0.status == .active && $0.kind == .role && $0.targetOccupation != nil }.max { $0.updatedAt < $1.updatedAt }
        if let uri = goal?.targetOccupation?.uri { return (goal, uri) }
        return try await career.profile(of: userID)?.preferences.targetRoles.first.map { (nil, $0) }
    }

    func gap(of userID: UUID, targetRole: String?, visibleTo filter: OpportunityFilter) async throws -> SkillGapReport {
        let target = try await resolve(targetRole)
        let links = try await store.roleSkills(of: [target.occupation.id])
        let postings = try await matches.openOpportunities().filter {
            $0.occupation?.id == target.occupation.id && OpportunityService.visible($0, to: filter)
        }
        var skills: [UUID: SkillRef] = [:]
        var relation: [UUID: SkillGapAnalysis.Relation] = [:]
        for link in links {
            skills[link.skill.id] = link.skill
            relation[link.skill.id] = link.relation
        }
        var asked: [UUID: (count: Int, levels: [Int])] = [:]
        for posting in postings {
            for need in posting.skills {
                skills[need.skill.id] = need.skill
                asked[need.skill.id, default: (0, [])].count += 1
                if let level = need.minLevel { asked[need.skill.id]!.levels.append(level) }
            }
        }
        // The level postings typically ask (the median), not the most senior one's.
        let requirements = skills.keys.map { id in
            SkillGapAnalysis.Requirement(skillID: id, relation: relation[id], postings: asked[id]?.count ?? 0,
                                         postingLevel: asked[id].flatMap { $0.levels.isEmpty ? nil : $0.levels.sorted()[$0.levels.count / 2] })
        }
        let holdings = try await career.skills(of: userID).heldWithConcepts.mapValues {
            SkillGapAnalysis.Holding(level: $0.level, verifiedLevel: $0.verifiedLevel, verification: $0.verification.rawValue)
        }
        let gaps = SkillGapAnalysis.rank(requirements, postingsConsidered: postings.count, holdings: holdings)
        let total = gaps.map(\.importance).reduce(0, +)
        let met = gaps.map { $0.importance * (1 - Double($0.shortfall) / Double($0.targetLevel)) }.reduce(0, +)
        let items = gaps.map { gap in
            SkillGapReport.Item(
                skill: skills[gap.requirement.skillID]!, status: gap.status, relation: gap.requirement.relation,
                importance: (gap.importance * 1000).rounded() / 1000, targetLevel: gap.targetLevel, currentLevel: gap.holding?.level,
                verification: gap.holding?.verification, postings: gap.requirement.postings,
                evidence: Self.evidence(gap, role: target.occupation.label, postings: postings.count))
        }
        return SkillGapReport(target: target, postingsConsidered: postings.count, readiness: total == 0 ? 100 : Int((100 * met / total).rounded()), items: items)
    }

    static func evidence(_ gap: SkillGapAnalysis.Gap, role: String, postings: Int) -> [String] {
        var lines: [String] = []
        if let relation = gap.requirement.relation { lines.append("\(relation == .essential ? "Essential" : "Optional") for \(role) in the ESCO taxonomy.") }
        if gap.requirement.postings > 0 {
            lines.append("Asked for in \(gap.requirement.postings) of \(postings) open postings for this role"
                         + (gap.requirement.postingLevel.map { ", typically at level \($0)." } ?? "."))
        }
        switch gap.status {
        case .missing: lines.append("Not on your profile yet; the role expects level \(gap.targetLevel).")
        case .below: lines.append("You are at level \(gap.holding!.level) (\(gap.holding!.verification)); the role expects \(gap.targetLevel).")
        case .met: lines.append("You meet it at level \(gap.holding!.level) (\(gap.holding!.verification)).")
        }
        return lines
    }
}
