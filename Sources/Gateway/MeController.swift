import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// `/api/v1/me`: the caller with roles and organizations, their sessions and personal tokens.
public struct MeController<Context: EdgeContext>: Sendable {
    let auth: AuthService

    public init(auth: AuthService) { self.auth = auth }

    struct SessionView: Codable {
        let id: UUID
        let kind: String
        let userAgent: String?
        let address: String?
        let createdAt: Date
        let lastSeenAt: Date
        let expiresAt: Date
        let revoked: Bool
        let current: Bool
    }

    struct TokenView: Codable {
        let id: UUID
        let name: String
        let scopes: [String]
        let createdAt: Date
        let lastUsedAt: Date?
        let expiresAt: Date?
        let revoked: Bool
    }

    struct NewToken: Codable {
        let name: String
        let scopes: [String]
        let expiresInDays: Int?
    }

    struct CreatedToken: ResponseEncodable {
        let token: String
        let details: TokenView
    }

    struct Items<Item: Codable & Sendable>: ResponseEncodable { let items: [Item] }

    public func addRoutes(to api: RouterGroup<Context>) {
        let me = api.group("me")
        me.get { _, context -> CallerView in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            return CallerView(account: try await auth.account(of: principal), principal: principal)
        }
        me.get("sessions") { _, context -> Items<SessionView> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let current: UUID? = switch principal.credential {
            case .accessToken(let id): id
            case .session(let id): id
            case .personalToken: nil
            }
            return Items(items: try await auth.sessions(of: principal).map {
                SessionView(id: $0.id, kind: $0.kind.rawValue, userAgent: $0.userAgent, address: $0.address, createdAt: $0.createdAt,
                            lastSeenAt: $0.lastSeenAt, expiresAt: $0.expiresAt, revoked: $0.revokedAt != nil, current: $0.id == current)
            })
        }
        me.delete("sessions/:id") { request, context -> HTTPResponse.Status in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            try await auth.revokeSession(try pathID("id", context), by: principal, origin: context.origin(request))
            return .noContent
        }
        me.get("tokens") { _, context -> Items<TokenView> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            return Items(items: try await auth.personalTokens(of: principal).map(Self.view))
        }
        me.post("tokens") { request, context -> EditedResponse<CreatedToken> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(NewToken.self, context: context)
            var scopes = Set<TokenScope>()
            for name in input.scopes {
                guard let scope = TokenScope(rawValue: name) else { throw DomainError.invalid(field: "scopes", reason: "'\(name)' is not read or write") }
                scopes.insert(scope)
            }
            let (token, secret) = try await auth.createPersonalToken(for: principal, name: input.name, scopes: scopes,
                                                                     expiresInDays: input.expiresInDays, origin: context.origin(request))
            return .init(status: .created, response: CreatedToken(token: secret, details: Self.view(token)))
        }
        me.delete("tokens/:id") { request, context -> HTTPResponse.Status in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            try await auth.revokePersonalToken(try pathID("id", context), by: principal, origin: context.origin(request))
            return .noContent
        }
    }

    static func view(_ token: PersonalToken) -> TokenView {
        TokenView(id: token.id, name: token.name, scopes: token.scopes.map(\.rawValue).sorted(), createdAt: token.createdAt,
                  lastUsedAt: token.lastUsedAt, expiresAt: token.expiresAt, revoked: token.revokedAt != nil)
    }
}
