import Foundation

/// What it takes to create an account; e-mail and name are sealed before they are stored.
public struct NewAccount: Sendable, Equatable {
    public let id: UUID
    public let email: String
    public let name: String
    public let passwordHash: String?
    public let platformRole: PlatformRole
    public let emailVerified: Bool
    public let isDemo: Bool

    public init(id: UUID, email: String, name: String, passwordHash: String?, platformRole: PlatformRole, emailVerified: Bool, isDemo: Bool) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.platformRole = platformRole
        self.emailVerified = emailVerified
        self.isDemo = isDemo
    }

    /// Normalises an address for comparison and for its blind index.
    public static func normalize(email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
