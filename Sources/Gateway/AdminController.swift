import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity
import Insights

/// `/api/v1/admin/*`: platform administration, for platform admins calling from an allowed
/// network only (see `AddressAllowListMiddleware`).
public struct AdminController<Context: EdgeContext>: Sendable {
    let auth: AuthService
    let policy: AccessPolicy
    let allowed: [CIDR]
    let recommendations: RecommendationService

    public init(auth: AuthService, policy: AccessPolicy, allowed: [CIDR], recommendations: RecommendationService) {
        self.auth = auth
        self.policy = policy
        self.allowed = allowed
        self.recommendations = recommendations
    }

    struct TrainingView: Codable, ResponseEncodable {
        let version: Int
        let members: Int
        let resources: Int
        let interactions: Int
        let seconds: Double
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
            var actor: UUID?
            if let text = query["actor"].map(String.init) {
                guard let id = UUID(uuidString: text) else { throw DomainError.invalid(field: "actor", reason: "must be a user id") }
                actor = id
            }
            return Items(items: try await auth.auditEntries(actorID: actor, page: page).map {
                AuditView(action: $0.action.rawValue, actorId: $0.actorID, targetType: $0.targetType, targetId: $0.targetID,
                          address: $0.address, requestId: $0.requestID, details: $0.details, at: $0.at)
            })
        }
        // Trains a new recommender version now (the worker also does, every six hours).
        admin.post("recommender/train") { _, context -> TrainingView in
            _ = try policy.requirePlatformAdmin(context.principal)
            let report = try await recommendations.train()
            return TrainingView(version: report.version, members: report.members, resources: report.resources, interactions: report.interactions,
                                seconds: report.seconds)
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
