import Foundation

/// A target role's skills against a member's: what is missing or below the level the role
/// needs, ranked by how much it matters, each with the facts behind it.
public enum SkillGapAnalysis {
    public enum Relation: String, Sendable, Codable { case essential, optional }

    /// A skill the role asks for: by the taxonomy, by postings for similar titles, or both.
    public struct Requirement: Sendable, Equatable {
        public let skillID: UUID
        public let relation: Relation?
        /// Postings for similar titles that ask for it.
        public let postings: Int
        /// The level those postings typically name (the median of their minimums).
        public let postingLevel: Int?

        public init(skillID: UUID, relation: Relation?, postings: Int, postingLevel: Int?) {
            self.skillID = skillID
            self.relation = relation
            self.postings = postings
            self.postingLevel = postingLevel
        }
    }

    public struct Holding: Sendable, Equatable {
        public let level: Int
        public let verifiedLevel: Int
        /// How the level is known: self, peer, coach, assessment, certificate.
        public let verification: String

        public init(level: Int, verifiedLevel: Int, verification: String) {
            self.level = level
            self.verifiedLevel = verifiedLevel
            self.verification = verification
        }
    }

    public enum Status: String, Sendable, Codable { case missing, below, met }

    public struct Gap: Sendable, Equatable {
        public let requirement: Requirement
        public let holding: Holding?
        /// 0…1: 0.6 from the taxonomy (essential 1, optional 0.4) and 0.4 from the share of postings.
        public let importance: Double
        public let targetLevel: Int
        public let shortfall: Int
        public let status: Status
        /// importance × shortfall ÷ target level: what ranks the gaps.
        public let score: Double
    }

    /// Every requirement with its gap, the largest first; met ones last.
    public static func rank(_ requirements: [Requirement], postingsConsidered: Int, holdings: [UUID: Holding]) -> [Gap] {
        requirements.map { requirement in
            let taxonomy = requirement.relation.map { $0 == .essential ? 1.0 : 0.4 } ?? 0
            let share = postingsConsidered == 0 ? 0 : Double(requirement.postings) / Double(postingsConsidered)
            let importance = postingsConsidered == 0 ? taxonomy : 0.6 * taxonomy + 0.4 * share
            let target = requirement.postingLevel ?? (requirement.relation == .optional ? 2 : 3)
            let holding = holdings[requirement.skillID]
            let shortfall = max(0, target - (holding?.level ?? 0))
            let status: Status = holding == nil ? .missing : shortfall > 0 ? .below : .met
            return Gap(requirement: requirement, holding: holding, importance: importance, targetLevel: target, shortfall: shortfall,
                       status: status, score: importance * Double(shortfall) / Double(target))
        }
        .sorted { ($0.score, $0.importance) > ($1.score, $1.importance) }
    }
}
