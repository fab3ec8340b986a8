import Foundation
import Synchronization

/// Turns texts into unit vectors: the encoder, or a cache in front of it.
public protocol TextEncoding: Sendable {
    func encode(_ texts: [String]) -> [[Float]]
    /// One vector for a text of any length (the encoder averages windows of it).
    func encodeWhole(_ text: String) -> [Float]
}

extension TextEncoding {
    public func encodeWhole(_ text: String) -> [Float] { encode([text])[0] }
}

extension MiniLMEncoder: TextEncoding {}

/// Remembers the vectors of short texts (phrases recur across postings); forgets everything
/// when full, which keeps it simple and bounded.
public final class PhraseVectorCache: TextEncoding {
    let encoder: any TextEncoding
    let capacity: Int
    private let vectors = Mutex<[String: [Float]]>([:])

    public init(encoder: any TextEncoding, capacity: Int = 50_000) {
        self.encoder = encoder
        self.capacity = capacity
    }

    public func encode(_ texts: [String]) -> [[Float]] {
        var known = vectors.withLock { cache in texts.map { cache[$0] } }
        let missing = Array(Set(texts.indices.filter { known[$0] == nil }.map { texts[$0] }))
        guard !missing.isEmpty else { return known.map { $0! } }
        let fresh = Dictionary(uniqueKeysWithValues: zip(missing, encoder.encode(missing)))
        vectors.withLock { cache in
            if cache.count + fresh.count > capacity { cache.removeAll(keepingCapacity: true) }
            cache.merge(fresh) { $1 }
        }
        for index in known.indices where known[index] == nil { known[index] = fresh[texts[index]] }
        return known.map { $0! }
    }
}

/// Finds skills a text asks for in words the catalog does not use: the text's candidate phrases
/// (runs of content words between punctuation and function words) are encoded and compared with
/// the catalog skills' vectors; a phrase close enough to a skill names it.
public struct SemanticSkillFinder: Sendable {
    /// Catalog skill vectors; the id is the skill's position in the phrase index's entries.
    let skills: VectorIndex<Int>
    let encoder: any TextEncoding
    public let threshold: Float
    /// The words of the catalog's labels: phrases with more of them go to the encoder first, and
    /// phrases with none are not encoded (empty: every phrase is a candidate).
    let vocabulary: Set<String>
    /// At most this many distinct phrases of one text are encoded (one encoder pass each, ~3 ms):
    /// what bounds the work a text of any length costs.
    public let budget: Int

    public static let defaultThreshold: Float = 0.84
    public static let defaultBudget = 16
    static let longestPhrase = 6

    public init(skills: VectorIndex<Int>, encoder: any TextEncoding, threshold: Float = Self.defaultThreshold, vocabulary: Set<String> = [],
                budget: Int = Self.defaultBudget) {
        self.skills = skills
        self.encoder = encoder
        self.threshold = threshold
        self.vocabulary = vocabulary
        self.budget = budget
    }

    /// Words that end a candidate phrase: function words, and the words postings wrap skills in.
    static let boundaries: Set<String> = [
        "a", "an", "the", "and", "or", "but", "nor", "with", "without", "for", "to", "in", "into", "on", "at", "by", "from", "as", "of",
        "is", "are", "be", "been", "being", "was", "were", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
        "you", "your", "we", "our", "u", "they", "their", "them", "he", "she", "his", "her", "it", "who", "whom", "which", "that",
        "this", "these", "those", "there", "here", "have", "ha", "had", "do", "doe", "did", "not", "no", "all", "any", "some", "each",
        "every", "other", "such", "like", "including", "include", "e.g", "i.e", "etc", "also", "well", "very", "more", "most", "least",
        "experience", "experienced", "ability", "able", "knowledge", "skill", "strong", "excellent", "good", "great", "proven", "solid",
        "year", "plus", "required", "requirement", "preferred", "desirable", "nice", "familiarity", "familiar", "understanding",
        "proficiency", "proficient", "demonstrated", "hand", "candidate", "role", "position", "job", "team", "work", "working",
        "responsible", "responsibility", "ideal", "ideally", "looking", "seeking", "join", "help", "using", "use", "within", "across",
        "about", "over", "under", "while", "when", "where", "how", "what", "why", "if", "then", "than", "so", "per", "via", "day",
        "daily", "new", "company", "environment", "opportunity", "ensure", "make", "sure", "up", "out",
    ]

    /// A phrase of the text: its words (`tokens[words]`), where it is, and which run of content
    /// words it comes from (a run names at most one skill per word).
    struct Candidate {
        let words: Range<Int>
        let range: Range<Int>
        let run: Int
    }

    /// Candidate phrases of the text that `covered` (ranges already explained) does not touch:
    /// each run of content words whole (up to `longestPhrase` words) and its spans of two or
    /// more words. Linear in the text: a long text costs its length, not its length times its hits.
    static func candidates(in text: String, tokens: [PhraseTokens.Token], covered: [Range<Int>]) -> [Candidate] {
        let utf16 = Array(text.utf16)
        // Which tokens a covered range touches, by one sweep over both in order.
        var touched = [Bool](repeating: false, count: tokens.count)
        var next = 0
        for range in covered.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            while next < tokens.count, tokens[next].range.upperBound <= range.lowerBound { next += 1 }
            var index = next
            while index < tokens.count, tokens[index].range.lowerBound < range.upperBound {
                if tokens[index].range.overlaps(range) { touched[index] = true }
                index += 1
            }
        }
        var result: [Candidate] = []
        var runStart = 0, runs = 0
        func flush(_ end: Int) {
            defer { runs += 1 }
            let count = end - runStart
            let window = min(count, longestPhrase)
            guard window > 0 else { return }
            for length in stride(from: window, through: min(2, window), by: -1) {
                for first in runStart...(end - length) {
                    let words = first..<(first + length)
                    guard !touched[words].contains(true) else { continue }
                    guard words.contains(where: { tokens[$0].text.count > 2 && !tokens[$0].text.allSatisfy(\.isNumber) }) else { continue }
                    result.append(Candidate(words: words, range: tokens[first].range.lowerBound..<tokens[words.upperBound - 1].range.upperBound, run: runs))
                }
            }
        }
        for (index, token) in tokens.enumerated() {
            if index > 0 {
                // Punctuation (anything but spaces and hyphens) or a line break between two words ends a run.
                let gap = utf16[tokens[index - 1].range.upperBound..<token.range.lowerBound]
                if gap.contains(where: { $0 == 10 || $0 == 13 || ($0 != 32 && $0 != 9 && $0 != 45 && $0 != 0xA0) }) {
                    flush(index)
                    runStart = index
                }
            }
            if boundaries.contains(token.text) || token.text == "/" || token.text.allSatisfy(\.isNumber) {
                flush(index)
                runStart = index + 1
            }
        }
        flush(tokens.count)
        return result
    }

    /// The candidates whose phrase is among the `budget` most promising distinct phrases: most of
    /// their words in the catalog's vocabulary first, then shorter, then earlier in the text.
    /// Phrases with no word of the vocabulary are dropped (when there is a vocabulary).
    static func mostPromising(_ candidates: [Candidate], tokens: [PhraseTokens.Token], vocabulary: Set<String>, budget: Int) -> [(Candidate, key: [Int32])] {
        // Each distinct word gets a number, so that phrases compare as short arrays of numbers.
        var numbers: [String: Int32] = [:]
        var known: [Bool] = []
        let words = tokens.map { token -> Int32 in
            if let number = numbers[token.text] { return number }
            let number = Int32(numbers.count)
            numbers[token.text] = number
            known.append(vocabulary.isEmpty || vocabulary.contains(token.text))
            return number
        }
        var ranked: [[Int32]: (known: Double, words: Int, first: Int)] = [:]
        var keyed: [(Candidate, key: [Int32])] = []
        keyed.reserveCapacity(candidates.count)
        for candidate in candidates {
            let key = Array(words[candidate.words])
            keyed.append((candidate, key))
            guard ranked[key] == nil else { continue }
            let share = Double(key.filter { known[Int($0)] }.count) / Double(key.count)
            guard share > 0 else { continue }
            ranked[key] = (share, key.count, candidate.range.lowerBound)
        }
        let kept = Set(ranked.sorted { ($0.value.known, -$0.value.words, -$0.value.first) > ($1.value.known, -$1.value.words, -$1.value.first) }
            .prefix(max(0, budget)).map(\.key))
        return keyed.filter { kept.contains($0.key) }
    }

    /// The skills that candidate phrases name: skill position, the phrase's range, the cosine.
    /// Also how many distinct phrases went to the encoder (what is left of `budget` pays for `suggest`).
    func find(in text: String, tokens: [PhraseTokens.Token], covered: [Range<Int>])
        -> (found: [(skill: Int, range: Range<Int>, score: Float)], near: [(skill: Int, range: Range<Int>, score: Float)], encoded: Int) {
        let chosen = Self.mostPromising(Self.candidates(in: text, tokens: tokens, covered: covered), tokens: tokens, vocabulary: vocabulary, budget: budget)
        guard !chosen.isEmpty, skills.count > 0 else { return ([], [], 0) }
        // Each distinct phrase is encoded once, as the text first writes it.
        let utf16 = Array(text.utf16)
        var surfaces: [[Int32]: String] = [:]
        for (candidate, key) in chosen where surfaces[key] == nil {
            surfaces[key] = String(utf16CodeUnits: Array(utf16[candidate.range]), count: candidate.range.count).lowercased()
        }
        let keys = Array(surfaces.keys)
        let rows = Dictionary(uniqueKeysWithValues: zip(keys, skills.scores(batch: encoder.encode(keys.map { surfaces[$0]! }))))
        let candidates = chosen.map(\.0)
        let scores = chosen.map { rows[$0.key]! }
        // Per run, the best-scoring spans that do not overlap, each above the threshold.
        var best: [(candidate: Candidate, skill: Int, score: Float)] = []
        for (candidate, row) in zip(candidates, scores) {
            guard let top = VectorIndex<Int>.top(row, k: 1, minimum: threshold).first else { continue }
            best.append((candidate, skills.ids[top.row], top.score))
        }
        best.sort { $0.score > $1.score }
        var found: [(skill: Int, range: Range<Int>, score: Float)] = []
        var taken: [Int: [Range<Int>]] = [:]
        for hit in best where !(taken[hit.candidate.run] ?? []).contains(where: { $0.overlaps(hit.candidate.range) }) {
            taken[hit.candidate.run, default: []].append(hit.candidate.range)
            found.append((hit.skill, hit.candidate.range, hit.score))
        }
        // Each phrase's nearest skills, whatever their score: suggestions at no further cost.
        var near: [(skill: Int, range: Range<Int>, score: Float)] = []
        var seen: Set<[Int32]> = []
        for (candidate, key) in chosen where seen.insert(key).inserted {
            for top in VectorIndex<Int>.top(rows[key]!, k: Self.nearPerPhrase, minimum: -1) {
                near.append((skills.ids[top.row], candidate.range, top.score * Self.nearWeight))
            }
        }
        return (found, near, keys.count)
    }

    /// Each encoded phrase's `nearPerPhrase` nearest skills are suggestions, their cosine weighed
    /// by `nearWeight` against the whole sentence's (a phrase is nearer any label than a sentence
    /// is). On the benchmark's validation files, R-precision@5 of TECH and HOUSE: 0.688 and 0.526
    /// (0.628 and 0.466 from the sentence alone; 0.661 and 0.536 at weight 0.9, 0.654 and 0.531 at 1).
    static let nearPerPhrase = 3
    static let nearWeight: Float = 0.8

    /// A sentence of at most `sentenceWords` words is encoded whole for `suggest` when the phrases
    /// left `sentenceCost` of the budget unspent (the encoder costs about 0.2 ms per word-piece
    /// here: two sentences of 40 words on top of the phrases took a 400-word posting from 15 to
    /// 48 ms, and the longest text past 100 ms at p99). A long text spends its budget on phrases
    /// and gets no suggestions; a sentence or a short text gets them. On the ESCO benchmark's
    /// validation files: R-precision@5 0.628 and 0.466 (TECH, HOUSE) against 0.614 and 0.462 with
    /// 8 and 32 words, and 0.649 and 0.482 with no bound.
    public static let sentenceCost = 4
    public static let sentenceWords = 48

    /// Skills the text's sentence with most words of the catalog's labels is about as a whole, best
    /// first, without a threshold: the sentence is encoded and compared with every skill, each
    /// skill's evidence that sentence. What a reader may also want to confirm, beyond the skills
    /// the text names (nothing when the phrases spent the budget).
    func suggest(in text: String, tokens: [PhraseTokens.Token], phrasesEncoded: Int, limit: Int) -> [(skill: Int, range: Range<Int>, score: Float)] {
        guard !tokens.isEmpty, skills.count > 0, limit > 0, phrasesEncoded + Self.sentenceCost <= budget else { return [] }
        // Sentences: runs of words between . ! ? ; or a line break.
        let utf16 = Array(text.utf16)
        var sentences: [Range<Int>] = [], start = 0
        for index in 1..<max(1, tokens.count) {
            let gap = utf16[tokens[index - 1].range.upperBound..<tokens[index].range.lowerBound]
            if gap.contains(where: { $0 == 10 || $0 == 13 || $0 == 46 || $0 == 33 || $0 == 63 || $0 == 59 }) {
                sentences.append(start..<index)
                start = index
            }
        }
        sentences.append(start..<tokens.count)
        func known(_ words: Range<Int>) -> Int { Set(tokens[words].map(\.text)).filter { vocabulary.isEmpty || vocabulary.contains($0) }.count }
        let chosen = sentences.enumerated().map { (position: $0.offset, words: $0.element, known: known($0.element)) }
            .filter { $0.known > 0 }
            .sorted { ($0.known, -$0.position) > ($1.known, -$1.position) }
            .prefix(1)
            .map { tokens[$0.words.lowerBound].range.lowerBound..<tokens[min($0.words.upperBound, $0.words.lowerBound + Self.sentenceWords) - 1].range.upperBound }
        guard !chosen.isEmpty else { return [] }
        let texts = chosen.map { String(decoding: utf16[$0], as: UTF16.self) }
        var best: [Int: (range: Range<Int>, score: Float)] = [:]
        for (range, row) in zip(chosen, skills.scores(batch: encoder.encode(texts))) {
            for top in VectorIndex<Int>.top(row, k: limit, minimum: -1) {
                let skill = skills.ids[top.row]
                if top.score > best[skill]?.score ?? -2 { best[skill] = (range, top.score) }
            }
        }
        return best.map { (skill: $0.key, range: $0.value.range, score: $0.value.score) }
            .sorted { ($0.score, -$0.skill) > ($1.score, -$1.skill) }
            .prefix(limit).map { $0 }
    }
}
