import Core
import Foundation
import GraphQL
import Graphiti
import Hummingbird
import Identity

/// What every GraphQL resolver may use: the caller and the services.
public struct GraphQLContext: Sendable {
    let principal: Principal?
    let auth: AuthService
}

struct CareerOpsResolver: Sendable {
    /// The signed-in caller, or null for an anonymous request.
    func me(context: GraphQLContext, arguments: NoArguments) async throws -> CallerView? {
        guard let principal = context.principal else { return nil }
        return CallerView(account: try await context.auth.account(of: principal), principal: principal)
    }
}

struct CareerOpsAPI: API, Sendable {
    let resolver: CareerOpsResolver
    let schema: Graphiti.Schema<CareerOpsResolver, GraphQLContext>

    init() throws {
        resolver = CareerOpsResolver()
        schema = try Graphiti.Schema<CareerOpsResolver, GraphQLContext> {
            Type(CallerView.Organization.self, as: "Organization") {
                Field("id", at: \.id)
                Field("name", at: \.name)
                Field("role", at: \.role)
            }
            Type(CallerView.self, as: "User") {
                Field("id", at: \.id)
                Field("email", at: \.email)
                Field("name", at: \.name)
                Field("emailVerified", at: \.emailVerified)
                Field("roles", at: \.roles)
                Field("organizations", at: \.organizations)
            }
            Query {
                Field("me", at: CareerOpsResolver.me)
            }
        }
    }
}

/// `POST /graphql` (and `GET /graphql?query=`): GraphQL over HTTP, authenticated like the REST
/// API (bearer token, or the session cookie with its CSRF token on POST).
public struct GraphQLController<Context: GatewayContext>: Sendable {
    let api: CareerOpsAPI
    let auth: AuthService

    public init(auth: AuthService) throws {
        self.api = try CareerOpsAPI()
        self.auth = auth
    }

    public func addRoutes(to router: Router<Context>) {
        router.post("graphql") { request, context -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let graphQLRequest = try JSONDecoder().decode(GraphQLRequest.self, from: Data(buffer: body))
            return try await execute(graphQLRequest, context: context)
        }
        router.get("graphql") { request, context -> Response in
            guard let query = request.uri.queryParameters["query"].map(String.init) else {
                throw DomainError.invalid(field: "query", reason: "is required")
            }
            return try await execute(GraphQLRequest(query: query), context: context)
        }
    }

    private func execute(_ request: GraphQLRequest, context: Context) async throws -> Response {
        let result = try await api.execute(request: request, context: GraphQLContext(principal: context.principal, auth: auth))
        let body = try GraphQLJSONEncoder().encode(result)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
