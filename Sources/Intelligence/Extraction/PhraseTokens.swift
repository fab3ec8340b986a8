import Foundation

/// Splits text into match tokens: lower-cased words with their UTF-16 offsets, keeping what
/// tech names need — `c++`, `c#`, `f#`, `.net`, `node.js`, `asp.net` — a slash between words as
/// a token of its own (`ci/cd` is `ci` `/` `cd`, so `aws/gcp` still names both), and folding
/// plurals (`databases` → `database`) so that labels and postings meet.
enum PhraseTokens {
    struct Token: Equatable {
        let text: String
        let range: Range<Int>
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
                tokens.append(Token(text: fold(word), range: start..<end))
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
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    /// Lower case, accents dropped, a regular plural made singular, a hyphen made nothing
    /// (`front-end` meets `frontend`). An acronym keeps its last letter ("IFRS" is not "IFR"s).
    static func fold(_ word: String) -> String {
        var text = word.lowercased().folding(options: [.diacriticInsensitive], locale: nil).replacingOccurrences(of: "-", with: "")
        guard text.count > 3, text.allSatisfy({ $0.isLetter }), word.contains(where: \.isLowercase) else { return text }
        if text.hasSuffix("ies"), text.count > 4 { text = String(text.dropLast(3)) + "y" }
        else if text.hasSuffix("sses") { text = String(text.dropLast(2)) }
        else if text.hasSuffix("ches") || text.hasSuffix("shes") || text.hasSuffix("xes") { text = String(text.dropLast(2)) }
        else if text.hasSuffix("s"), !text.hasSuffix("ss"), !text.hasSuffix("us"), !text.hasSuffix("is") { text = String(text.dropLast()) }
        return text
    }
}
