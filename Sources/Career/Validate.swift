import Foundation
import Core

/// Field checks shared by the career inputs; each error names the field as the client sent it.
enum Validate {
    /// Trimmed, non-empty, at most `max` characters.
    static func text(_ value: String, field: String, max: Int) throws(DomainError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalid(field: field, reason: "must not be empty") }
        guard trimmed.count <= max else { throw .invalid(field: field, reason: "must be at most \(max) characters") }
        return trimmed
    }

    /// Like `text`, but an empty value clears the field.
    static func optionalText(_ value: String, field: String, max: Int) throws(DomainError) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.count <= max else { throw .invalid(field: field, reason: "must be at most \(max) characters") }
        return trimmed
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

    static func level(_ value: Int, field: String) throws(DomainError) -> Int {
        guard (1...5).contains(value) else { throw .invalid(field: field, reason: "must be between 1 and 5") }
        return value
    }

    /// An http(s) URL.
    static func url(_ value: String, field: String) throws(DomainError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= 2_000, let scheme = trimmed.split(separator: ":").first?.lowercased(),
              scheme == "http" || scheme == "https", trimmed.contains("://"), trimmed.count > scheme.count + 3
        else { throw .invalid(field: field, reason: "must be an http or https URL") }
        return trimmed
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
