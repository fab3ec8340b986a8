import Career
import Core
import FluentKit
import Foundation
import SQLKit

/// The skill and occupation catalog in SQL. Items are keyed by URI, so importing the same
/// taxonomy twice (or a newer ESCO version) updates rows instead of duplicating them.
public struct SQLTaxonomyStore: TaxonomyStore {
    private let persistence: Persistence
    /// Catalog searches (autocomplete answers) are cached for CacheTTL.apiResponse, until an import.
    private let cache: (any Cache)?

    public init(persistence: Persistence, cache: (any Cache)? = nil) {
        self.persistence = persistence
        self.cache = cache
    }

    static let catalogScope = "catalog"

    public func save(_ taxonomy: Taxonomy, progress: @escaping @Sendable (Int, Int) -> Void) async throws {
        let total = taxonomy.groups.count + taxonomy.skills.count + taxonomy.occupations.count + taxonomy.links.count
        // Progress counts items in the order they are written: groups, skills, occupations, links.
        let afterGroups = taxonomy.groups.count
        let afterSkills = afterGroups + taxonomy.skills.count
        let afterOccupations = afterSkills + taxonomy.occupations.count
        try await persistence.transaction { sql in
            try await sql.insertRows(
                into: "skill_groups", columns: ["id", "uri", "label", "code", "parent_uri"],
                rows: taxonomy.groups.map { [UUID(), $0.uri, $0.label, $0.code, $0.parentURI] },
                conflictKey: ["uri"], update: ["label", "code", "parent_uri"]
            ) { progress($0, total) }

            try await sql.insertRows(
                into: "skill_catalog", columns: ["id", "uri", "preferred_label", "kind", "group_uri", "description", "is_custom", "concept_uri", "needs_context"],
                rows: taxonomy.skills.map { [UUID(), $0.uri, $0.preferredLabel, $0.kind.rawValue, $0.groupURIs.first, $0.description, false, $0.conceptURI, $0.needsContext] },
                conflictKey: ["uri"], update: ["preferred_label", "kind", "group_uri", "description", "concept_uri", "needs_context"]
            ) { progress(afterGroups + $0, total) }
            let skillIDs = try await ids(in: "skill_catalog", sql)
            try await replaceLabels(
                in: "skill_labels", owner: "skill_id",
                items: taxonomy.skills.map { (skillIDs[$0.uri]!, $0.preferredLabel, $0.altLabels) }, sql
            )

            try await sql.insertRows(
                into: "occupations", columns: ["id", "uri", "preferred_label", "isco_group", "code"],
                rows: taxonomy.occupations.map { [UUID(), $0.uri, $0.preferredLabel, $0.iscoGroup, $0.code] },
                conflictKey: ["uri"], update: ["preferred_label", "isco_group", "code"]
            ) { progress(afterSkills + $0, total) }
            let occupationIDs = try await ids(in: "occupations", sql)
            try await replaceLabels(
                in: "occupation_labels", owner: "occupation_id",
                items: taxonomy.occupations.map { (occupationIDs[$0.uri]!, $0.preferredLabel, $0.altLabels) }, sql
            )

            try await sql.insertRows(
                into: "occupation_skills", columns: ["id", "occupation_id", "skill_id", "relation"],
                rows: taxonomy.links.compactMap { link in
                    guard let occupation = occupationIDs[link.occupationURI], let skill = skillIDs[link.skillURI] else { return nil }
                    return [UUID(), occupation, skill, link.relation.rawValue]
                },
                conflictKey: ["occupation_id", "skill_id"], update: ["relation"]
            ) { progress(afterOccupations + $0, total) }
        }
        await cache?.invalidate([Self.catalogScope])
    }

    public func counts() async throws -> TaxonomyCounts {
        let sql = persistence.sql
        func count(_ table: String, where condition: SQLQueryString = "1 = 1") async throws -> Int {
            try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE \(condition)").first(decoding: Count.self)?.n ?? 0
        }
        return TaxonomyCounts(
            skills: try await count("skill_catalog"),
            occupations: try await count("occupations"),
            links: try await count("occupation_skills"),
            groups: try await count("skill_groups"),
            technologies: try await count("skill_catalog", where: "concept_uri IS NOT NULL")
        )
    }

    public func conceptGroups() async throws -> [String: [String]] {
        struct Row: Decodable { let uri: String; let group_uri: String? }
        let rows = try await persistence.sql.raw("""
            SELECT uri, group_uri FROM skill_catalog WHERE is_custom = \(bind: false) AND concept_uri IS NULL
            """).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.uri, $0.group_uri.map { [$0] } ?? []) }) { first, _ in first }
    }

    /// URI → id of every row of a catalog table.
    private func ids(in table: String, _ sql: any SQLDatabase) async throws -> [String: UUID] {
        let rows = try await sql.select().columns("id", "uri").from(table).all(decoding: URIRow.self)
        return Dictionary(rows.map { ($0.uri, $0.id) }, uniquingKeysWith: { first, _ in first })
    }

    /// Swaps the labels of the given items for the new set (labels have no identity of their own).
    private func replaceLabels(in table: String, owner: String, items: [(UUID, String, [String])], _ sql: any SQLDatabase) async throws {
        let owners = items.map(\.0)
        for start in stride(from: 0, to: owners.count, by: 500) {
            try await sql.delete(from: table)
                .where(owner, .in, Array(owners[start..<min(start + 500, owners.count)]))
                .run()
        }
        var rows: [[any Encodable & Sendable]] = []
        for (id, preferred, alternatives) in items {
            rows.append([UUID(), id, preferred, preferred.lowercased(), true])
            for label in alternatives where label.lowercased() != preferred.lowercased() {
                rows.append([UUID(), id, label, label.lowercased(), false])
            }
        }
        try await sql.insertRows(into: table, columns: ["id", owner, "label", "normalized", "is_preferred"], rows: rows)
    }
}

struct Count: Decodable { let n: Int }
struct URIRow: Decodable {
    let id: UUID
    let uri: String
}

extension SQLTaxonomyStore: SkillCatalog {
    /// A range scan on the byte-ordered `normalized` index: [prefix, successor of prefix) holds
    /// exactly the labels that start with `prefix`.
    public func search(prefix: String, limit: Int) async throws -> [CatalogMatch] {
        guard let cache else { return try await storedSearch(prefix: prefix, limit: limit) }
        return try await cache.value("catalog:\(limit):\(prefix)", scopes: [Self.catalogScope], ttl: CacheTTL.apiResponse) {
            try await storedSearch(prefix: prefix, limit: limit)
        }
    }

    private func storedSearch(prefix: String, limit: Int) async throws -> [CatalogMatch] {
        struct Row: Decodable {
            let uri: String
            let preferred_label: String
            let label: String
            let kind: String
        }
        var query = persistence.sql.select()
            .columns(SQLColumn("uri", table: "s"), SQLColumn("preferred_label", table: "s"), SQLColumn("label", table: "l"), SQLColumn("kind", table: "s"))
            .from(SQLAlias(SQLIdentifier("skill_labels"), as: SQLIdentifier("l")))
            .join(SQLAlias(SQLIdentifier("skill_catalog"), as: SQLIdentifier("s")), on: SQLColumn("id", table: "s"), .equal, SQLColumn("skill_id", table: "l"))
            .where(SQLColumn("normalized", table: "l"), .greaterThanOrEqual, SQLBind(prefix))
        if let upper = Self.successor(of: prefix) {
            query = query.where(SQLColumn("normalized", table: "l"), .lessThan, SQLBind(upper))
        }
        let rows = try await query
            .orderBy(SQLColumn("normalized", table: "l"))
            .limit(limit)
            .all(decoding: Row.self)
        return rows.filter { $0.label.lowercased().hasPrefix(prefix) }.map {
            CatalogMatch(uri: $0.uri, preferredLabel: $0.preferred_label, matchedLabel: $0.label, kind: CatalogSkill.Kind(rawValue: $0.kind) ?? .skill)
        }
    }

    /// The smallest string greater than every string that starts with `prefix` (in UTF-8 byte
    /// order, which is code point order): the last scalar plus one.
    static func successor(of prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            var next = last.value + 1
            if next == 0xD800 { next = 0xE000 }
            if let scalar = Unicode.Scalar(next) {
                scalars.append(scalar)
                return String(String.UnicodeScalarView(scalars))
            }
        }
        return nil
    }
}

extension SQLTaxonomyStore: CatalogLabelSource {
    public func allSkillLabels() async throws -> [CatalogSkillLabels] {
        struct Technology: Decodable { let id: UUID; let concept_uri: String; let needs_context: Bool }
        let technologies = try await persistence.sql.raw("""
            SELECT id, concept_uri, needs_context FROM skill_catalog WHERE concept_uri IS NOT NULL AND is_custom = \(bind: false)
            """).all(decoding: Technology.self)
        let byID = Dictionary(technologies.map { ($0.id, $0) }) { first, _ in first }
        return try await labelSets(table: "skill_catalog", labels: "skill_labels", owner: "skill_id", condition: "s.is_custom = \(bind: false)").map { skill in
            guard let technology = byID[skill.id] else { return skill }
            return CatalogSkillLabels(id: skill.id, uri: skill.uri, label: skill.label, alternatives: skill.alternatives,
                                      conceptURI: technology.concept_uri, needsContext: technology.needs_context)
        }
    }

    /// Every catalog occupation with its labels.
    public func occupationLabels() async throws -> [CatalogSkillLabels] {
        try await labelSets(table: "occupations", labels: "occupation_labels", owner: "occupation_id", condition: "1 = 1")
    }

    /// The rows of a catalog table with their preferred and alternative labels, by URI.
    private func labelSets(table: String, labels: String, owner: String, condition: SQLQueryString) async throws -> [CatalogSkillLabels] {
        struct Row: Decodable { let id: UUID; let uri: String; let preferred_label: String; let label: String; let is_preferred: Bool }
        let rows = try await persistence.sql.raw("""
            SELECT s.id, s.uri, s.preferred_label, l.label, l.is_preferred FROM \(ident: table) s JOIN \(ident: labels) l ON l.\(ident: owner) = s.id
            WHERE \(condition) ORDER BY s.uri, l.label
            """).all(decoding: Row.self)
        var result: [CatalogSkillLabels] = []
        var index: [UUID: Int] = [:]
        var alternatives: [[String]] = []
        for row in rows {
            if index[row.id] == nil {
                index[row.id] = result.count
                result.append(CatalogSkillLabels(id: row.id, uri: row.uri, label: row.preferred_label, alternatives: []))
                alternatives.append([])
            }
            if !row.is_preferred { alternatives[index[row.id]!].append(row.label) }
        }
        return result.enumerated().map { CatalogSkillLabels(id: $1.id, uri: $1.uri, label: $1.label, alternatives: alternatives[$0]) }
    }
}
