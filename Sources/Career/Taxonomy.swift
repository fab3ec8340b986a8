/// A skill in the catalog, identified by its ESCO URI (or a platform URI for custom skills and
/// technologies).
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
    /// For a technology ("Kubernetes"), the ESCO skill it belongs under ("manage ICT
    /// virtualisation machines"); nil for ESCO's own skills.
    public let conceptURI: String?
    /// The technology's name is also an everyday word ("Go", "Excel"): it names the technology only
    /// written with its capital, in a text about computing.
    public let needsContext: Bool

    public init(uri: String, preferredLabel: String, altLabels: [String], kind: Kind, groupURIs: [String] = [], description: String? = nil,
                conceptURI: String? = nil, needsContext: Bool = false) {
        self.uri = uri
        self.preferredLabel = preferredLabel
        self.altLabels = altLabels
        self.kind = kind
        self.groupURIs = groupURIs
        self.description = description
        self.conceptURI = conceptURI
        self.needsContext = needsContext
    }

    /// The URI a technology of this name gets: `urn:careerops:technology:` and its name in lower case,
    /// runs of other characters than letters and digits made one hyphen ("Node.js" → `node-js`).
    public static func technologyURI(_ name: String) -> String {
        var slug = "", gap = false
        for character in name.lowercased() {
            if character.isLetter || character.isNumber {
                if gap, !slug.isEmpty { slug.append("-") }
                slug.append(character)
                gap = false
            } else {
                gap = true
            }
        }
        return "urn:careerops:technology:" + slug
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
    /// The stored ESCO skills (not custom, not technologies) by URI, with their skill group.
    func conceptGroups() async throws -> [String: [String]]
}

public struct TaxonomyCounts: Sendable, Equatable {
    public let skills: Int
    public let occupations: Int
    public let links: Int
    public let groups: Int
    /// Of `skills`, the technologies (skills with an ESCO concept above them).
    public let technologies: Int

    public init(skills: Int, occupations: Int, links: Int, groups: Int, technologies: Int = 0) {
        self.skills = skills
        self.occupations = occupations
        self.links = links
        self.groups = groups
        self.technologies = technologies
    }
}
