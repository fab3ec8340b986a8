import Foundation

/// BERT's tokenizer as all-MiniLM-L6-v2 uses it (uncased): the basic tokenizer — clean the
/// text, put spaces around CJK ideographs, lower-case, strip accents, split on whitespace and
/// punctuation — then WordPiece, greedy longest match first over `vocab.txt`, pieces after the
/// first prefixed `##`, a word that cannot be split (or is over 100 characters) `[UNK]`.
public struct WordPieceTokenizer: Sendable {
    public let vocabulary: [String: Int32]
    public let unknown: Int32
    public let classifier: Int32
    public let separator: Int32
    public let padding: Int32

    public init(vocabulary lines: [String]) throws {
        var vocabulary: [String: Int32] = [:]
        for (index, token) in lines.enumerated() where vocabulary[token] == nil {
            vocabulary[token] = Int32(index)
        }
        guard let unknown = vocabulary["[UNK]"], let classifier = vocabulary["[CLS]"], let separator = vocabulary["[SEP]"],
              let padding = vocabulary["[PAD]"] else { throw EncoderError.badModel("vocab.txt lacks [UNK], [CLS], [SEP] or [PAD]") }
        self.vocabulary = vocabulary
        self.unknown = unknown
        self.classifier = classifier
        self.separator = separator
        self.padding = padding
    }

    public init(vocabularyFile: URL) throws {
        let text = try String(contentsOf: vocabularyFile, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        try self.init(vocabulary: lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 })
    }

    /// A word of the text with where it stands (UTF-16 offsets into the original text).
    public struct Word: Sendable, Equatable {
        public let text: String
        public let range: Range<Int>
    }

    /// `[CLS]` + pieces + `[SEP]`, at most `maxLength` ids (the pieces are cut to fit).
    public func encode(_ text: String, maxLength: Int = 256) -> [Int32] {
        var ids: [Int32] = [classifier]
        for word in words(text) {
            for piece in pieces(word.text) {
                guard ids.count < maxLength - 1 else { return ids + [separator] }
                ids.append(piece)
            }
        }
        return ids + [separator]
    }

    /// The word pieces of one basic-tokenizer word.
    public func pieces(_ word: String) -> [Int32] {
        let characters = Array(word.unicodeScalars)
        guard characters.count <= 100 else { return [unknown] }
        var result: [Int32] = []
        var start = 0
        while start < characters.count {
            var end = characters.count
            var found: Int32?
            while start < end {
                var candidate = String(String.UnicodeScalarView(characters[start..<end]))
                if start > 0 { candidate = "##" + candidate }
                if let id = vocabulary[candidate] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let found else { return [unknown] }
            result.append(found)
            start = end
        }
        return result
    }

    /// The basic tokenizer: normalised words with their offsets in the original text.
    public func words(_ text: String) -> [Word] {
        var words: [Word] = []
        var current = ""
        var currentStart = 0
        var offset = 0
        func flush(at end: Int) {
            if !current.isEmpty { words.append(Word(text: current, range: currentStart..<end)) }
            current = ""
        }
        for scalar in text.unicodeScalars {
            let width = scalar.utf16.count
            defer { offset += width }
            let value = scalar.value
            if value == 0 || value == 0xFFFD || (Self.isControl(scalar) && !Self.isWhitespace(scalar)) { continue }
            if Self.isWhitespace(scalar) {
                flush(at: offset)
                continue
            }
            if Self.isCJK(value) || Self.isPunctuation(scalar) {
                flush(at: offset)
                let normalized = Self.normalize(scalar)
                if !normalized.isEmpty { words.append(Word(text: normalized, range: offset..<(offset + width))) }
                continue
            }
            let normalized = Self.normalize(scalar)
            if normalized.isEmpty { continue }
            if current.isEmpty { currentStart = offset }
            current += normalized
        }
        flush(at: offset)
        return words
    }

    /// Lower-cased, decomposed, combining marks dropped (as BERT's uncased tokenizer does).
    static func normalize(_ scalar: Unicode.Scalar) -> String {
        let lowered = String(scalar).lowercased().decomposedStringWithCanonicalMapping
        return String(String.UnicodeScalarView(lowered.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }))
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.generalCategory == .spaceSeparator
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format: return true
        default: return false
        }
    }

    /// ASCII non-letters-or-digits count as punctuation (so `$`, `^`, `` ` `` split), as do
    /// Unicode's punctuation categories.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value) || (123...126).contains(value) { return true }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    static func isCJK(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0x20000...0x2A6DF).contains(value)
            || (0x2A700...0x2B73F).contains(value) || (0x2B740...0x2B81F).contains(value) || (0x2B820...0x2CEAF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value)
    }
}

public enum EncoderError: Error, CustomStringConvertible, Equatable {
    case badModel(String)

    public var description: String {
        switch self {
        case .badModel(let reason): "the text encoder's model files are unusable: \(reason)"
        }
    }
}
