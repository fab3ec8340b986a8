import Synchronization
import Career
import Foundation

/// Loads an ESCO taxonomy from a folder in ESCO's CSV download layout (plain `.csv` or
/// gzip-compressed `.csv.gz`), parses it and stores it, reporting progress and bad rows. The
/// technology vocabulary comes along: the folder's `technologies.csv`, else the bundled one.
struct TaxonomyLoader: Sendable {
    let store: any TaxonomyStore

    /// The taxonomy shipped with the platform (derived from ESCO; see NOTICE).
    static var bundledDirectory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("esco")
    }

    /// The technology vocabulary shipped with the platform (see NOTICE and scripts/build-technologies.py).
    static func bundledTechnologies() throws -> String {
        try TextFile.read(ESCOParser.technologiesFile, in: Bundle.module.resourceURL!, required: true)!
    }

    /// Adds the bundled technologies under the ESCO skills stored already (a catalog stored before
    /// there were technologies): only their rows are written, the rest of the catalog is left as it is.
    func loadTechnologies() async throws -> TaxonomyCounts {
        let skills = ESCOParser().technologies(try Self.bundledTechnologies(), under: try await store.conceptGroups())
        try await store.save(Taxonomy(skills: skills)) { _, _ in }
        return try await store.counts()
    }

    func load(from directory: URL, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> TaxonomyLoaderReport {
        var files = ESCOParser.Files(
            skills: try TextFile.read(ESCOParser.skillsFile, in: directory, required: true)!,
            occupations: try TextFile.read(ESCOParser.occupationsFile, in: directory, required: true)!,
            relations: try TextFile.read(ESCOParser.relationsFile, in: directory, required: true)!,
            groups: try TextFile.read(ESCOParser.groupsFile, in: directory, required: false),
            broader: try TextFile.read(ESCOParser.broaderFile, in: directory, required: false),
            technologies: try TextFile.read(ESCOParser.technologiesFile, in: directory, required: false)
        )
        if files.technologies == nil { files.bundledTechnologies = try Self.bundledTechnologies() }
        progress("parsing")
        let (taxonomy, issues) = ESCOParser().parse(files)
        let reportEvery = ProgressThrottle()
        try await store.save(taxonomy) { written, total in
            let percent = total == 0 ? 100 : written * 100 / total
            if reportEvery.shouldReport(percent) { progress("stored \(written)/\(total) (\(percent)%)") }
        }
        return TaxonomyLoaderReport(counts: try await store.counts(), issues: issues)
    }

}

/// Lets progress through only when the percentage moves by ten, so logs stay short.
final class ProgressThrottle: Sendable {
    private let last = Mutex(-10)

    func shouldReport(_ percent: Int) -> Bool {
        last.withLock { last in
            guard percent >= last + 10 || (percent == 100 && last != 100) else { return false }
            last = percent
            return true
        }
    }
}

/// The outcome of a taxonomy import: what the catalog holds now, and each row that was skipped.
public struct TaxonomyLoaderReport: Sendable {
    public let counts: TaxonomyCounts
    public let issues: [ESCOParser.Issue]
}
