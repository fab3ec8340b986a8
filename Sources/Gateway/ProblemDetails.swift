import Core
import Foundation
import Hummingbird
import Identity

/// An error body in the form of RFC 9457 (`application/problem+json`), carrying the request id
/// so that a user's report can be found in the logs.
public struct ProblemDetails: Codable, Sendable, Equatable {
    public let type: String
    public let title: String
    public let status: Int
    public let detail: String?
    public let requestId: String
    /// Field name → what is wrong with it, for validation errors.
    public let errors: [String: String]?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors
        case requestId = "request_id"
    }

    public init(status: HTTPResponse.Status, detail: String?, requestID: String, errors: [String: String]? = nil) {
        self.type = "about:blank"
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.requestId = requestID
        self.errors = errors
    }

    public static let mediaType = "application/problem+json"

    func response(headers extra: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(self)) ?? Data()
        var headers = extra
        headers[.contentType] = Self.mediaType
        return Response(
            status: .init(code: status),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}

extension ProblemDetails {
    /// The one place where errors become HTTP answers: the body, extra headers, and whether the
    /// error was unexpected (to be logged).
    static func from(_ error: any Error, requestID: String) -> (problem: ProblemDetails, headers: HTTPFields, unexpected: Bool) {
        switch error {
        case let error as DomainError:
            let status: HTTPResponse.Status
            var errors: [String: String]?
            var headers = HTTPFields()
            switch error {
            case .notFound: status = .notFound
            case .invalid(let field, let reason):
                status = .unprocessableContent
                errors = [field: reason]
            case .conflict: status = .conflict
            case .unauthenticated:
                status = .unauthorized
                headers[.wwwAuthenticate] = "Bearer"
            case .forbidden: status = .forbidden
            case .unavailable(_, let retryAfter):
                status = .serviceUnavailable
                headers[.retryAfter] = String(retryAfter)
            }
            return (ProblemDetails(status: status, detail: error.description, requestID: requestID, errors: errors), headers, false)
        case let error as RateLimited:
            return tooMany(retryAfter: error.retryAfter, requestID: requestID)
        case let error as MethodNotAllowed:
            return (ProblemDetails(status: .methodNotAllowed, detail: "this path takes \(error.allowed.joined(separator: ", "))", requestID: requestID),
                    [.allow: error.allowed.joined(separator: ", ")], false)
        case let error as AuthFailure:
            switch error {
            case .throttled(let retryAfter):
                return tooMany(retryAfter: retryAfter, requestID: requestID)
            }
        case let error as SSOFailure:
            let status: HTTPResponse.Status = error == .unknownProvider ? .notFound : (error == .providerUnavailable ? .badGateway : .unauthorized)
            return (ProblemDetails(status: status, detail: error.description, requestID: requestID), [:], false)
        case let error as any HTTPResponseError:
            let detail = (error as? HTTPError)?.body
            return (ProblemDetails(status: error.status, detail: detail, requestID: requestID), [:], error.status.code >= 500)
        case let error as DecodingError:
            let (field, reason) = describe(error)
            return (ProblemDetails(status: .badRequest, detail: "the request body is not valid: \(field) \(reason)", requestID: requestID, errors: [field: reason]), [:], false)
        default:
            return (ProblemDetails(status: .internalServerError, detail: "an unexpected error occurred; quote the request id when reporting it", requestID: requestID), [:], true)
        }
    }

    private static func tooMany(retryAfter: Int, requestID: String) -> (problem: ProblemDetails, headers: HTTPFields, unexpected: Bool) {
        (ProblemDetails(status: .tooManyRequests, detail: "too many requests; retry after \(retryAfter) seconds", requestID: requestID),
         [.retryAfter: String(retryAfter)], false)
    }

    /// Names the field of a JSON body that did not decode.
    private static func describe(_ error: DecodingError) -> (String, String) {
        // Keys are reported as the client wrote them: snake_case.
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
