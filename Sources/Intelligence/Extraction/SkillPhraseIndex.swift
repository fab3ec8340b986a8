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
        /// Which came first, to break ties between skills sharing the same words.
        let order: Int
    }

    public let entries: [Entry]
    /// Phrases by their first token, longest first.
    /// The phrases as a trie over their words: node 0 is the root; a node's phrase is the one its
    /// path of words spells (the most confident, when several skills share the words).
    let children: [[String: Int32]]
    let ends: [Phrase?]
    let longest: Int
    /// Every word of every label: a text's phrases made of none of them name no skill.
    public let vocabulary: Set<String>

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
        var vocabulary = Set<String>()
        var order = 0
        for (index, entry) in entries.enumerated() {
            var forms: [(text: String, confidence: Double, preferred: Bool)] = [(entry.label, 1.0, true)] + entry.alternatives.map { ($0, 0.9, false) }
            for form in forms where form.text.contains("(") {
                let short = form.text.replacingOccurrences(of: "\\s*\\([^)]*\\)", with: "", options: .regularExpression)
                if !short.isEmpty { forms.append((short, form.confidence - 0.1, form.preferred)) }
            }
            var seen = Set<[String]>()
            for (text, confidence, preferred) in forms {
                let tokens = PhraseTokens.tokens(text).map(\.text)
                vocabulary.formUnion(tokens)
                guard !tokens.isEmpty, tokens.count <= 8 else { continue }
                if tokens.count == 1, Self.stopPhrases.contains(tokens[0]) || (!preferred && !Self.looksLikeAName(text)) { continue }
                guard seen.insert(tokens).inserted else { continue }
                phrases[tokens[0], default: []].append(Phrase(tokens: tokens, skill: index, confidence: confidence, order: order))
                order += 1
                longest = max(longest, tokens.count)
            }
        }
        var children: [[String: Int32]] = [[:]]
        var ends: [Phrase?] = [nil]
        for phrase in phrases.values.joined() {
            var node = 0
            for token in phrase.tokens {
                if let next = children[node][token] {
                    node = Int(next)
                } else {
                    children.append([:])
                    ends.append(nil)
                    children[node][token] = Int32(children.count - 1)
                    node = children.count - 1
                }
            }
            if ends[node].map({ $0.confidence < phrase.confidence || ($0.confidence == phrase.confidence && $0.order > phrase.order) }) ?? true {
                ends[node] = phrase
            }
        }
        self.children = children
        self.ends = ends
        self.longest = longest
        self.vocabulary = vocabulary
    }

    /// The skills the text names, each once (its best hit), in the order they first appear.
    public func find(in text: String) -> [Hit] {
        find(tokens: PhraseTokens.tokens(text))
    }

    /// At each position the longest phrase that starts there, walked down the trie; then on
    /// past it. Linear in the text (times the longest phrase).
    func find(tokens: [PhraseTokens.Token]) -> [Hit] {
        var hits: [Hit] = []
        var best: [Int: Int] = [:]
        var position = 0
        while position < tokens.count {
            var node = 0, found: (phrase: Phrase, length: Int)?
            for offset in 0..<min(longest, tokens.count - position) {
                guard let next = children[node][tokens[position + offset].text] else { break }
                node = Int(next)
                if let phrase = ends[node] { found = (phrase, offset + 1) }
            }
            if let (phrase, length) = found {
                let range = tokens[position].range.lowerBound..<tokens[position + length - 1].range.upperBound
                let entry = entries[phrase.skill]
                let hit = Hit(skillID: entry.skillID, uri: entry.uri, label: entry.label, range: range, confidence: phrase.confidence)
                if let index = best[phrase.skill] {
                    if hits[index].confidence < hit.confidence { hits[index] = hit }
                } else {
                    best[phrase.skill] = hits.count
                    hits.append(hit)
                }
            }
            position += max(1, found?.length ?? 0)
        }
        return hits
    }
}
