import Core
import Foundation

/// Reads a job description: the skills it asks for (catalog phrases, each with the words that
/// support it), the seniority, the years of experience asked, and remote or location hints.
public struct JobDescriptionAnalyzer: Sendable {
    public static let maximumLength = 50_000

    public struct Hint: Sendable, Equatable {
        public let value: String
        /// Where the text says so (UTF-16 offsets).
        public let range: Range<Int>
    }

    public struct Analysis: Sendable, Equatable {
        public let skills: [SkillPhraseIndex.Hit]
        public let seniority: Hint?
        public let yearsMinimum: Int?
        public let yearsMaximum: Int?
        public let yearsRange: Range<Int>?
        public let workplace: Hint?
        public let location: Hint?
    }

    public let index: SkillPhraseIndex
    /// Encoder similarity for what the catalog's words miss; phrase matching alone without it.
    let semantic: SemanticSkillFinder?

    public init(index: SkillPhraseIndex, semantic: SemanticSkillFinder? = nil) {
        self.index = index
        self.semantic = semantic
    }

    /// The same analyzer with another similarity threshold (nil: without encoder similarity),
    /// or another encoder (to measure without a phrase cache).
    public func with(threshold: Float?, encoder: (any TextEncoding)? = nil) -> JobDescriptionAnalyzer {
        JobDescriptionAnalyzer(index: index, semantic: threshold.flatMap { value in
            semantic.map { SemanticSkillFinder(skills: $0.skills, encoder: encoder ?? $0.encoder, threshold: value) }
        })
    }

    public var threshold: Float? { semantic?.threshold }

    public var usesEncoder: Bool { semantic != nil }

    /// Refuses what is not a job description to read: empty, control-character binary, or huge.
    public func analyze(_ text: String) throws(DomainError) -> Analysis {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .invalid(field: "text", reason: "must not be empty") }
        guard text.utf16.count <= Self.maximumLength else { throw .invalid(field: "text", reason: "must be at most \(Self.maximumLength) characters") }
        let controls = text.unicodeScalars.filter { $0.value < 32 && $0 != "\n" && $0 != "\r" && $0 != "\t" }.count
        guard controls == 0 || controls * 100 < text.unicodeScalars.count, !text.contains("\u{0}") else {
            throw .invalid(field: "text", reason: "looks like binary data, not text")
        }
        let years = Self.years(in: text)
        return Analysis(skills: skills(in: text), seniority: Self.seniority(in: text), yearsMinimum: years?.0, yearsMaximum: years?.1,
                        yearsRange: years?.2, workplace: Self.workplace(in: text), location: Self.location(in: text))
    }

    /// Catalog phrases first; then candidate phrases they leave unexplained, by similarity.
    public func skills(in text: String) -> [SkillPhraseIndex.Hit] {
        let tokens = PhraseTokens.tokens(text)
        var hits = index.find(tokens: tokens)
        guard let semantic else { return hits }
        var known = Set(hits.map(\.skillID))
        for found in semantic.find(in: text, tokens: tokens, covered: hits.map(\.range)) {
            let entry = index.entries[found.skill]
            guard known.insert(entry.skillID).inserted else { continue }
            hits.append(.init(skillID: entry.skillID, uri: entry.uri, label: entry.label, range: found.range, confidence: Double(found.score) * 0.9))
        }
        return hits.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    static func first(_ pattern: String, in text: String) -> (Range<Int>, [String?])? {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
              let match = expression.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) else { return nil }
        let groups = (1..<match.numberOfRanges).map { index -> String? in
            let range = match.range(at: index)
            guard range.location != NSNotFound else { return nil }
            return (text as NSString).substring(with: range)
        }
        return (match.range.location..<(match.range.location + match.range.length), groups)
    }

    /// The first level the text names: intern, junior, mid, senior, lead.
    static func seniority(in text: String) -> Hint? {
        let levels: [(String, String)] = [
            ("intern", "\\b(intern|internship|trainee|apprentice)\\b"),
            ("junior", "\\b(junior|jr\\.?|entry[- ]level|graduate)\\b"),
            ("mid", "\\b(mid[- ]level|intermediate|medior)\\b"),
            ("senior", "\\b(senior|sr\\.?|experienced)\\b"),
            ("lead", "\\b(lead|principal|staff|head of|architect|manager)\\b"),
        ]
        return levels.compactMap { level, pattern in first(pattern, in: text).map { Hint(value: level, range: $0.0) } }
            .min { $0.range.lowerBound < $1.range.lowerBound }
    }

    public static let seniorityLevels = ["intern", "junior", "mid", "senior", "lead"]

    /// The seniority a title or text names as a rank (intern 0 … lead 4), if it names one.
    public static func seniorityRank(of text: String) -> Int? {
        seniority(in: text).flatMap { seniorityLevels.firstIndex(of: $0.value) }
    }

    /// "5+ years", "3-5 years", "at least 2 years", "minimum of 4 years".
    static func years(in text: String) -> (Int?, Int?, Range<Int>)? {
        guard let (range, groups) = first("(\\d{1,2})\\s*\\+?\\s*(?:(?:-|–|to)\\s*(\\d{1,2})\\s*)?\\+?\\s*(?:years?|yrs?)\\b", in: text),
              let low = groups[0].flatMap({ Int($0) }) else { return nil }
        return (low, groups[1].flatMap { Int($0) }, range)
    }

    static func workplace(in text: String) -> Hint? {
        let kinds: [(String, String)] = [
            ("hybrid", "\\bhybrid\\b"),
            ("remote", "\\b(remote|work from home|wfh|telecommute|anywhere)\\b"),
            ("onsite", "\\b(on[- ]site|onsite|in[- ]office|in the office)\\b"),
        ]
        return kinds.compactMap { kind, pattern in first(pattern, in: text).map { Hint(value: kind, range: $0.0) } }
            .min { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// "based in Berlin", "located in Utrecht, NL", "office in London", "Location: Paris".
    static func location(in text: String) -> Hint? {
        guard let (range, groups) = first("(?:based in|located in|office in|offices in|location:)\\s*([A-Z][\\p{L}.' -]{1,40}?(?:,\\s*[A-Z][\\p{L}]{1,20})?)(?=[.;,\\n)]|$|\\s+(?:and|or|with)\\b)", in: text),
              let place = groups[0]?.trimmingCharacters(in: .whitespaces), !place.isEmpty else { return nil }
        return Hint(value: place, range: range)
    }
}
