import Foundation
import Hummingbird
import Identity

/// What every edge (REST, GraphQL, the web pages) needs of a request's context: its id, where it
/// came from and who is asking. App's context type provides it; the middleware here fills it in
/// (`ForwardedForMiddleware`, `RequestIDMiddleware`, `AuthMiddleware`).
public protocol EdgeContext: RequestContext {
    /// The id of this request, echoed in `X-Request-Id`, in every error body and on every log line.
    var requestID: String { get set }
    /// The client's address: the socket's peer, or what a trusted balancer forwarded for it.
    var clientAddress: String? { get set }
    /// The authenticated caller, set by `AuthMiddleware`.
    var principal: Principal? { get set }
}

extension EdgeContext {
    /// Where the request came from, for audit records and sessions.
    public func origin(_ request: Request) -> RequestOrigin {
        RequestOrigin(address: clientAddress, userAgent: request.headers[.userAgent], requestID: requestID)
    }
}
