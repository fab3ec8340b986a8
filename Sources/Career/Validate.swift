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
}
