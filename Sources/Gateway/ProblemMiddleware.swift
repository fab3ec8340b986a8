import HTTPEdge
import Hummingbird
import Logging

/// Turns every error thrown below it into a problem+json answer. Unexpected errors are logged
/// once, with the request id, and their internals never reach the client.
public struct ProblemMiddleware<Context: EdgeContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (problem, headers, unexpected) = ProblemDetails.from(error, requestID: context.requestID)
            if unexpected {
                context.logger.error("request failed", metadata: ["careerops.error_type": "\(String(reflecting: type(of: error)))", "careerops.error": "\(error)"])
            }
            return problem.response(headers: headers)
        }
    }
}
