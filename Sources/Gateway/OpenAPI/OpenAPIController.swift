import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// A context to name the generic controllers' types by, for the document (never serves requests).
struct DocumentContext: EdgeContext {
    var coreContext: CoreRequestContextStorage
    var requestID = ""
    var clientAddress: String?
    var principal: Principal?

    init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
}

extension APIDocument {
    /// The whole OpenAPI 3.1 document, constrained as the handlers are.
    static func build(serverURL: String) throws -> JSONDocument {
        var document = try recorded(serverURL: serverURL)
        constrain(&document)
        return document
    }

    /// The document as the types record it.
    static func recorded(serverURL: String) throws -> JSONDocument {
        let operations = try operations()
        var paths: [(String, JSONDocument)] = []
        for path in operations.map(\.path).reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
            var methods: [(String, JSONDocument)] = []
            for operation in operations where operation.path == path {
                methods.append((operation.method, document(operation)))
            }
            paths.append((path, .object(methods)))
        }
        return .object([
            ("openapi", "3.1.0"),
            ("info", .object([
                ("title", "CareerOps REST API"), ("version", "1"),
                ("description", "Members' careers: profiles, skills, goals, plans, opportunities and learning. Errors are RFC 9457 problem+json naming the field; lists are paged by cursor; GET answers carry an ETag; POST takes an Idempotency-Key."),
            ])),
            ("servers", .array([.object([("url", .string(serverURL))])])),
            ("paths", .object(paths)),
            ("components", .object([
                ("schemas", .object(try components().map { ($0.0, $0.1.json) })),
                ("securitySchemes", .object([
                    ("bearer", .object([("type", "http"), ("scheme", "bearer"), ("description", "an access token from sign-in, or a personal access token (cop_…)")])),
                    ("session", .object([("type", "apiKey"), ("in", "cookie"), ("name", .string(AuthMiddleware<DocumentContext>.sessionCookie))])),
                ])),
            ])),
        ])
    }

    private static func document(_ operation: Operation) -> JSONDocument {
        var members: [(String, JSONDocument)] = [
            ("tags", .array([.string(operation.tag)])),
            ("summary", .string(operation.summary)),
            ("operationId", .string(operation.method + operation.path.split(separator: "/").dropFirst(2).map { part in
                part.hasPrefix("{") ? "By" + part.dropFirst().dropLast().capitalized : part.split(separator: "-").map(\.capitalized).joined()
            }.joined().replacingOccurrences(of: ".", with: ""))),
        ]
        var parameters: [JSONDocument] = operation.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { part in
            .object([("name", .string(String(part.dropFirst().dropLast()))), ("in", "path"), ("required", .bool(true)), ("schema", .object([("type", "string")]))])
        }
        parameters += operation.query.map { name, description in
            .object([("name", .string(name)), ("in", "query"), ("description", .string(description)), ("schema", .object([("type", "string")]))])
        }
        if operation.method == "post" {
            parameters.append(.object([("name", "Idempotency-Key"), ("in", "header"), ("description", "replay instead of repeating on retry"), ("schema", .object([("type", "string")]))]))
        }
        if !parameters.isEmpty { members.append(("parameters", .array(parameters))) }
        switch operation.body {
        case .json(let schema)?:
            members.append(("requestBody", .object([("required", .bool(true)), ("content", .object([("application/json", .object([("schema", schema.json)]))]))])))
        case .raw(let type, let description)?:
            members.append(("requestBody", .object([("required", .bool(true)), ("description", .string(description)), ("content", .object([(type, .object([]))]))])))
        case nil:
            break
        }
        var responses: [(String, JSONDocument)] = operation.responses.map { status, schema in
            var response: [(String, JSONDocument)] = [("description", .string(HTTPResponse.Status(code: status).reasonPhrase))]
            if let schema { response.append(("content", .object([("application/json", .object([("schema", schema.json)]))]))) }
            return (String(status), .object(response))
        }
        responses.append(("default", .object([("description", "an error"), ("content", .object([("application/problem+json", .object([("schema", SchemaNode.reference("Problem").json)]))]))])))
        members.append(("responses", .object(responses)))
        members.append(("security", operation.authenticated ? .array([.object([("bearer", .array([]))]), .object([("session", .array([]))])]) : .array([])))
        return .object(members)
    }
}

/// `GET /api/v1/openapi.json`: the document, built once.
public struct OpenAPIController<Context: EdgeContext>: Sendable {
    let body: ByteBuffer

    public init(serverURL: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        // The paths hold /api/v1 already: the server is the site itself.
        body = ByteBuffer(data: try encoder.encode(try APIDocument.build(serverURL: serverURL)))
    }

    public func addRoutes(to api: RouterGroup<Context>) {
        api.get("openapi.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"], body: .init(byteBuffer: body))
        }
    }
}
