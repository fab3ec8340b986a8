import Career
import Core
import Foundation
import Identity
import Intelligence

/// A skill the member's own words name that their profile lacks, with the words that support it.
/// Proposed only: nothing is added until the member confirms it.
public struct SkillProposal: Sendable, Equatable {
    /// Where the words are: the headline, the summary, or a position's title and description.
    public struct Source: Sendable, Equatable {
        public let field: String
        /// The position ("Data engineer at Acme"), for a work-history entry.
        public let position: String?
        public let words: String

        public init(field: String, position: String?, words: String) {
            self.field = field
            self.position = position
            self.words = words
        }

        /// Where the words are, as a sentence says it: "summary", "position Data engineer at Acme".
        public var place: String { position.map { "position \($0)" } ?? field }
    }

    public let uri: String
    /// A technology's own name, else the ESCO skill's label.
    public let label: String
    /// For a technology, the ESCO skill it belongs under.
    public let concept: SkillPhraseIndex.Concept?
    public let confidence: Double
    public let sources: [Source]

    public init(uri: String, label: String, concept: SkillPhraseIndex.Concept?, confidence: Double, sources: [Source]) {
        self.uri = uri
        self.label = label
        self.concept = concept
        self.confidence = confidence
        self.sources = sources
    }
}

/// Reads what members wrote about themselves with the job-description analyser and proposes
/// the skills it names; confirming adds them, each with the words as evidence.
public struct SkillProposals: Sendable {
    let career: CareerService
    let analyzer: SkillIndexCache

    public init(career: CareerService, analyzer: SkillIndexCache) {
        self.career = career
        self.analyzer = analyzer
    }

    /// The most positions read: the latest ones.
    public static let positionsRead = 10
    /// The most proposals made, most confident first.
    public static let limit = 30

    /// The skills the member's headline, summary and latest positions name that they do not hold.
    /// Only who may change the member's skills sees them: the member. The texts are read as one
    /// analysis (what `POST /api/v1/jobs/analyze` costs), at most its length in words; each
    /// skill's words are traced back to the text they stand in.
    public func proposals(of member: UUID, as caller: Principal) async throws -> [SkillProposal] {
        try await career.access.requireWrite(member, by: caller)
        let profile = try await career.profile(of: member, as: caller)
        let held = Set(try await career.skills(of: member, as: caller).map(\.skill.uri))
        var texts: [(field: String, position: String?, text: String)] = [("headline", nil, profile.headline ?? ""), ("summary", nil, profile.summary ?? "")]
        for experience in profile.experiences.sorted(by: { $0.startedOn > $1.startedOn }).prefix(Self.positionsRead) {
            texts.append(("experience", "\(experience.title) at \(experience.employer)", experience.title + ".\n" + (experience.description ?? "")))
        }
        // One text: each part as written, on lines of its own, with the control characters an import
        // may bring made spaces (the analyser refuses them), and cut where its limits fall.
        var joined = String.UnicodeScalarView(), parts: [(range: Range<Int>, field: String, position: String?)] = []
        var words = 0, length = 0, inWord = false
        for (field, position, text) in texts {
            let start = length
            for scalar in text.unicodeScalars {
                let control = scalar.value < 32 && scalar != "\n" && scalar != "\r" && scalar != "\t"
                let space = control || TextRules.isSpace(scalar)
                if !space, !inWord { words += 1 }
                inWord = !space
                guard words <= JobDescriptionAnalyzer.maximumWords, length + scalar.utf16.count + 2 <= JobDescriptionAnalyzer.maximumLength else { break }
                joined.append(control ? " " : scalar)
                length += scalar.utf16.count
            }
            guard length > start else { continue }
            parts.append((start..<length, field, position))
            joined.append(contentsOf: "\n\n".unicodeScalars)
            length += 2
            inWord = false
        }
        guard !parts.isEmpty else { return [] }
        let text = String(joined), utf16 = Array(text.utf16)
        var found: [String: (hit: SkillPhraseIndex.Hit, sources: [SkillProposal.Source])] = [:]
        var order: [String] = []
        for hit in try await analyzer.analyze(text).skills where !held.contains(hit.uri) {
            guard let part = parts.first(where: { $0.range.contains(hit.range.lowerBound) }) else { continue }
            let source = SkillProposal.Source(field: part.field, position: part.position,
                                              words: String(decoding: utf16[hit.range.clamped(to: part.range)], as: UTF16.self))
            if var known = found[hit.uri] {
                if hit.confidence > known.hit.confidence { known.hit = hit }
                if known.sources.count < 3 { known.sources.append(source) }
                found[hit.uri] = known
            } else {
                found[hit.uri] = (hit, [source])
                order.append(hit.uri)
            }
        }
        return order.compactMap { found[$0] }
            .sorted { ($0.hit.confidence, $0.sources.count) > ($1.hit.confidence, $1.sources.count) }
            .prefix(Self.limit)
            .map { SkillProposal(uri: $0.hit.uri, label: $0.hit.label, concept: $0.hit.concept, confidence: $0.hit.confidence, sources: $0.sources) }
    }

    /// Adds the proposals the member picked (by URI) at `level`, each with its words as evidence.
    /// A URI that is not among the member's proposals is refused by name and nothing is added.
    public func confirm(_ uris: [String], level: Int, of member: UUID, as caller: Principal) async throws -> [MemberSkill] {
        guard !uris.isEmpty else { throw DomainError.invalid(field: "uris", reason: "must name at least one proposed skill") }
        guard uris.count <= Self.limit else { throw DomainError.invalid(field: "uris", reason: "must name at most \(Self.limit) skills") }
        _ = try Validate.level(level, field: "level")
        let proposals = Dictionary(try await proposals(of: member, as: caller).map { ($0.uri, $0) }) { first, _ in first }
        var picked: [SkillProposal] = []
        for (index, uri) in uris.enumerated() where !picked.contains(where: { $0.uri == uri }) {
            guard let proposal = proposals[uri] else { throw DomainError.invalid(field: "uris[\(index)]", reason: "is not among your proposed skills") }
            picked.append(proposal)
        }
        var added: [MemberSkill] = []
        for proposal in picked {
            let evidence = proposal.sources.map { Evidence(note: "From your \($0.place): “\($0.words.prefix(300))”") }
            do {
                added.append(try await career.addSkill(to: member, as: caller, SkillInput(uri: proposal.uri, level: level, evidence: evidence)))
            } catch DomainError.conflict {
                continue  // added meanwhile (a second submission of the same form): confirmed already
            }
        }
        return added
    }
}
