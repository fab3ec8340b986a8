@testable import App
import Career
import Core
import Foundation
@testable import Storage
import Testing

@Suite struct TaxonomyTests {
    @Test func importsTheESCOLayoutAndReportsBadRowsByLine() async throws {
        try await TestPlatform.with { platform in
            let report = try await platform.loadTaxonomy(from: TestPlatform.fixtureDirectory) { _ in }
            #expect(report.counts == TaxonomyCounts(skills: 12, occupations: 2, links: 9, groups: 2, technologies: 4), "four bundled technologies belong under its skills")
            let lines = report.issues.map { "\($0.file):\($0.line)" }
            #expect(lines == ["skills_en.csv:15", "skills_en.csv:19", "occupationSkillRelations_en.csv:11"])
            #expect(report.issues[0].reason == "conceptUri is empty")

            // A second import updates in place: nothing is duplicated.
            let again = try await platform.loadTaxonomy(from: TestPlatform.fixtureDirectory) { _ in }
            #expect(again.counts == report.counts)
        }
    }

    /// A catalog stored before there were technologies gets them on the next start, under the ESCO
    /// skills it has, and nothing else of it changes.
    @Test func aCatalogWithoutTechnologiesGetsThemAndKeepsItsOwnLabels() async throws {
        try await TestPlatform.with { platform in
            let loaded = try await platform.loadTaxonomy(from: TestPlatform.fixtureDirectory) { _ in }.counts
            let sql = platform.persistence.sql
            try await sql.raw("DELETE FROM skill_labels WHERE skill_id IN (SELECT id FROM skill_catalog WHERE concept_uri IS NOT NULL)").run()
            try await sql.raw("DELETE FROM skill_catalog WHERE concept_uri IS NOT NULL").run()
            try await sql.raw("UPDATE skill_catalog SET preferred_label = 'use software libraries (ours)' WHERE preferred_label = 'use software libraries'").run()
            #expect(try await platform.taxonomyStore.counts().technologies == 0)

            let counts = try #require(try await platform.ensureTaxonomy { _ in })
            #expect(counts == loaded, "the four technologies are back, nothing else was added")
            struct Row: Decodable { let preferred_label: String }
            let labels = try await sql.raw("SELECT preferred_label FROM skill_catalog WHERE concept_uri IS NULL").all(decoding: Row.self).map(\.preferred_label)
            #expect(labels.contains("use software libraries (ours)"), "the stored catalog's own label stays")
            #expect(try await platform.ensureTaxonomy { _ in } == nil, "once there, nothing to do")
        }
    }

    @Test func reportsAMissingFile() async throws {
        try await TestPlatform.with { platform in
            let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-esco-\(UUID())")
            await #expect { try await platform.loadTaxonomy(from: empty) { _ in } } throws: { "\($0)".contains("skills_en.csv") }
        }
    }

    @Test func findsSkillsByThePrefixOfAnyLabel() async throws {
        try await TestPlatform.with { platform in
            _ = try await platform.loadTaxonomy(from: TestPlatform.fixtureDirectory) { _ in }
            let search = SkillCatalogSearch(catalog: platform.taxonomyStore)
            let byPreferred = try await search.search("Perform Back", limit: 5)
            #expect(byPreferred.map(\.preferredLabel) == ["perform backups"])
            // "develop software mockup" is an alternative label of "develop software prototype".
            let byAlternative = try await search.search("develop software mo", limit: 5)
            #expect(byAlternative.map(\.preferredLabel) == ["develop software prototype"])
            #expect(byAlternative.first?.matchedLabel == "develop software mockup")
            #expect(try await search.search("zzzz", limit: 5).isEmpty)
            await #expect(throws: DomainError.invalid(field: "q", reason: "must not be empty")) { try await search.search("  ", limit: 5) }
        }
    }

    @Test func catalogAnswersAreCachedUntilTheNextImport() async throws {
        try await TestPlatform.with { platform in
            _ = try await platform.loadTaxonomy(from: TestPlatform.fixtureDirectory) { _ in }
            let search = SkillCatalogSearch(catalog: platform.taxonomyStore)
            #expect(try await search.search("perform back", limit: 5).map(\.preferredLabel) == ["perform backups"])
            // Renamed behind the platform's back: the cached answer stands (for its five minutes)…
            try await platform.persistence.sql.raw("UPDATE skill_catalog SET preferred_label = 'perform backups daily' WHERE preferred_label = 'perform backups'").run()
            #expect(try await search.search("perform back", limit: 5).map(\.preferredLabel) == ["perform backups"])
            // …and an import, which writes the catalog, drops it at once.
            _ = try await platform.loadTaxonomy(from: TestPlatform.fixtureDirectory) { _ in }
            try await platform.persistence.sql.raw("UPDATE skill_catalog SET preferred_label = 'perform backups daily' WHERE preferred_label = 'perform backups'").run()
            #expect(try await search.search("perform back", limit: 5).map(\.preferredLabel) == ["perform backups daily"])
        }
    }

    @Test func loadsTheBundledESCOTaxonomy() async throws {
        try await TestPlatform.with { platform in
            let report = try await platform.loadTaxonomy(from: nil) { _ in }
            #expect(report.counts.skills >= 13_000)
            #expect(report.counts.occupations >= 90)
            #expect(report.counts.links >= 1_500)
            #expect(report.counts.groups >= 500)
            #expect(report.issues.isEmpty)
            let python = try await SkillCatalogSearch(catalog: platform.taxonomyStore).search("python", limit: 3)
            #expect(python.first?.preferredLabel == "Python (computer programming)")
            #expect(python.first?.uri.hasPrefix("http://data.europa.eu/esco/skill/") == true)
        }
    }
}
