import Foundation

/// Finds catalog skills named in a text by their labels: every preferred and alternative
/// label (and its form without a parenthesised qualifier, "Python (computer programming)" →
/// "python") is a phrase; the text is scanned for the longest phrase at each word. Built once
/// from the catalog and shared.
public struct SkillPhraseIndex: Sendable {
    public struct Entry: Sendable {
        public let skillID: UUID
        public let uri: String
        public let label: String
        public let alternatives: [String]

        public init(skillID: UUID, uri: String, label: String, alternatives: [String]) {
            self.skillID = skillID
            self.uri = uri
            self.label = label
            self.alternatives = alternatives
        }
    }

    /// A phrase found in the text.
    public struct Hit: Sendable, Equatable {
        public let skillID: UUID
        public let uri: String
        public let label: String
        /// The words of the text that name the skill, as UTF-16 offsets.
        public let range: Range<Int>
        /// 1 for the preferred label, less for an alternative or a shortened one.
        public let confidence: Double
    }

    struct Phrase: Sendable {
        let tokens: [String]
        let skill: Int
        let confidence: Double
    }

    public let entries: [Entry]
    /// Phrases by their first token, longest first.
    let phrases: [String: [Phrase]]
    let longest: Int

    /// Words too common to name a skill on their own.
    static let stopPhrases: Set<String> = [
        "it", "go", "r", "c", "d", "art", "design", "management", "communication", "english", "service", "planning", "support",
        "data", "analysis", "development", "research",
    ]

    /// A one-word alternative label names its skill only when it is a name rather than an
    /// everyday word: an acronym or brand ("PPC", "PostgreSQL") or written with a digit or
    /// symbol ("C++", "HTML5"). "clean", "patterns" or "schedule" alone name nothing.
    static func looksLikeAName(_ word: String) -> Bool {
        word.contains { !$0.isLetter && !$0.isWhitespace } || word.filter(\.isUppercase).count >= 2
    }

    public init(_ entries: [Entry]) {
        self.entries = entries
        var phrases: [String: [Phrase]] = [:]
        var longest = 1
        for (index, entry) in entries.enumerated() {
            var forms: [(text: String, confidence: Double, preferred: Bool)] = [(entry.label, 1.0, true)] + entry.alternatives.map { ($0, 0.9, false) }
            for form in forms where form.text.contains("(") {
                let short = form.text.replacingOccurrences(of: "\\s*\\([^)]*\\)", with: "", options: .regularExpression)
                if !short.isEmpty { forms.append((short, form.confidence - 0.1, form.preferred)) }
            }
            var seen = Set<[String]>()
            for (text, confidence, preferred) in forms {
                let tokens = PhraseTokens.tokens(text).map(\.text)
                guard !tokens.isEmpty, tokens.count <= 8 else { continue }
                if tokens.count == 1, Self.stopPhrases.contains(tokens[0]) || (!preferred && !Self.looksLikeAName(text)) { continue }
                guard seen.insert(tokens).inserted else { continue }
                phrases[tokens[0], default: []].append(Phrase(tokens: tokens, skill: index, confidence: confidence))
                longest = max(longest, tokens.count)
            }
        }
        for key in phrases.keys { phrases[key]!.sort { ($0.tokens.count, $0.confidence) > ($1.tokens.count, $1.confidence) } }
        self.phrases = phrases
        self.longest = longest
    }

    /// The skills the text names, each once (its best hit), in the order they first appear.
    public func find(in text: String) -> [Hit] {
        find(tokens: PhraseTokens.tokens(text))
    }

    func find(tokens: [PhraseTokens.Token]) -> [Hit] {
        var hits: [Hit] = []
        var best: [Int: Int] = [:]
        var position = 0
        while position < tokens.count {
            var matched = 0
            for phrase in phrases[tokens[position].text] ?? [] where phrase.tokens.count <= tokens.count - position {
                guard zip(phrase.tokens, tokens[position...]).allSatisfy({ $0 == $1.text }) else { continue }
                let range = tokens[position].range.lowerBound..<tokens[position + phrase.tokens.count - 1].range.upperBound
                let entry = entries[phrase.skill]
                let hit = Hit(skillID: entry.skillID, uri: entry.uri, label: entry.label, range: range, confidence: phrase.confidence)
                if let index = best[phrase.skill] {
                    if hits[index].confidence < hit.confidence { hits[index] = hit }
                } else {
                    best[phrase.skill] = hits.count
                    hits.append(hit)
                }
                matched = max(matched, phrase.tokens.count)
                break
            }
            position += max(1, matched)
        }
        return hits
    }
}
