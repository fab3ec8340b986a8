import Core
import Foundation
import HTTPTypes
import Hummingbird
import Identity

/// The one classification of an error an edge meets: its status, a stable code, a message fit
/// to show, the field it names, when to retry, and whether it was unexpected (to be logged, its
/// internals never shown). REST writes it as problem+json, GraphQL as an error's extensions.
public struct EdgeError: Sendable {
    public let status: HTTPResponse.Status
    /// `NOT_FOUND`, `BAD_USER_INPUT`, `CONFLICT`, `UNAUTHENTICATED`, `FORBIDDEN`, `UNAVAILABLE`,
    /// `TOO_MANY_REQUESTS`, `METHOD_NOT_ALLOWED`, `BAD_REQUEST`, `BAD_GATEWAY`, `INTERNAL_SERVER_ERROR`.
    public let code: String
    public let message: String
    /// The input that is wrong and why, as the client named it.
    public let field: String?
    public let reason: String?
    /// Seconds to wait before trying again (`Retry-After`).
    public let retryAfter: Int?
    /// Headers the answer carries besides `Retry-After` (`WWW-Authenticate`, `Allow`).
    public let headers: HTTPFields
    public let unexpected: Bool

    public static let unexpectedMessage = "an unexpected error occurred; quote the request id when reporting it"

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil, reason: String? = nil,
         retryAfter: Int? = nil, headers: HTTPFields = [:], unexpected: Bool = false) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.reason = reason
        self.retryAfter = retryAfter
        var headers = headers
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        self.headers = headers
        self.unexpected = unexpected
    }

    public init(_ error: any Error) {
        switch error {
        case let error as DomainError:
            switch error {
            case .notFound: self.init(.notFound, "NOT_FOUND", error.description)
            case .invalid(let field, let reason): self.init(.unprocessableContent, "BAD_USER_INPUT", error.description, field: field, reason: reason)
            case .conflict: self.init(.conflict, "CONFLICT", error.description)
            case .unauthenticated: self.init(.unauthorized, "UNAUTHENTICATED", error.description, headers: [.wwwAuthenticate: "Bearer"])
            case .forbidden: self.init(.forbidden, "FORBIDDEN", error.description)
            case .unavailable(_, let retryAfter): self.init(.serviceUnavailable, "UNAVAILABLE", error.description, retryAfter: retryAfter)
            }
        case let error as RateLimited:
            self = .tooMany(retryAfter: error.retryAfter)
        case let error as AuthFailure:
            switch error {
            case .throttled(let retryAfter): self = .tooMany(retryAfter: retryAfter)
            }
        case let error as MethodNotAllowed:
            let allowed = error.allowed.joined(separator: ", ")
            self.init(.methodNotAllowed, "METHOD_NOT_ALLOWED", "this path takes \(allowed)", headers: [.allow: allowed])
        case let error as SSOFailure:
            switch error {
            case .unknownProvider: self.init(.notFound, "NOT_FOUND", error.description)
            case .providerUnavailable: self.init(.badGateway, "BAD_GATEWAY", error.description)
            default: self.init(.unauthorized, "UNAUTHENTICATED", error.description)
            }
        case let error as any HTTPResponseError:
            let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            self.init(error.status, Self.code(of: error.status), message, unexpected: error.status.code >= 500)
        case let error as DecodingError:
            let (field, reason) = Self.describe(error)
            self.init(.badRequest, "BAD_REQUEST", "the request body is not valid: \(field) \(reason)", field: field, reason: reason)
        default:
            self.init(.internalServerError, "INTERNAL_SERVER_ERROR", Self.unexpectedMessage, unexpected: true)
        }
    }

    static func tooMany(retryAfter: Int) -> EdgeError {
        EdgeError(.tooManyRequests, "TOO_MANY_REQUESTS", "too many requests; retry after \(retryAfter) seconds", retryAfter: retryAfter)
    }

    /// A status's code in the words above: its reason phrase in upper snake case.
    static func code(of status: HTTPResponse.Status) -> String {
        switch status.code {
        case 401: "UNAUTHENTICATED"
        case 422: "BAD_USER_INPUT"
        default: status.reasonPhrase.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        }
    }

    /// Names the field of a JSON body that did not decode, as the client wrote it (snake_case).
    static func describe(_ error: DecodingError) -> (String, String) {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { key in
                key.stringValue.reduce(into: "") { result, character in
                    if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
                }
            }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return (path(context.codingPath).isEmpty ? "body" : path(context.codingPath), "has the wrong type")
        case .dataCorrupted(let context):
            return (path(context.codingPath).isEmpty ? "body" : path(context.codingPath), "is not valid JSON")
        @unknown default:
            return ("body", "is not valid")
        }
    }
}
