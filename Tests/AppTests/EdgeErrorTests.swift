import Core
@testable import Gateway
import GraphQL
@testable import HTTPEdge
import Hummingbird
import Identity
import Logging
import Testing

/// One classification of errors, formatted by each edge: REST and GraphQL answer the same error
/// with the same status, code, field and wait.
@Suite struct EdgeErrorTests {
    struct Case {
        let error: any Error
        let status: Int
        let code: String
    }

    static let cases: [Case] = [
        Case(error: DomainError.notFound("goal"), status: 404, code: "NOT_FOUND"),
        Case(error: DomainError.invalid(field: "level", reason: "must be between 1 and 5"), status: 422, code: "BAD_USER_INPUT"),
        Case(error: DomainError.conflict("already held"), status: 409, code: "CONFLICT"),
        Case(error: DomainError.unauthenticated, status: 401, code: "UNAUTHENTICATED"),
        Case(error: DomainError.forbidden, status: 403, code: "FORBIDDEN"),
        Case(error: DomainError.unavailable("encoding the catalog", retryAfter: 30), status: 503, code: "UNAVAILABLE"),
        Case(error: RateLimited(retryAfter: 7), status: 429, code: "TOO_MANY_REQUESTS"),
        Case(error: AuthFailure.throttled(retryAfter: 60), status: 429, code: "TOO_MANY_REQUESTS"),
        Case(error: MethodNotAllowed(allowed: ["GET", "HEAD"]), status: 405, code: "METHOD_NOT_ALLOWED"),
        Case(error: SSOFailure.providerUnavailable, status: 502, code: "BAD_GATEWAY"),
        Case(error: SSOFailure.stateMismatch, status: 401, code: "UNAUTHENTICATED"),
        Case(error: HTTPError(.forbidden, message: "a request from another site may not change anything here"), status: 403, code: "FORBIDDEN"),
        Case(error: CancellationError(), status: 500, code: "INTERNAL_SERVER_ERROR"),
    ]

    @Test func restAndGraphQLFormatOneClassification() {
        for test in Self.cases {
            let edge = EdgeError(test.error)
            #expect(edge.status.code == test.status && edge.code == test.code, "\(test.error)")
            let (problem, headers, unexpected) = ProblemDetails.from(test.error, requestID: "r1")
            #expect(problem.status == test.status && unexpected == (test.status == 500))
            #expect(headers[.retryAfter] == edge.retryAfter.map(String.init))
            let graphQL = GraphQLService.described(GraphQLError(message: "x", originalError: test.error), requestID: "r1", logger: Logger(label: "test"))
            #expect(graphQL.extensions["code"] == .string(test.code), "\(test.error)")
            #expect(graphQL.extensions["retryAfter"] == edge.retryAfter.map { .number(.init($0)) })
            #expect(graphQL.extensions["field"] == edge.field.map { .string($0) })
            if unexpected {
                #expect(problem.detail == EdgeError.unexpectedMessage && graphQL.message == EdgeError.unexpectedMessage, "internals stay hidden")
            }
        }
        #expect(EdgeError(DomainError.invalid(field: "level", reason: "must be between 1 and 5")).field == "level")
        #expect(EdgeError(MethodNotAllowed(allowed: ["GET", "HEAD"])).headers[.allow] == "GET, HEAD")
        #expect(EdgeError(DomainError.unauthenticated).headers[.wwwAuthenticate] == "Bearer")
    }
}
