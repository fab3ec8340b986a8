import Core
import Foundation

/// What a password must be: long enough, short enough for bcrypt (which reads 72 bytes), and
/// not on the list of passwords that attackers try first.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 10
    public static let maximumBytes = 72
    private let common: Set<String>

    /// `commonPasswords`: lower-cased, as shipped with the platform.
    public init(commonPasswords: Set<String>) { self.common = commonPasswords }

    public func check(_ password: String, field: String = "password") throws(DomainError) {
        guard password.count >= Self.minimumLength else {
            throw .invalid(field: field, reason: "must be at least \(Self.minimumLength) characters")
        }
        guard password.utf8.count <= Self.maximumBytes else {
            throw .invalid(field: field, reason: "must be at most \(Self.maximumBytes) bytes")
        }
        guard !common.contains(password.lowercased()) else {
            throw .invalid(field: field, reason: "is too common; choose one that is not on lists of leaked passwords")
        }
    }
}

/// Checks of the other sign-up fields.
public enum AccountInput {
    /// One @, a dot in the domain (neither at its ends), nothing that is a space, a control
    /// character or `<>,`; at most 254 characters. Stated as such in the OpenAPI document.
    /// Spaces around the address are dropped.
    public static func email(_ raw: String) throws(DomainError) -> String {
        let email = TextRules.trimmed(raw)
        // By code points, as the document's pattern reads it: "@" followed by a combining mark
        // or an emoji modifier is one Character to Swift, but still the address's "@".
        let parts = email.unicodeScalars.split(separator: "@", omittingEmptySubsequences: false)
        guard TextRules.length(raw) <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              parts[1].first != ".", parts[1].last != ".",
              !email.unicodeScalars.contains(where: { TextRules.isSpace($0) || TextRules.isControl($0) || $0 == "<" || $0 == ">" || $0 == "," })
        else { throw .invalid(field: "email", reason: "is not an e-mail address") }
        return email.lowercased()
    }

    /// One line of at most 200 characters, not blank.
    public static func name(_ raw: String) throws(DomainError) -> String {
        guard TextRules.length(raw) <= 200 else { throw .invalid(field: "name", reason: "must be at most 200 characters") }
        guard !raw.unicodeScalars.contains(where: { Self.lineBreaks.contains($0) }) else { throw .invalid(field: "name", reason: "must be one line") }
        let name = TextRules.trimmed(raw)
        guard !name.isEmpty else { throw .invalid(field: "name", reason: "must not be empty") }
        return name
    }

    /// What ends a line (and NUL): a name holds none of them.
    static let lineBreaks: Set<Unicode.Scalar> = ["\n", "\u{0B}", "\u{0C}", "\r", "\u{85}", "\u{2028}", "\u{2029}", "\u{0}"]
}
