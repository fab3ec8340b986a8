import Core
import Foundation
import Hummingbird
import Identity

/// `/api/v1/admin/*`: platform administration, for platform admins calling from an allowed
/// network only (see `AddressAllowListMiddleware`).
public struct AdminController<Context: GatewayContext>: Sendable {
    let auth: AuthService
    let policy: AccessPolicy
    let allowed: [CIDR]

    public init(auth: AuthService, policy: AccessPolicy, allowed: [CIDR]) {
        self.auth = auth
        self.policy = policy
        self.allowed = allowed
    }

    struct AuditView: Codable {
        let action: String
        let actorId: UUID?
        let targetType: String?
        let targetId: UUID?
        let address: String?
        let requestId: String?
        let details: String?
        let at: Date
    }

    struct Items: ResponseEncodable { let items: [AuditView] }
    struct RoleChange: Codable { let platformRole: String }

    public func addRoutes(to api: RouterGroup<Context>) {
        let admin = api.group("admin").add(middleware: AddressAllowListMiddleware<Context>(allowed: allowed))
        admin.get("audit") { request, context -> Items in
            _ = try policy.requirePlatformAdmin(context.principal)
            let query = request.uri.queryParameters
            let page = try request.page()
            let actor = query["actor"].flatMap { UUID(uuidString: String($0)) }
            return Items(items: try await auth.auditEntries(actorID: actor, page: page).map {
                AuditView(action: $0.action.rawValue, actorId: $0.actorID, targetType: $0.targetType, targetId: $0.targetID,
                          address: $0.address, requestId: $0.requestID, details: $0.details, at: $0.at)
            })
        }
        admin.put("users/:id/role") { request, context -> HTTPResponse.Status in
            let principal = try policy.requirePlatformAdmin(context.principal)
            let input = try await request.json(RoleChange.self, context: context)
            guard let role = PlatformRole(rawValue: input.platformRole) else {
                throw DomainError.invalid(field: "platform_role", reason: "must be member or platform_admin")
            }
            try await auth.setPlatformRole(of: try pathID("id", context), to: role, by: principal, origin: context.origin(request))
            return .noContent
        }
    }
}
