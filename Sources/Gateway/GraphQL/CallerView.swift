import Foundation
import Hummingbird
import Identity

/// The caller with roles and organizations: `GET /api/v1/me` and GraphQL's `me`.
struct CallerView: Codable, Sendable, ResponseEncodable {
    struct Organization: Codable, Sendable {
        let id: String
        let name: String
        let role: String
    }

    let id: String
    let email: String
    let name: String
    let emailVerified: Bool
    let roles: [String]
    let organizations: [Organization]

    init(account: Account, principal: Principal) {
        id = account.id.uuidString.lowercased()
        email = account.email
        name = account.name
        emailVerified = account.isEmailVerified
        roles = principal.roles
        organizations = principal.memberships.map {
            Organization(id: $0.organizationID.uuidString.lowercased(), name: $0.organizationName, role: $0.role.rawValue)
        }
    }
}
