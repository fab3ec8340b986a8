import Foundation
import HTTPTypes
import Hummingbird

/// Gives each request an id: the caller's `X-Request-Id` when it is short and plain, a new one
/// otherwise. The id goes on every log line of the request and back in the response.
public struct RequestIDMiddleware<Context: EdgeContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id = request.headers[.xRequestID].flatMap { Self.isAcceptable($0) ? $0 : nil } ?? UUID().uuidString.lowercased()
        context.requestID = id
        context.logger[metadataKey: "careerops.request_id"] = .string(id)
        var response = try await next(request, context)
        response.headers[.xRequestID] = id
        return response
    }

    static func isAcceptable(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
    }
}

extension HTTPField.Name {
    public static let xRequestID = Self("X-Request-Id")!
}
