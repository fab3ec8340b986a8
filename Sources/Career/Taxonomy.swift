/// A skill in the catalog, identified by its ESCO URI (or a platform URI for custom skills).
public struct CatalogSkill: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case skill
        case knowledge
    }

    public let uri: String
    public let preferredLabel: String
    public let altLabels: [String]
    public let kind: Kind
    public let groupURIs: [String]
    public let description: String?

    public init(uri: String, preferredLabel: String, altLabels: [String], kind: Kind, groupURIs: [String] = [], description: String? = nil) {
        self.uri = uri
        self.preferredLabel = preferredLabel
        self.altLabels = altLabels
        self.kind = kind
        self.groupURIs = groupURIs
        self.description = description
    }
}

/// A group in ESCO's skill hierarchy ("working with computers", "ICT", …).
public struct SkillGroup: Sendable, Equatable {
    public let uri: String
    public let label: String
    public let code: String?
    public let parentURI: String?

    public init(uri: String, label: String, code: String?, parentURI: String?) {
        self.uri = uri
        self.label = label
        self.code = code
        self.parentURI = parentURI
    }
}

/// An ESCO occupation with its ISCO group.
public struct Occupation: Sendable, Equatable {
    public let uri: String
    public let preferredLabel: String
    public let altLabels: [String]
    public let iscoGroup: String?
    public let code: String?

    public init(uri: String, preferredLabel: String, altLabels: [String], iscoGroup: String?, code: String?) {
        self.uri = uri
        self.preferredLabel = preferredLabel
        self.altLabels = altLabels
        self.iscoGroup = iscoGroup
        self.code = code
    }
}

/// "This occupation needs this skill", essential or optional.
public struct OccupationSkillLink: Sendable, Equatable, Hashable {
    public enum Relation: String, Sendable, Codable {
        case essential
        case optional
    }

    public let occupationURI: String
    public let skillURI: String
    public let relation: Relation

    public init(occupationURI: String, skillURI: String, relation: Relation) {
        self.occupationURI = occupationURI
        self.skillURI = skillURI
        self.relation = relation
    }
}

/// Everything a taxonomy source yields, ready to be stored.
public struct Taxonomy: Sendable {
    public var skills: [CatalogSkill]
    public var groups: [SkillGroup]
    public var occupations: [Occupation]
    public var links: [OccupationSkillLink]

    public init(skills: [CatalogSkill] = [], groups: [SkillGroup] = [], occupations: [Occupation] = [], links: [OccupationSkillLink] = []) {
        self.skills = skills
        self.groups = groups
        self.occupations = occupations
        self.links = links
    }
}

/// Where the catalog is kept; Storage implements it.
public protocol TaxonomyStore: Sendable {
    /// Inserts or updates every item, keyed by URI, and reports progress as items are written.
    func save(_ taxonomy: Taxonomy, progress: @escaping @Sendable (_ written: Int, _ total: Int) -> Void) async throws
    func counts() async throws -> TaxonomyCounts
}

public struct TaxonomyCounts: Sendable, Equatable {
    public let skills: Int
    public let occupations: Int
    public let links: Int
    public let groups: Int

    public init(skills: Int, occupations: Int, links: Int, groups: Int) {
        self.skills = skills
        self.occupations = occupations
        self.links = links
        self.groups = groups
    }
}
