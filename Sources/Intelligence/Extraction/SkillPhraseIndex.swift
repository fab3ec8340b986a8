import Foundation

/// Finds catalog skills named in a text by their labels: every preferred and alternative
/// label (and its form without a parenthesised qualifier, "Python (computer programming)" →
/// "python") is a phrase; the text is scanned for the longest phrase at each word. Built once
/// from the catalog and shared.
///
/// A one-word name that is also an everyday word names its skill only in context: a technology
/// marked so ("Go", "Excel", "React"), one that other skills' labels use as a plain word ("React"
/// beside "react to emergencies"), or an ESCO tool whose name is an everyday word ("Chef (tools
/// for software configuration management)", "Assembly (computer programming)") counts only in a
/// text that speaks of computing ("software", "developer", "cloud"…), names a technology plainly,
/// or lists such names side by side; the marked ones also only written with their capital.
public struct SkillPhraseIndex: Sendable {
    public struct Entry: Sendable {
        public let skillID: UUID
        public let uri: String
        public let label: String
        public let alternatives: [String]
        /// For a technology, the ESCO skill it belongs under.
        public let concept: Concept?
        /// The name is also an everyday word (see the type's comment).
        public let needsContext: Bool

        public init(skillID: UUID, uri: String, label: String, alternatives: [String], concept: Concept? = nil, needsContext: Bool = false) {
            self.skillID = skillID
            self.uri = uri
            self.label = label
            self.alternatives = alternatives
            self.concept = concept
            self.needsContext = needsContext
        }

        /// One of the technology vocabulary (with an ESCO skill above it), not an ESCO skill.
        public var isTechnology: Bool { concept != nil }

        /// A technology, or a tool ESCO names with its domain ("Jenkins (tools for software configuration management)").
        var isTechnical: Bool { isTechnology || label.contains("(") }
    }

    /// The ESCO skill a technology belongs under.
    public struct Concept: Sendable, Equatable {
        public let uri: String
        public let label: String

        public init(uri: String, label: String) {
            self.uri = uri
            self.label = label
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
        /// For a technology, the ESCO skill it belongs under.
        public var concept: Concept? = nil

        public var isTechnology: Bool { concept != nil }
    }

    struct Phrase: Sendable {
        let tokens: [String]
        let skill: Int
        let confidence: Double
        /// Which came first, to break ties between skills sharing the same words.
        let order: Int
        /// An everyday word as well: it needs context, and its capital when `capital`.
        var needsContext = false
        var capital = false
        /// The name starts with a capital ("Chef", not "pandas"): in a list it must be written so.
        var capitalName = false
        /// A technology's name that ESCO gives its skill as a label too ("Google Sheets", "git"):
        /// that skill's position, named by the same words.
        var also: Int?
    }

    public let entries: [Entry]
    /// Phrases by their first token, longest first.
    /// The phrases as a trie over their words: node 0 is the root; a node's phrase is the one its
    /// path of words spells (the most confident, when several skills share the words).
    let children: [[String: Int32]]
    let ends: [Phrase?]
    let longest: Int
    /// Every word of every ESCO label (technologies left out: found by name, never by resemblance):
    /// a text's phrases made of none of them are not worth the encoder.
    public let vocabulary: Set<String>

    /// Words too common to name a skill on their own.
    static let stopPhrases: Set<String> = [
        "it", "d", "art", "design", "management", "communication", "english", "service", "planning", "support",
        "data", "analysis", "development", "research",
    ]

    /// Names of one letter or a common word that name a language only in context ("Go", "R", "C").
    static let contextNames: Set<String> = ["go", "r", "c"]

    /// The one-word tools ESCO qualifies ("Chef (tools for software configuration management)")
    /// whose names are everyday words or names: that tool only in a text about computing. (Of the
    /// 29 such ESCO tools; "Python", "Java", "Android" need no context.)
    static let everydayWords: Set<String> = [
        "absorb", "assembly", "canvas", "chef", "eclipse", "frostbite", "jenkins", "pascal", "puppet", "rage", "ruby", "salt", "scratch",
        "shiva", "source", "swift", "unity",
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
        // Each entry's forms, and how many entries' labels use each word.
        var allForms: [[(tokens: [String], text: String, confidence: Double, preferred: Bool, shortened: Bool)]] = []
        var users: [String: Int] = [:]
        for entry in entries {
            var forms: [(text: String, confidence: Double, preferred: Bool, shortened: Bool)] = [(entry.label, 1.0, true, false)] + entry.alternatives.map { ($0, 0.9, false, false) }
            for form in forms where form.text.contains("(") {
                let short = form.text.replacingOccurrences(of: "\\s*\\([^)]*\\)", with: "", options: .regularExpression)
                if !short.isEmpty { forms.append((short, form.confidence - 0.1, form.preferred, true)) }
            }
            let tokenized = forms.map { (tokens: PhraseTokens.tokens($0.text).map(\.text), text: $0.text, confidence: $0.confidence, preferred: $0.preferred, shortened: $0.shortened) }
            // A one-word alternative is another name, not a use of the word ("git" for version control).
            for word in Set(tokenized.filter { !$0.shortened && ($0.preferred || $0.tokens.count > 1) }.flatMap(\.tokens)) { users[word, default: 0] += 1 }
            allForms.append(tokenized)
        }
        let positions = Dictionary(entries.enumerated().map { ($1.uri, $0) }) { first, _ in first }
        for (index, entry) in entries.enumerated() {
            var seen = Set<[String]>()
            let concept = entry.concept.flatMap { positions[$0.uri] }
            let conceptForms = Set(concept.map { allForms[$0].map(\.tokens) } ?? [])
            for (tokens, text, confidence, preferred, shortened) in allForms[index] {
                if !entry.isTechnology { vocabulary.formUnion(tokens) }
                guard !tokens.isEmpty, tokens.count <= 8 else { continue }
                let technology = entry.isTechnology
                if tokens.count == 1, Self.stopPhrases.contains(tokens[0]) || (!preferred && !technology && !Self.looksLikeAName(text)) { continue }
                // An acronym the catalog's labels use as a word of their own ("ICT", in hundreds) is
                // not this skill's name ("ICT" for in-circuit test).
                if tokens.count == 1, !preferred, !technology, users[tokens[0], default: 0] > Self.commonWordUsers { continue }
                guard seen.insert(tokens).inserted else { continue }
                var phrase = Phrase(tokens: tokens, skill: index, confidence: confidence, order: order)
                if conceptForms.contains(tokens) { phrase.also = concept }
                if tokens.count == 1, technology || shortened || Self.contextNames.contains(tokens[0]), !Self.looksLikeAName(text) {
                    // Its own label uses the word once; another label using it makes it an everyday word.
                    phrase.needsContext = entry.needsContext || users[tokens[0], default: 0] > 1 || Self.contextNames.contains(tokens[0])
                        || (shortened && Self.everydayWords.contains(tokens[0]))
                    // A name flagged as an everyday word counts only with its capital ("Excel", not "excel at").
                    phrase.capitalName = text.first?.isUppercase ?? false
                    phrase.capital = (entry.needsContext || Self.contextNames.contains(tokens[0])) && phrase.capitalName
                }
                phrases[tokens[0], default: []].append(phrase)
                order += 1
                longest = max(longest, tokens.count)
            }
        }
        var children: [[String: Int32]] = [[:]]
        var ends: [Phrase?] = [nil]
        func better(_ phrase: Phrase, than other: Phrase?) -> Bool {
            other.map { $0.confidence < phrase.confidence || ($0.confidence == phrase.confidence && $0.order > phrase.order) } ?? true
        }
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
            if better(phrase, than: ends[node]) { ends[node] = phrase }
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

    /// Words that say a text is about computing: context for a name that is an everyday word too.
    static let computingWords: Set<String> = [
        "software", "developer", "programming", "programmer", "engineer", "engineering", "code", "coding", "framework", "library",
        "cloud", "devops", "database", "backend", "frontend", "fullstack", "web", "api", "computer", "scripting", "technology",
        "stack", "server", "spreadsheet", "microsoft", "google", "game",
    ]

    /// A one-word alternative label that more labels than this use as a word names no skill alone.
    static let commonWordUsers = 3

    /// At most this many words between two names that vouch for each other as a list.
    static let listGap = 2

    /// At each position the longest phrase that starts there, walked down the trie; then on
    /// past it. Linear in the text (times the longest phrase). A phrase that needs context
    /// counts only when the text speaks of computing or names a technology plainly (and, flagged as
    /// an everyday word, written with its capital).
    func find(tokens: [PhraseTokens.Token]) -> [Hit] {
        var hits: [Hit] = []
        // Per hit: whether it needs context, its entry, its words, and whether it is written as its name is.
        var conditional: [Bool] = [], skills: [Int] = [], places: [Range<Int>] = [], cased: [Bool] = []
        var best: [Int: Int] = [:]
        var position = 0
        func record(_ skill: Int, confidence: Double, _ range: Range<Int>, at place: Range<Int>, needsContext: Bool, writtenAsName: Bool) {
            let entry = entries[skill]
            let hit = Hit(skillID: entry.skillID, uri: entry.uri, label: entry.label, range: range, confidence: confidence, concept: entry.concept)
            if let index = best[skill] {
                // Named plainly once, it stays named plainly.
                if hits[index].confidence < hit.confidence || (conditional[index] && !needsContext) {
                    hits[index] = hit
                    places[index] = place
                    cased[index] = writtenAsName
                }
                conditional[index] = conditional[index] && needsContext
            } else {
                best[skill] = hits.count
                hits.append(hit)
                conditional.append(needsContext)
                skills.append(skill)
                places.append(place)
                cased.append(writtenAsName)
            }
        }
        while position < tokens.count {
            var node = 0, found: (phrase: Phrase, length: Int)?
            for offset in 0..<min(longest, tokens.count - position) {
                guard let next = children[node][tokens[position + offset].text] else { break }
                node = Int(next)
                if let phrase = ends[node], !phrase.capital || tokens[position].capitalised { found = (phrase, offset + 1) }
            }
            if let (phrase, length) = found {
                let range = tokens[position].range.lowerBound..<tokens[position + length - 1].range.upperBound
                let place = position..<(position + length)
                let writtenAsName = !phrase.capitalName || tokens[position].capitalised
                record(phrase.skill, confidence: phrase.confidence, range, at: place, needsContext: phrase.needsContext, writtenAsName: writtenAsName)
                // The ESCO skill the same words name stands or falls with the name.
                if let also = phrase.also { record(also, confidence: 0.9, range, at: place, needsContext: phrase.needsContext, writtenAsName: writtenAsName) }
            }
            position += max(1, found?.length ?? 0)
        }
        guard conditional.contains(true) else { return hits }
        let computing = tokens.contains { Self.computingWords.contains($0.text) }
        // Context is a computing word, a technology named plainly, or another such name next to it,
        // both written as names are (a list: "Java/J2EE Python Go"); everyday words ("the chef
        // seasons with salt") are no context.
        let technical = hits.indices.contains { !conditional[$0] && entries[skills[$0]].isTechnical }
        func listed(_ index: Int) -> Bool {
            cased[index] && hits.indices.contains { other in
                other != index && conditional[other] && cased[other] && places[other] != places[index]
                    && max(places[other].lowerBound - places[index].upperBound, places[index].lowerBound - places[other].upperBound) <= Self.listGap
            }
        }
        return hits.indices.filter { !conditional[$0] || computing || technical || listed($0) }.map { hits[$0] }
    }
}
