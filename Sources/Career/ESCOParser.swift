import Core
import Foundation

/// Reads ESCO's CSV download layout (`skills_en.csv`, `occupations_en.csv`,
/// `occupationSkillRelations_en.csv`, and optionally `skillGroups_en.csv` and
/// `broaderRelationsSkillPillar_en.csv`). Columns are found by their header names, so files
/// with extra columns load too. A bad row is reported with its file and line, and skipped.
/// Besides ESCO's files, it reads the technology vocabulary (`technologies.csv`: a name, its
/// aliases, the ESCO skill it belongs under; see `scripts/build-technologies.py`).
public struct ESCOParser: Sendable {
    public struct Issue: Sendable, Equatable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    public struct Files: Sendable {
        public var skills: String
        public var occupations: String
        public var relations: String
        public var groups: String?
        public var broader: String?
        public var technologies: String?
        /// Technologies read as `technologies`, but only those whose ESCO skill is in `skills` are
        /// kept, without an issue for the others (the vocabulary shipped for another ESCO release).
        public var bundledTechnologies: String?

        public init(skills: String, occupations: String, relations: String, groups: String? = nil, broader: String? = nil, technologies: String? = nil,
                    bundledTechnologies: String? = nil) {
            self.skills = skills
            self.occupations = occupations
            self.relations = relations
            self.groups = groups
            self.broader = broader
            self.technologies = technologies
            self.bundledTechnologies = bundledTechnologies
        }
    }

    public static let skillsFile = "skills_en.csv"
    public static let occupationsFile = "occupations_en.csv"
    public static let relationsFile = "occupationSkillRelations_en.csv"
    public static let groupsFile = "skillGroups_en.csv"
    public static let broaderFile = "broaderRelationsSkillPillar_en.csv"
    public static let technologiesFile = "technologies.csv"

    public init() {}

    public func parse(_ files: Files) -> (taxonomy: Taxonomy, issues: [Issue]) {
        var issues: [Issue] = []
        let broader = files.broader.map { parseBroader($0, issues: &issues) } ?? [:]
        let groups = files.groups.map { parseGroups($0, parents: broader, issues: &issues) } ?? []
        var skills = parseSkills(files.skills, broader: broader, issues: &issues)
        if let technologies = files.technologies {
            skills += parseTechnologies(technologies, under: Self.concepts(skills), issues: &issues)
        } else if let technologies = files.bundledTechnologies {
            skills += self.technologies(technologies, under: Self.concepts(skills))
        }
        let occupations = parseOccupations(files.occupations, issues: &issues)
        let skillURIs = Set(skills.map(\.uri))
        let occupationURIs = Set(occupations.map(\.uri))
        let links = parseRelations(files.relations, skills: skillURIs, occupations: occupationURIs, issues: &issues)
        return (Taxonomy(skills: skills, groups: groups, occupations: occupations, links: links), issues)
    }

    /// Each record of a table whose shape is sound; the others become issues.
    private func records(_ table: CSVTable, file: String, required: [String], issues: inout [Issue]) -> [CSVReader.Record] {
        let missing = required.filter { !table.has(column: $0) }
        guard missing.isEmpty else {
            issues.append(Issue(file: file, line: 1, reason: "header lacks column(s) \(missing.joined(separator: ", "))"))
            return []
        }
        var records: [CSVReader.Record] = []
        for row in table.rows {
            switch row {
            case .malformed(let line, let reason):
                issues.append(Issue(file: file, line: line, reason: reason))
            case .record(let record):
                if record.fields.count != table.header.count {
                    issues.append(Issue(file: file, line: record.line, reason: "has \(record.fields.count) fields, the header has \(table.header.count)"))
                    continue
                }
                if let empty = required.first(where: { table.value($0, in: record) == nil }) {
                    issues.append(Issue(file: file, line: record.line, reason: "\(empty) is empty"))
                    continue
                }
                if let uriColumn = required.first(where: { $0.hasSuffix("Uri") || $0.hasSuffix("URI") }),
                   let uri = table.value(uriColumn, in: record), !Self.isURI(uri) {
                    issues.append(Issue(file: file, line: record.line, reason: "\(uriColumn) is not a URI"))
                    continue
                }
                records.append(record)
            }
        }
        return records
    }

    private func parseSkills(_ text: String, broader: [String: [String]], issues: inout [Issue]) -> [CatalogSkill] {
        let table = CSVTable(text)
        var seen = Set<String>()
        return records(table, file: Self.skillsFile, required: ["conceptUri", "preferredLabel"], issues: &issues).compactMap { record in
            let uri = table.value("conceptUri", in: record)!
            guard seen.insert(uri).inserted else { return nil }
            let kind: CatalogSkill.Kind = table.value("skillType", in: record) == "knowledge" ? .knowledge : .skill
            return CatalogSkill(
                uri: uri,
                preferredLabel: table.value("preferredLabel", in: record)!,
                altLabels: Self.labels(table.value("altLabels", in: record)),
                kind: kind,
                groupURIs: broader[uri] ?? [],
                description: table.value("description", in: record)
            )
        }
    }

    /// The technologies of `text` whose ESCO skill is one of `concepts` (URI → its skill groups),
    /// for a catalog stored already; those under another skill are left out without an issue.
    public func technologies(_ text: String, under concepts: [String: [String]]) -> [CatalogSkill] {
        var unlinked: [Issue] = []
        return parseTechnologies(text, under: concepts, issues: &unlinked)
    }

    /// ESCO's skills (not technologies) by URI, with their groups: what a technology may sit under.
    static func concepts(_ skills: [CatalogSkill]) -> [String: [String]] {
        Dictionary(skills.filter { $0.conceptURI == nil }.map { ($0.uri, $0.groupURIs) }) { first, _ in first }
    }

    /// Each technology whose ESCO skill is one of `concepts`, as a knowledge skill of its own under it.
    private func parseTechnologies(_ text: String, under concepts: [String: [String]], issues: inout [Issue]) -> [CatalogSkill] {
        let table = CSVTable(text)
        var seen = Set(concepts.keys)
        return records(table, file: Self.technologiesFile, required: ["name", "concept_uri"], issues: &issues).compactMap { record in
            let name = table.value("name", in: record)!, concept = table.value("concept_uri", in: record)!
            guard let groups = concepts[concept] else {
                issues.append(Issue(file: Self.technologiesFile, line: record.line, reason: "concept_uri \(concept) is not an ESCO skill of \(Self.skillsFile)"))
                return nil
            }
            let uri = CatalogSkill.technologyURI(name)
            guard seen.insert(uri).inserted else {
                issues.append(Issue(file: Self.technologiesFile, line: record.line, reason: "\(name) is there twice"))
                return nil
            }
            // Aliases are kept in one cell like ESCO's labels, "|" between them instead of line breaks.
            let aliases = Self.labels(table.value("aliases", in: record)?.replacingOccurrences(of: "|", with: "\n"))
            return CatalogSkill(uri: uri, preferredLabel: name, altLabels: aliases, kind: .knowledge,
                                groupURIs: groups, conceptURI: concept, needsContext: table.value("context", in: record) == "1")
        }
    }

    private func parseOccupations(_ text: String, issues: inout [Issue]) -> [Occupation] {
        let table = CSVTable(text)
        var seen = Set<String>()
        return records(table, file: Self.occupationsFile, required: ["conceptUri", "preferredLabel"], issues: &issues).compactMap { record in
            let uri = table.value("conceptUri", in: record)!
            guard seen.insert(uri).inserted else { return nil }
            return Occupation(
                uri: uri,
                preferredLabel: table.value("preferredLabel", in: record)!,
                altLabels: Self.labels(table.value("altLabels", in: record)),
                iscoGroup: table.value("iscoGroup", in: record),
                code: table.value("code", in: record)
            )
        }
    }

    private func parseRelations(_ text: String, skills: Set<String>, occupations: Set<String>, issues: inout [Issue]) -> [OccupationSkillLink] {
        let table = CSVTable(text)
        var seen = Set<String>()
        var links: [OccupationSkillLink] = []
        for record in records(table, file: Self.relationsFile, required: ["occupationUri", "skillUri"], issues: &issues) {
            let occupation = table.value("occupationUri", in: record)!
            let skill = table.value("skillUri", in: record)!
            guard Self.isURI(skill) else {
                issues.append(Issue(file: Self.relationsFile, line: record.line, reason: "skillUri is not a URI"))
                continue
            }
            guard occupations.contains(occupation) else {
                issues.append(Issue(file: Self.relationsFile, line: record.line, reason: "occupation \(occupation) is not in \(Self.occupationsFile)"))
                continue
            }
            guard skills.contains(skill) else {
                issues.append(Issue(file: Self.relationsFile, line: record.line, reason: "skill \(skill) is not in \(Self.skillsFile)"))
                continue
            }
            guard seen.insert(occupation + " " + skill).inserted else { continue }
            let relation = OccupationSkillLink.Relation(rawValue: table.value("relationType", in: record) ?? "") ?? .optional
            links.append(OccupationSkillLink(occupationURI: occupation, skillURI: skill, relation: relation))
        }
        return links
    }

    private func parseGroups(_ text: String, parents: [String: [String]], issues: inout [Issue]) -> [SkillGroup] {
        let table = CSVTable(text)
        var seen = Set<String>()
        return records(table, file: Self.groupsFile, required: ["conceptUri", "preferredLabel"], issues: &issues).compactMap { record in
            let uri = table.value("conceptUri", in: record)!
            guard seen.insert(uri).inserted else { return nil }
            return SkillGroup(uri: uri, label: table.value("preferredLabel", in: record)!, code: table.value("code", in: record), parentURI: parents[uri]?.first)
        }
    }

    /// concept URI → the URIs of its broader concepts.
    private func parseBroader(_ text: String, issues: inout [Issue]) -> [String: [String]] {
        let table = CSVTable(text)
        var broader: [String: [String]] = [:]
        for record in records(table, file: Self.broaderFile, required: ["conceptUri", "broaderUri"], issues: &issues) {
            broader[table.value("conceptUri", in: record)!, default: []].append(table.value("broaderUri", in: record)!)
        }
        return broader
    }

    /// ESCO keeps several labels in one cell, one per line.
    static func labels(_ cell: String?) -> [String] {
        guard let cell else { return [] }
        var seen = Set<String>()
        return cell.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    static func isURI(_ value: String) -> Bool {
        value.hasPrefix("http://") || value.hasPrefix("https://")
    }
}
