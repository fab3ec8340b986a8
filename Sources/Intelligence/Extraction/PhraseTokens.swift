import Foundation

/// Splits text into match tokens: lower-cased words with their UTF-16 offsets, keeping what
/// tech names need — `c++`, `c#`, `f#`, `.net`, `node.js`, `asp.net` — a slash between words as
/// a token of its own (`ci/cd` is `ci` `/` `cd`, so `aws/gcp` still names both), and folding
/// plurals (`databases` → `database`) so that labels and postings meet.
enum PhraseTokens {
    struct Token: Equatable {
        let text: String
        let range: Range<Int>
        /// The word as written starts with a capital ("Go", not "go").
        var capitalised = false
    }

    static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var current: [Unicode.Scalar] = []
        var start = 0
        var offset = 0
        let scalars = Array(text.unicodeScalars)
        func flush() {
            // A trailing dot or slash belongs to the sentence, not the word.
            while let last = current.last, last == "." || last == "-" {
                current.removeLast()
            }
            if !current.isEmpty {
                let word = String(String.UnicodeScalarView(current))
                let end = start + word.utf16.count
                tokens.append(Token(text: fold(word), range: start..<end, capitalised: current[0].properties.isUppercase))
            }
            current = []
        }
        for (index, scalar) in scalars.enumerated() {
            defer { offset += scalar.utf16.count }
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if isWordCharacter(scalar) {
                if current.isEmpty { start = offset }
                current.append(scalar)
            } else if (scalar == "+" || scalar == "#") && !current.isEmpty {
                current.append(scalar)
            } else if scalar == "/" {
                flush()
                if next.map(isWordCharacter) ?? false, index > 0, isWordCharacter(scalars[index - 1]) || scalars[index - 1] == "+" || scalars[index - 1] == "#" {
                    tokens.append(Token(text: "/", range: offset..<(offset + 1)))
                }
            } else if scalar == "." || scalar == "-" {
                // Inside a word (node.js, front-end) or leading a name (.net) it stays.
                let joinsNext = next.map(isWordCharacter) ?? false
                if joinsNext && (!current.isEmpty || (scalar == "." && (index == 0 || !isWordCharacter(scalars[index - 1])))) {
                    if current.isEmpty { start = offset }
                    current.append(scalar)
                } else {
                    flush()
                }
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 97 && value <= 122) || (value >= 65 && value <= 90) || (value >= 48 && value <= 57)
        }
        return scalar.properties.isAlphabetic
    }

    /// Lower case, accents dropped, a regular plural made singular, a hyphen made nothing
    /// (`front-end` meets `frontend`). An acronym keeps its last letter ("IFRS" is not "IFR"s).
    static func fold(_ word: String) -> String {
        var text: String
        let letters: Bool, lowercase: Bool, length: Int
        if word.utf8.allSatisfy({ $0 < 0x80 }) {
            // Most words are ASCII: lower-cased and stripped of hyphens byte by byte (Foundation's
            // folding costs several times the rest of the analysis on a long text).
            let bytes = word.utf8.filter { $0 != UInt8(ascii: "-") }
            text = String(decoding: bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
            letters = bytes.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
            lowercase = bytes.contains { $0 >= 97 && $0 <= 122 }
            length = bytes.count
        } else {
            text = word.lowercased().folding(options: [.diacriticInsensitive], locale: nil).replacingOccurrences(of: "-", with: "")
            letters = text.allSatisfy { $0.isLetter }
            lowercase = word.contains(where: \.isLowercase)
            length = text.count
        }
        guard length > 3, letters, lowercase else { return text }
        if text.hasSuffix("ies"), text.count > 4 { text = String(text.dropLast(3)) + "y" }
        else if text.hasSuffix("sses") { text = String(text.dropLast(2)) }
        else if text.hasSuffix("ches") || text.hasSuffix("shes") || text.hasSuffix("xes") { text = String(text.dropLast(2)) }
        else if text.hasSuffix("s"), !text.hasSuffix("ss"), !text.hasSuffix("us"), !text.hasSuffix("is") { text = String(text.dropLast()) }
        return text
    }
}
