import Foundation
import Core

/// Field checks shared by the career inputs; each error names the field as the client sent it.
package enum Validate {
    /// Trimmed, non-empty, at most `max` characters (as sent), no NUL: what the document states
    /// as `maxLength` and a pattern (lengths in code points, spaces as ECMA-262's `\s`).
    package static func text(_ value: String, field: String, max: Int) throws(DomainError) -> String {
        let trimmed = try optionalText(value, field: field, max: max) ?? ""
        guard !trimmed.isEmpty else { throw .invalid(field: field, reason: "must not be empty") }
        return trimmed
    }

    /// Like `text`, but an empty value clears the field.
    static func optionalText(_ value: String, field: String, max: Int) throws(DomainError) -> String? {
        guard TextRules.length(value) <= max else { throw .invalid(field: field, reason: "must be at most \(max) characters") }
        guard !value.unicodeScalars.contains("\u{0}") else { throw .invalid(field: field, reason: "must not contain NUL characters") }
        let trimmed = TextRules.trimmed(value)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The most a position (the order of milestones, phases and actions) may be.
    static let maximumPosition = 10_000

    /// A position given: 0…10,000 (a huge one made the next "after the last" overflow).
    static func position(_ value: Int?, field: String) throws(DomainError) -> Int? {
        guard let value else { return nil }
        guard (0...maximumPosition).contains(value) else { throw .invalid(field: field, reason: "must be between 0 and \(maximumPosition)") }
        return value
    }

    static func list(_ values: [String], field: String, each: Int, count: Int) throws(DomainError) -> [String] {
        guard values.count <= count else { throw .invalid(field: field, reason: "must hold at most \(count) entries") }
        var result: [String] = []
        for value in values {
            let item = try text(value, field: field, max: each)
            if !result.contains(item) { result.append(item) }
        }
        return result
    }

    package static func level(_ value: Int, field: String) throws(DomainError) -> Int {
        guard (1...5).contains(value) else { throw .invalid(field: field, reason: "must be between 1 and 5") }
        return value
    }

    /// An http(s) URL: the scheme, `://`, then at least one printable ASCII character (a URI
    /// is ASCII; no spaces); at most 2,000 characters.
    static func url(_ value: String, field: String) throws(DomainError) -> String {
        let lower = value.lowercased()
        let rest = lower.hasPrefix("https://") ? value.unicodeScalars.dropFirst(8) : lower.hasPrefix("http://") ? value.unicodeScalars.dropFirst(7) : nil
        guard TextRules.length(value) <= 2_000, let rest, !rest.isEmpty, rest.allSatisfy({ (0x21...0x7E).contains($0.value) })
        else { throw .invalid(field: field, reason: "must be an http or https URL") }
        return value
    }

    /// A yearly salary range in whole units and its ISO 4217 currency (upper-cased); a salary
    /// needs its currency. Answers the currency.
    static func salary(min low: Int?, max high: Int?, currency: String?, fields: (min: String, max: String, currency: String)) throws(DomainError) -> String? {
        for (value, field) in [(low, fields.min), (high, fields.max)] {
            if let value, !(0...100_000_000).contains(value) { throw .invalid(field: field, reason: "must be between 0 and 100000000") }
        }
        if let low, let high, low > high {
            throw .invalid(field: fields.max, reason: "must not be below \(fields.min.split(separator: ".").last ?? "")")
        }
        if let currency {
            let code = currency.uppercased()
            guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw .invalid(field: fields.currency, reason: "must be a three-letter ISO 4217 code")
            }
            return code
        }
        if low != nil || high != nil { throw .invalid(field: fields.currency, reason: "is required with a salary") }
        return nil
    }
}
