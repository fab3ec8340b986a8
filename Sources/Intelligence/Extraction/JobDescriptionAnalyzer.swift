import Core
import Foundation

/// Reads a job description: the skills it asks for (catalog phrases, each with the words that
/// support it), the seniority, the years of experience asked, and remote or location hints.
public struct JobDescriptionAnalyzer: Sendable {
    public static let maximumLength = 50_000
    /// The longest posting read, in words; the encoder's work is bounded besides (`SemanticSkillFinder.budget`).
    public static let maximumWords = 5_000

    public struct Hint: Sendable, Equatable {
        public let value: String
        /// Where the text says so (UTF-16 offsets).
        public let range: Range<Int>
    }

    public struct Analysis: Sendable, Equatable {
        public let skills: [SkillPhraseIndex.Hit]
        /// Skills near what the text says that `skills` lacks, best first, each with its words and
        /// cosine: its encoded phrases' nearest skills below the threshold, and what its sentence
        /// with most catalog words is about as a whole. Not claimed, offered to confirm (and the
        /// tail of the ranked list the benchmark scores).
        public let suggestions: [SkillPhraseIndex.Hit]
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
            semantic.map { SemanticSkillFinder(skills: $0.skills, encoder: encoder ?? $0.encoder, threshold: value, vocabulary: $0.vocabulary, budget: $0.budget) }
        })
    }

    public var threshold: Float? { semantic?.threshold }

    public var usesEncoder: Bool { semantic != nil }

    /// Refuses what is not a job description to read: empty, control-character binary, or huge.
    public static func check(_ text: String) throws(DomainError) {
        guard !TextRules.trimmed(text).isEmpty else { throw .invalid(field: "text", reason: "must not be empty") }
        guard text.utf16.count <= Self.maximumLength else { throw .invalid(field: "text", reason: "must be at most \(Self.maximumLength) characters") }
        // One pass over the scalars: words (runs of non-space), control characters, NUL.
        var words = 0, controls = 0, inWord = false, nul = false
        for scalar in text.unicodeScalars {
            let space = TextRules.isSpace(scalar)
            if !space, !inWord { words += 1 }
            inWord = !space
            if scalar.value < 32, scalar != "\n", scalar != "\r", scalar != "\t" { controls += 1 }
            if scalar.value == 0 { nul = true }
        }
        guard words <= Self.maximumWords else { throw .invalid(field: "text", reason: "must be at most \(Self.maximumWords) words") }
        guard controls == 0, !nul else { throw .invalid(field: "text", reason: "must not hold control characters (it looks like binary data, not text)") }
    }

    public func analyze(_ text: String) throws(DomainError) -> Analysis {
        try Self.check(text)
        let years = Self.years(in: text)
        let tokens = PhraseTokens.tokens(text)
        let (skills, near, encoded) = claimed(in: text, tokens: tokens)
        return Analysis(skills: skills, suggestions: suggestions(in: text, tokens: tokens, besides: skills, near: near, phrasesEncoded: encoded), seniority: Self.seniority(in: text), yearsMinimum: years?.0, yearsMaximum: years?.1,
                        yearsRange: years?.2, workplace: Self.workplace(in: text), location: Self.location(in: text))
    }

    /// Catalog phrases first; then candidate phrases they leave unexplained, by similarity.
    public func skills(in text: String) -> [SkillPhraseIndex.Hit] {
        claimed(in: text, tokens: PhraseTokens.tokens(text)).hits
    }

    /// The skills, and how many phrases went to the encoder for them.
    func claimed(in text: String, tokens: [PhraseTokens.Token]) -> (hits: [SkillPhraseIndex.Hit], near: [(skill: Int, range: Range<Int>, score: Float)], encoded: Int) {
        var hits = index.find(tokens: tokens)
        guard let semantic else { return (hits, [], 0) }
        var known = Set(hits.map(\.skillID))
        // A technology's name leaves its words to the encoder too: "Excel" may also say "use spreadsheets software".
        let semantically = semantic.find(in: text, tokens: tokens, covered: hits.filter { !$0.isTechnology }.map(\.range))
        for found in semantically.found {
            let entry = index.entries[found.skill]
            guard known.insert(entry.skillID).inserted else { continue }
            hits.append(.init(skillID: entry.skillID, uri: entry.uri, label: entry.label, range: found.range, confidence: Double(found.score) * 0.9))
        }
        return (hits.sorted { $0.range.lowerBound < $1.range.lowerBound }, semantically.near, semantically.encoded)
    }

    /// How many suggestions an analysis offers.
    public static let suggestionLimit = 10

    /// Skills near the text's phrases (`near`) and its densest sentence beyond `found`, best first
    /// (none without the encoder; no sentence when the phrases spent the encoder's budget).
    func suggestions(in text: String, tokens: [PhraseTokens.Token], besides found: [SkillPhraseIndex.Hit],
                     near: [(skill: Int, range: Range<Int>, score: Float)], phrasesEncoded: Int) -> [SkillPhraseIndex.Hit] {
        guard let semantic else { return [] }
        let known = Set(found.map(\.skillID))
        var best: [Int: (range: Range<Int>, score: Float)] = [:]
        for candidate in semantic.suggest(in: text, tokens: tokens, phrasesEncoded: phrasesEncoded, limit: Self.suggestionLimit + known.count) + near
        where candidate.score > best[candidate.skill]?.score ?? -2 {
            best[candidate.skill] = (candidate.range, candidate.score)
        }
        return best.sorted { ($0.value.score, -$0.key) > ($1.value.score, -$1.key) }.compactMap { skill, value in
            let entry = index.entries[skill]
            guard !known.contains(entry.skillID) else { return nil }
            return .init(skillID: entry.skillID, uri: entry.uri, label: entry.label, range: value.range, confidence: Double(value.score))
        }.prefix(Self.suggestionLimit).map { $0 }
    }

    /// The first match of `expression` and its groups (nil for a group that took no part).
    static func first(_ expression: NSRegularExpression, in text: String) -> (Range<Int>, [String?])? {
        guard let match = expression.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) else { return nil }
        let groups = (1..<match.numberOfRanges).map { index -> String? in
            let range = match.range(at: index)
            guard range.location != NSNotFound else { return nil }
            return (text as NSString).substring(with: range)
        }
        return (match.range.location..<(match.range.location + match.range.length), groups)
    }

    static func expression(_ pattern: String) -> NSRegularExpression {
        try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }

    /// The levels in order, each a group of one expression, so that the text is read once.
    static let seniorityExpression = expression(
        "\\b(?:(intern|internship|trainee|apprentice)|(junior|jr\\.?|entry[- ]level|graduate)|(mid[- ]level|intermediate|medior)"
            + "|(senior|sr\\.?|experienced)|(lead|principal|staff|head of|architect|manager))\\b")

    /// The first level the text names: intern, junior, mid, senior, lead.
    static func seniority(in text: String) -> Hint? {
        guard let (range, groups) = first(seniorityExpression, in: text), let level = groups.firstIndex(where: { $0 != nil }) else { return nil }
        return Hint(value: seniorityLevels[level], range: range)
    }

    public static let seniorityLevels = ["intern", "junior", "mid", "senior", "lead"]

    /// The seniority a title or text names as a rank (intern 0 … lead 4), if it names one.
    public static func seniorityRank(of text: String) -> Int? {
        seniority(in: text).flatMap { seniorityLevels.firstIndex(of: $0.value) }
    }

    static let yearsExpression = expression("(\\d{1,2})\\s*\\+?\\s*(?:(?:-|–|to)\\s*(\\d{1,2})\\s*)?\\+?\\s*(?:years?|yrs?)\\b")

    /// "5+ years", "3-5 years", "at least 2 years", "minimum of 4 years".
    static func years(in text: String) -> (Int?, Int?, Range<Int>)? {
        guard let (range, groups) = first(yearsExpression, in: text), let low = groups[0].flatMap({ Int($0) }) else { return nil }
        return (low, groups[1].flatMap { Int($0) }, range)
    }

    static let workplaceKinds = ["hybrid", "remote", "onsite"]
    static let workplaceExpression = expression(
        "\\b(?:(hybrid)|(remote|work from home|wfh|telecommute|anywhere)|(on[- ]site|onsite|in[- ]office|in the office))\\b")

    static func workplace(in text: String) -> Hint? {
        guard let (range, groups) = first(workplaceExpression, in: text), let kind = groups.firstIndex(where: { $0 != nil }) else { return nil }
        return Hint(value: workplaceKinds[kind], range: range)
    }

    /// "based in Berlin", "located in Utrecht, NL", "office in London", "Location: Paris".
    static let locationExpression = expression("(?:based in|located in|office in|offices in|location:)\\s*([A-Z][\\p{L}.' -]{1,40}?(?:,\\s*[A-Z][\\p{L}]{1,20})?)(?=[.;,\\n)]|$|\\s+(?:and|or|with)\\b)")

    static func location(in text: String) -> Hint? {
        guard let (range, groups) = first(locationExpression, in: text),
              let place = groups[0]?.trimmingCharacters(in: .whitespaces), !place.isEmpty else { return nil }
        return Hint(value: place, range: range)
    }
}
