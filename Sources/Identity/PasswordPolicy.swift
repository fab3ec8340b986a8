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
    public static func email(_ raw: String) throws(DomainError) -> String {
        let email = NewAccount.normalize(email: raw)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
        else { throw .invalid(field: "email", reason: "is not an e-mail address") }
        return email
    }

    public static func name(_ raw: String) throws(DomainError) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .invalid(field: "name", reason: "must not be empty") }
        guard name.count <= 200 else { throw .invalid(field: "name", reason: "must be at most 200 characters") }
        guard !name.contains(where: { $0.isNewline }) else { throw .invalid(field: "name", reason: "must be one line") }
        return name
    }
}
