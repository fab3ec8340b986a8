import Core
import Foundation
import Hummingbird
import Identity

/// `GET /api/v1/users/:id` (the seed's endpoint): a member as others may see them, decided by
/// the access policy; someone you may not see answers 404 like someone who does not exist.
public struct UsersController<Context: GatewayContext>: Sendable {
    let auth: AuthService
    let policy: AccessPolicy

    public init(auth: AuthService, policy: AccessPolicy) {
        self.auth = auth
        self.policy = policy
    }

    struct UserView: ResponseEncodable {
        let id: UUID
        let name: String
        let emailVerified: Bool
    }

    public func addRoutes(to api: RouterGroup<Context>) {
        api.get("users/:id") { _, context -> UserView in
            let id = try MeController<Context>.id(context)
            _ = try await policy.requireView(member: id, by: context.principal)
            guard let account = try await auth.account(id: id) else { throw DomainError.notFound("user") }
            return UserView(id: account.id, name: account.name, emailVerified: account.isEmailVerified)
        }
    }
}
