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

    public static let defaultThreshold: Float = 0.84
    static let longestPhrase = 6

    public init(skills: VectorIndex<Int>, encoder: any TextEncoding, threshold: Float = Self.defaultThreshold) {
        self.skills = skills
        self.encoder = encoder
        self.threshold = threshold
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

    struct Candidate {
        let text: String
        let range: Range<Int>
        /// Which run of content words it comes from; a run names at most one skill per word.
        let run: Int
    }

    /// Candidate phrases of the text that `covered` (ranges already explained) does not touch:
    /// each run of content words whole (up to `longestPhrase` words) and its spans of two or
    /// more words.
    static func candidates(in text: String, tokens: [PhraseTokens.Token], covered: [Range<Int>]) -> [Candidate] {
        let utf16 = Array(text.utf16)
        var result: [Candidate] = []
        var run: [PhraseTokens.Token] = []
        var runs = 0
        func flush() {
            defer { run = []; runs += 1 }
            let window = min(run.count, longestPhrase)
            guard window > 0 else { return }
            for length in stride(from: window, through: min(2, window), by: -1) {
                for start in 0...(run.count - length) {
                    let piece = run[start..<(start + length)]
                    let range = piece.first!.range.lowerBound..<piece.last!.range.upperBound
                    guard !covered.contains(where: { $0.overlaps(range) }) else { continue }
                    guard piece.contains(where: { $0.text.count > 2 && !$0.text.allSatisfy(\.isNumber) }) else { continue }
                    result.append(Candidate(text: String(utf16CodeUnits: Array(utf16[range]), count: range.count), range: range, run: runs))
                }
            }
        }
        for (index, token) in tokens.enumerated() {
            if index > 0 {
                let gap = tokens[index - 1].range.upperBound..<token.range.lowerBound
                let between = String(utf16CodeUnits: Array(utf16[gap]), count: gap.count)
                if between.contains(where: { !$0.isWhitespace && $0 != "-" }) || between.contains("\n") { flush() }
            }
            if boundaries.contains(token.text) || token.text == "/" || token.text.allSatisfy(\.isNumber) {
                flush()
            } else {
                run.append(token)
            }
        }
        flush()
        return result
    }

    /// The skills that candidate phrases name: skill position, the phrase's range, the cosine.
    func find(in text: String, tokens: [PhraseTokens.Token], covered: [Range<Int>]) -> [(skill: Int, range: Range<Int>, score: Float)] {
        let candidates = Self.candidates(in: text, tokens: tokens, covered: covered)
        guard !candidates.isEmpty, skills.count > 0 else { return [] }
        let vectors = encoder.encode(candidates.map { $0.text.lowercased() })
        let scores = skills.scores(batch: vectors)
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
        return found
    }
}
