import Core
import Foundation

/// Where a rating of a skill comes from, weakest first: the member's own word, a peer's
/// endorsement, a coach's endorsement or review, an assessment result or a certificate.
public enum RatingSource: String, Sendable, Codable, CaseIterable, Comparable {
    case `self`
    case peer
    case coach
    case assessment
    case certificate

    var rank: Int {
        switch self {
        case .self: 0
        case .peer: 1
        case .coach: 2
        case .assessment, .certificate: 3
        }
    }

    public static func < (lhs: RatingSource, rhs: RatingSource) -> Bool { (lhs.rank, lhs.rawValue) < (rhs.rank, rhs.rawValue) }
}

/// A catalog skill as a member's skill points at it.
public struct SkillRef: Sendable, Equatable, Codable {
    public let id: UUID
    public let uri: String
    public let label: String
    /// A skill the member named that ESCO does not have.
    public let isCustom: Bool
    /// For a technology, the id of the ESCO skill it belongs under.
    public let conceptID: UUID?

    public init(id: UUID, uri: String, label: String, isCustom: Bool, conceptID: UUID? = nil) {
        self.id = id
        self.uri = uri
        self.label = label
        self.isCustom = isCustom
        self.conceptID = conceptID
    }
}

/// Something that backs a skill claim: a link, or a note.
public struct Evidence: Sendable, Equatable, Codable {
    public var url: String?
    public var note: String?

    public init(url: String? = nil, note: String? = nil) {
        self.url = url
        self.note = note
    }
}

/// Someone else's word on a member's skill: a peer's or coach's endorsement, or a recorded
/// verification (assessment, certificate, coach review).
public struct Endorsement: Sendable, Equatable, Codable {
    public let id: UUID
    public let endorserID: UUID
    public let source: RatingSource
    public let level: Int
    public let comment: String?
    /// The certificate or assessment it rests on (an identifier or URL).
    public let reference: String?
    public let createdAt: Date

    public init(id: UUID, endorserID: UUID, source: RatingSource, level: Int, comment: String?, reference: String?, createdAt: Date) {
        self.id = id
        self.endorserID = endorserID
        self.source = source
        self.level = level
        self.comment = comment
        self.reference = reference
        self.createdAt = createdAt
    }
}

public struct MemberSkill: Sendable, Equatable {
    public let id: UUID
    public let userID: UUID
    public let skill: SkillRef
    public var level: Int
    public var years: Int?
    public var lastUsedOn: Day?
    public var evidence: [Evidence]
    public var endorsements: [Endorsement]
    public let createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, userID: UUID, skill: SkillRef, level: Int, years: Int?, lastUsedOn: Day?, evidence: [Evidence],
                endorsements: [Endorsement], createdAt: Date, updatedAt: Date) {
        self.id = id
        self.userID = userID
        self.skill = skill
        self.level = level
        self.years = years
        self.lastUsedOn = lastUsedOn
        self.evidence = evidence
        self.endorsements = endorsements
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The strongest source behind the skill: `self` until someone else vouches for it.
    public var verification: RatingSource {
        endorsements.map(\.source).max() ?? .self
    }

    /// The level the strongest sources agree on (their median), or the member's own.
    public var verifiedLevel: Int {
        let strongest = verification
        guard strongest != .self else { return level }
        let levels = endorsements.filter { $0.source.rank == strongest.rank }.map(\.level).sorted()
        return levels[levels.count / 2]
    }
}

/// One point of a skill's level over time.
public struct LevelChange: Sendable, Equatable, Codable {
    public let level: Int
    public let changedAt: Date

    public init(level: Int, changedAt: Date) {
        self.level = level
        self.changedAt = changedAt
    }
}

/// A new skill: by ESCO URI, or by a name the catalog does not have (a custom skill).
public struct SkillInput: Sendable, Equatable, Codable {
    public var uri: String?
    public var name: String?
    public var level: Int
    public var years: Int?
    public var lastUsedOn: Day?
    public var evidence: [Evidence]?

    public init(uri: String? = nil, name: String? = nil, level: Int, years: Int? = nil, lastUsedOn: Day? = nil, evidence: [Evidence]? = nil) {
        self.uri = uri
        self.name = name
        self.level = level
        self.years = years
        self.lastUsedOn = lastUsedOn
        self.evidence = evidence
    }
}

/// A change to a member's skill; nil leaves a field as it is.
public struct SkillChange: Sendable, Equatable, Codable {
    public var level: Int?
    public var years: Int?
    public var lastUsedOn: Day?
    public var evidence: [Evidence]?

    public init(level: Int? = nil, years: Int? = nil, lastUsedOn: Day? = nil, evidence: [Evidence]? = nil) {
        self.level = level
        self.years = years
        self.lastUsedOn = lastUsedOn
        self.evidence = evidence
    }
}

enum SkillRules {
    static func years(_ value: Int?) throws(DomainError) -> Int? {
        if let value, !(0...60).contains(value) { throw .invalid(field: "years", reason: "must be between 0 and 60") }
        return value
    }

    static func evidence(_ items: [Evidence]) throws(DomainError) -> [Evidence] {
        guard items.count <= 20 else { throw .invalid(field: "evidence", reason: "must hold at most 20 entries") }
        var result: [Evidence] = []
        for (index, item) in items.enumerated() {
            let url = try item.url.map { value throws(DomainError) in try Validate.url(value, field: "evidence[\(index)].url") }
            let note = try item.note.flatMap { value throws(DomainError) in try Validate.optionalText(value, field: "evidence[\(index)].note", max: 2_000) }
            guard url != nil || note != nil else { throw .invalid(field: "evidence[\(index)]", reason: "needs a url or a note") }
            result.append(Evidence(url: url, note: note))
        }
        return result
    }
}

/// A member's skills counted: all of them, and those someone else has rated (any endorsement).
public struct SkillCounts: Sendable, Equatable {
    public let skills: Int
    public let rated: Int

    public init(skills: Int, rated: Int) {
        self.skills = skills
        self.rated = rated
    }
}

extension Collection where Element == MemberSkill {
    /// Each skill held, by its id, and each held technology's ESCO skill too ("Kubernetes" at level
    /// 4 counts as "manage ICT virtualisation machines" at level 4, unless that is held higher):
    /// what matching, gaps and career paths weigh a member's skills by.
    /// A skill held itself wins a tie with a technology held for it (its own verification shows).
    public var heldWithConcepts: [UUID: MemberSkill] {
        var held = Dictionary(map { ($0.skill.id, $0) }) { first, _ in first }
        for skill in self {
            guard let concept = skill.skill.conceptID, (held[concept]?.level ?? 0) < skill.level else { continue }
            held[concept] = skill
        }
        return held
    }
}
