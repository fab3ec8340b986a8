import Core
import Foundation
import GraphQL
import Graphiti
import HTTPEdge
import Hummingbird
import Identity
import Logging
import Synchronization

struct CareerOpsAPI: API, Sendable {
    let resolver = CareerOpsResolver()
    let schema: Graphiti.Schema<CareerOpsResolver, GraphQLContext>

    init() throws { schema = try Self.schema() }
}

/// Runs GraphQL requests: the schema, the limits, one set of batch loaders per request, and
/// errors in the specification's form with a machine-readable `extensions.code`.
public struct GraphQLService: Sendable {
    let api: CareerOpsAPI
    let services: GraphQLServices
    let limits: GraphQLLimits
    /// Documents that parsed and passed validation, by their text: clients send the same few
    /// queries again and again, and parsing and validating one costs more than running it.
    let documents = ValidatedDocuments()

    public init(services: GraphQLServices, limits: GraphQLLimits) throws {
        api = try CareerOpsAPI()
        self.services = services
        self.limits = limits
    }

    func execute(_ request: GraphQLRequest, principal: Principal?, requestID: String, logger: Logger) async -> GraphQLResult {
        let context = GraphQLContext(principal: principal, services: services, loader: CareerLoader(career: services.career, caller: principal))
        var result: GraphQLResult
        do {
            result = try await run(request, context: context)
        } catch let error as GraphQLError {
            // The document did not parse.
            result = GraphQLResult(errors: [GraphQLError(message: error.message, locations: error.locations, extensions: ["code": "GRAPHQL_PARSE_FAILED"])])
        } catch {
            result = GraphQLResult(errors: [GraphQLError(message: "the request could not be run", extensions: ["code": "BAD_REQUEST"])])
        }
        result.errors = result.errors.map { Self.described($0, requestID: requestID, logger: logger) }
        return result
    }

    /// What `graphql(schema:request:…)` does, with a document parsed and validated before
    /// taken from `documents` (the rules depend on the text alone, never on the variables).
    private func run(_ request: GraphQLRequest, context: GraphQLContext) async throws -> GraphQLResult {
        switch try prepare(request.query) {
        case .refused(let errors):
            return GraphQLResult(errors: errors)
        case .ready(let document):
            return try await GraphQL.execute(schema: api.schema.schema, documentAST: document, rootValue: api.resolver, context: context,
                                             variableValues: request.variables, operationName: request.operationName)
        }
    }

    enum Prepared {
        case ready(Document)
        case refused([GraphQLError])
    }

    /// The text as a valid document: one seen before, or the text bounded (before the parser,
    /// which recurses per bracket, sees it), parsed and validated. Throws when it does not parse.
    func prepare(_ text: String) throws -> Prepared {
        if let known = documents[text] { return .ready(known) }
        do throws(GraphQLTextGuard.Refusal) {
            try limits.textGuard.check(text)
        } catch {
            let (message, code) = error.message
            return .refused([GraphQLError(message: message, extensions: ["code": .string(code)])])
        }
        let document = try parse(source: Source(body: text, name: "GraphQL request"))
        let errors = validate(schema: api.schema.schema, ast: document, rules: specifiedRules + limits.rules)
        guard errors.isEmpty else { return .refused(errors) }
        documents[text] = document
        return .ready(document)
    }

    /// An error as clients see it: domain errors by their kind, anything unexpected hidden
    /// behind the request id (and logged once).
    static func described(_ error: GraphQLError, requestID: String, logger: Logger) -> GraphQLError {
        func make(_ message: String, _ extensions: [String: Map]) -> GraphQLError {
            GraphQLError(message: message, locations: error.locations, path: error.path, extensions: extensions)
        }
        switch error.originalError {
        case nil:
            if error.extensions["code"] != nil { return error }
            return make(error.message, ["code": "GRAPHQL_VALIDATION_FAILED"])
        case is DecodingError:
            return make("an argument has the wrong shape: \(error.message.prefix(200))", ["code": "BAD_USER_INPUT"])
        case let graphQL as GraphQLError:
            return make(graphQL.message, graphQL.extensions.isEmpty ? ["code": "BAD_USER_INPUT"] : graphQL.extensions)
        case let original?:
            let edge = EdgeError(original)
            if edge.unexpected {
                logger.error("graphql resolver failed", metadata: ["careerops.error_type": "\(type(of: original))"])
                return make(EdgeError.unexpectedMessage, ["code": "INTERNAL_SERVER_ERROR", "requestId": .string(requestID)])
            }
            var extensions: [String: Map] = ["code": .string(edge.code)]
            if let field = edge.field { extensions["field"] = .string(field) }
            if let reason = edge.reason { extensions["reason"] = .string(reason) }
            if let retryAfter = edge.retryAfter { extensions["retryAfter"] = .number(.init(retryAfter)) }
            return make(edge.message, extensions)
        }
    }
}

/// `POST /graphql` (and `GET /graphql?query=`): GraphQL over HTTP, authenticated like the REST
/// API (bearer token, or the session cookie with its CSRF token on POST).
public struct GraphQLController<Context: EdgeContext>: Sendable {
    let service: GraphQLService

    public init(service: GraphQLService) { self.service = service }

    public func addRoutes(to router: Router<Context>) {
        router.post("graphql") { request, context -> Response in
            let body = try await request.jsonBody(upTo: 1 << 20)
            let graphQLRequest = try JSONDecoder().decode(GraphQLRequest.self, from: Data(buffer: body))
            return try await execute(graphQLRequest, context: context)
        }
        router.get("graphql") { request, context -> Response in
            let query = request.uri.queryParameters
            guard let text = query["query"].map(String.init) else { throw DomainError.invalid(field: "query", reason: "is required") }
            var variables: [String: Map] = [:]
            if let json = query["variables"].map(String.init), !json.isEmpty {
                guard let decoded = try? JSONDecoder().decode([String: Map].self, from: Data(json.utf8)) else {
                    throw DomainError.invalid(field: "variables", reason: "must be a JSON object")
                }
                variables = decoded
            }
            let graphQLRequest = GraphQLRequest(query: text, operationName: query["operationName"].map(String.init), variables: variables)
            // GET may not change anything (it would dodge the CSRF check).
            if case .ready(let document)? = try? service.prepare(text),
               document.definitions.contains(where: { ($0 as? OperationDefinition)?.operation == .mutation }) {
                throw HTTPError(.methodNotAllowed, message: "mutations need POST")
            }
            return try await execute(graphQLRequest, context: context)
        }
    }

    private func execute(_ request: GraphQLRequest, context: Context) async throws -> Response {
        let result = await service.execute(request, principal: context.principal, requestID: context.requestID, logger: context.logger)
        let body = try GraphQLJSONEncoder().encode(result)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Valid documents by their text, up to `capacity` of them (all forgotten when full: a client
/// that sends ever new texts only pays for parsing, as without the cache); long texts are not kept.
final class ValidatedDocuments: Sendable {
    static let capacity = 512
    static let longestText = 16_384
    private let documents = Mutex<[String: Document]>([:])

    var count: Int { documents.withLock { $0.count } }

    subscript(text: String) -> Document? {
        get { documents.withLock { $0[text] } }
        set {
            guard let newValue, text.utf8.count <= Self.longestText else { return }
            documents.withLock { documents in
                if documents.count >= Self.capacity { documents.removeAll(keepingCapacity: true) }
                documents[text] = newValue
            }
        }
    }
}
