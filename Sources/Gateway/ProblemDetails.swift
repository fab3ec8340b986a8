import Core
import Foundation
import Hummingbird

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

    public init(status: HTTPResponse.Status, detail: String?, requestID: String, errors: [String: String]? = nil) {
        self.type = "about:blank"
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.requestId = requestID
        self.errors = errors
    }

    public static let mediaType = "application/problem+json"

    func response() -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(self)) ?? Data()
        return Response(
            status: .init(code: status),
            headers: [.contentType: Self.mediaType],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}

extension ProblemDetails {
    /// The one place where errors become HTTP answers.
    static func from(_ error: any Error, requestID: String) -> (problem: ProblemDetails, unexpected: Bool) {
        switch error {
        case let error as DomainError:
            switch error {
            case .notFound:
                return (ProblemDetails(status: .notFound, detail: error.description, requestID: requestID), false)
            case .invalid(let field, let reason):
                return (ProblemDetails(status: .unprocessableContent, detail: error.description, requestID: requestID, errors: [field: reason]), false)
            case .conflict:
                return (ProblemDetails(status: .conflict, detail: error.description, requestID: requestID), false)
            case .unauthenticated:
                return (ProblemDetails(status: .unauthorized, detail: error.description, requestID: requestID), false)
            case .forbidden:
                return (ProblemDetails(status: .forbidden, detail: error.description, requestID: requestID), false)
            }
        case let error as any HTTPResponseError:
            let detail = (error as? HTTPError)?.body
            return (ProblemDetails(status: error.status, detail: detail, requestID: requestID), error.status.code >= 500)
        case is DecodingError:
            return (ProblemDetails(status: .badRequest, detail: "the request body is not valid JSON of the expected shape", requestID: requestID, errors: ["body": "malformed"]), false)
        default:
            return (ProblemDetails(status: .internalServerError, detail: "an unexpected error occurred; quote the request id when reporting it", requestID: requestID), true)
        }
    }
}
