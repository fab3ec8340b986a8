/// The text rules the API states in its OpenAPI document (JSON Schema, whose patterns are
/// ECMA-262's and whose lengths count code points) and its validators apply, defined once so
/// that the two mean the same: what `\s` matches, what a control character is, how long a text is.
public enum TextRules {
    /// ECMA-262's `\s`: its white space and line terminators.
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
        default: false
        }
    }

    /// C0 and C1 control characters (and DEL).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The text without the spaces at either end.
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// The length JSON Schema's `maxLength` counts: code points.
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }
}
