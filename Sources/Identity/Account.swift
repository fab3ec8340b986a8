import Foundation

/// An account as the domain sees it, with personal fields already opened.
public struct Account: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case active
        case disabled
    }

    public let id: UUID
    public let email: String
    public let name: String
    public let passwordHash: String?
    public let platformRole: PlatformRole
    public let status: Status
    public let emailVerifiedAt: Date?
    public let createdAt: Date

    public init(id: UUID, email: String, name: String, passwordHash: String?, platformRole: PlatformRole, status: Status, emailVerifiedAt: Date?, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.platformRole = platformRole
        self.status = status
        self.emailVerifiedAt = emailVerifiedAt
        self.createdAt = createdAt
    }

    public var isEmailVerified: Bool { emailVerifiedAt != nil }
}
