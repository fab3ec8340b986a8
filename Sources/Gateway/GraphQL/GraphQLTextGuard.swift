import Core

/// Bounds a GraphQL text before the parser sees it. The parser recurses once per nested
/// bracket, so a small body of 100,000 `[` exhausts the stack before any validation rule runs;
/// this scan is a loop, reading the text once, and refuses what is too long or nests too deep.
///
/// Selection sets (a `{` at the top level or inside another selection set) count towards the
/// depth limit, as the validation rule does (the operation's own braces not counted); argument
/// values (`(`, `[`, and `{` inside them) may nest `valueDepth` deep on their own.
struct GraphQLTextGuard: Sendable {
    let maxLength: Int
    let maxDepth: Int
    /// Input values nest this deep at most (a plan's phases with their actions need 6).
    static let valueDepth = 16

    enum Refusal: Error, Equatable {
        case tooLong(length: Int, limit: Int)
        case tooDeep(limit: Int)
    }

    func check(_ text: String) throws(Refusal) {
        let bytes = text.utf8
        guard bytes.count <= maxLength else { throw .tooLong(length: bytes.count, limit: maxLength) }
        // The open brackets: true for a selection set, false for a value.
        var stack: [Bool] = []
        var selections = 0, values = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "#"):
                // A comment runs to the end of the line.
                while index < bytes.endIndex, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r") { index = bytes.index(after: index) }
                continue
            case UInt8(ascii: "\""):
                index = Self.skipString(bytes, from: index)
                continue
            case UInt8(ascii: "{"):
                let isSelection = stack.last ?? true
                stack.append(isSelection)
                if isSelection { selections += 1 } else { values += 1 }
            case UInt8(ascii: "("), UInt8(ascii: "["):
                stack.append(false)
                values += 1
            case UInt8(ascii: "}"), UInt8(ascii: ")"), UInt8(ascii: "]"):
                // Unbalanced text is the parser's to report.
                if let isSelection = stack.popLast() {
                    if isSelection { selections -= 1 } else { values -= 1 }
                }
            default:
                break
            }
            // The operation's braces are not a level of the query.
            if selections - 1 > maxDepth || values > Self.valueDepth { throw .tooDeep(limit: maxDepth) }
            index = bytes.index(after: index)
        }
    }

    /// The index after the string starting at `start` (a `"…"` string with escapes, or a
    /// `"""…"""` block string).
    private static func skipString(_ bytes: String.UTF8View, from start: String.UTF8View.Index) -> String.UTF8View.Index {
        let quote = UInt8(ascii: "\"")
        func isTripleQuote(at index: String.UTF8View.Index) -> Bool {
            guard bytes.distance(from: index, to: bytes.endIndex) >= 3 else { return false }
            return bytes[index] == quote && bytes[bytes.index(index, offsetBy: 1)] == quote && bytes[bytes.index(index, offsetBy: 2)] == quote
        }
        if isTripleQuote(at: start) {
            var index = bytes.index(start, offsetBy: 3)
            while index < bytes.endIndex {
                if bytes[index] == UInt8(ascii: "\\"), isTripleQuote(at: bytes.index(after: index)) {
                    index = bytes.index(index, offsetBy: 4)
                } else if isTripleQuote(at: index) {
                    return bytes.index(index, offsetBy: 3)
                } else {
                    index = bytes.index(after: index)
                }
            }
            return index
        }
        var index = bytes.index(after: start)
        while index < bytes.endIndex {
            switch bytes[index] {
            case UInt8(ascii: "\\"):
                index = bytes.index(after: index)
                if index < bytes.endIndex { index = bytes.index(after: index) }
            case quote:
                return bytes.index(after: index)
            case UInt8(ascii: "\n"):
                // A string ends at the line; the parser reports it unterminated.
                return index
            default:
                index = bytes.index(after: index)
            }
        }
        return index
    }
}

extension GraphQLTextGuard.Refusal {
    /// The error clients see, with the code the validation rules use.
    var message: (text: String, code: String) {
        switch self {
        case .tooLong(let length, let limit): ("the query is \(length) bytes long; at most \(limit) are allowed", "QUERY_TOO_LARGE")
        case .tooDeep(let limit): ("the query nests deeper than \(limit) levels (or its arguments deeper than \(GraphQLTextGuard.valueDepth))", "QUERY_TOO_DEEP")
        }
    }
}
