import Core
import Foundation

/// One answer of a catalog search: the skill, and the label that matched the query.
public struct CatalogMatch: Sendable, Equatable, Codable {
    public let uri: String
    public let preferredLabel: String
    public let matchedLabel: String
    public let kind: CatalogSkill.Kind

    public init(uri: String, preferredLabel: String, matchedLabel: String, kind: CatalogSkill.Kind) {
        self.uri = uri
        self.preferredLabel = preferredLabel
        self.matchedLabel = matchedLabel
        self.kind = kind
    }
}

/// Finds catalog skills by the start of any of their labels, for autocomplete.
public protocol SkillCatalog: Sendable {
    /// Skills with a label starting with `prefix` (already normalised), best first.
    func search(prefix: String, limit: Int) async throws -> [CatalogMatch]
}

/// Validates a search and ranks what the catalog returns.
public struct SkillCatalogSearch: Sendable {
    public static let maximumQueryLength = 100
    let catalog: any SkillCatalog

    public init(catalog: any SkillCatalog) { self.catalog = catalog }

    public func search(_ query: String?, limit: Int) async throws -> [CatalogMatch] {
        let normalized = (query ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !normalized.isEmpty else { throw DomainError.invalid(field: "q", reason: "must not be empty") }
        guard normalized.count <= Self.maximumQueryLength else {
            throw DomainError.invalid(field: "q", reason: "must be at most \(Self.maximumQueryLength) characters")
        }
        guard (1...50).contains(limit) else { throw DomainError.invalid(field: "limit", reason: "must be between 1 and 50") }
        let matches = try await catalog.search(prefix: normalized, limit: limit * 4)
        // One answer per skill; an exact label first, then preferred labels, then shorter ones.
        var seen = Set<String>()
        return matches
            .sorted { rank($0, normalized) < rank($1, normalized) }
            .filter { seen.insert($0.uri).inserted }
            .prefix(limit)
            .map { $0 }
    }

    private func rank(_ match: CatalogMatch, _ query: String) -> (Int, Int, Int, String) {
        let label = match.matchedLabel.lowercased()
        return (label == query ? 0 : 1, match.matchedLabel == match.preferredLabel ? 0 : 1, label.count, label)
    }
}

/// A catalog skill with every label it goes by, for finding skills in text.
public struct CatalogSkillLabels: Sendable, Equatable {
    public let id: UUID
    public let uri: String
    public let label: String
    public let alternatives: [String]
    /// For a technology, the ESCO skill it belongs under (see `CatalogSkill.conceptURI`).
    public let conceptURI: String?
    public let needsContext: Bool

    public init(id: UUID, uri: String, label: String, alternatives: [String], conceptURI: String? = nil, needsContext: Bool = false) {
        self.id = id
        self.uri = uri
        self.label = label
        self.alternatives = alternatives
        self.conceptURI = conceptURI
        self.needsContext = needsContext
    }
}

/// Every skill of the catalog (custom ones left out) with its labels.
public protocol CatalogLabelSource: Sendable {
    func allSkillLabels() async throws -> [CatalogSkillLabels]
}
