import SQLKit

/// LIKE patterns from what people type: `%` and `_` in a search are characters to find, not
/// wildcards (a search for `_` matched every title). Use the pattern with `ESCAPE '\'`.
enum SQLLike {
    /// `%text%`, the text's own `\`, `%` and `_` escaped.
    static func containing(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}
