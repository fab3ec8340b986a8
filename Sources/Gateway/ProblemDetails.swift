import Core
import Foundation
import HTTPEdge
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
    /// An error as problem+json (its classification is `EdgeError`'s): the body, extra headers,
    /// and whether the error was unexpected (to be logged).
    static func from(_ error: any Error, requestID: String) -> (problem: ProblemDetails, headers: HTTPFields, unexpected: Bool) {
        let edge = EdgeError(error)
        let errors = edge.field.map { [$0: edge.reason ?? "is not valid"] }
        // An HTTP error says what its body says, or nothing beyond its title.
        let detail = error is any HTTPResponseError ? (error as? HTTPError)?.body : edge.message
        return (ProblemDetails(status: edge.status, detail: detail, requestID: requestID, errors: errors), edge.headers, edge.unexpected)
    }
}
