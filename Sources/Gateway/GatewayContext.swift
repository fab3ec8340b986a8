import Foundation
import Hummingbird
import Identity

/// What the API needs from a request's context; App's context type provides it.
public protocol GatewayContext: RequestContext {
    /// The id of this request, echoed in `X-Request-Id` and in every error body.
    var requestID: String { get }
    /// The peer's IP address, when the request came over a socket.
    var clientAddress: String? { get }
    /// The authenticated caller, set by `AuthMiddleware`.
    var principal: Principal? { get set }
}

extension GatewayContext {
    func origin(_ request: Request) -> RequestOrigin {
        RequestOrigin(address: clientAddress, userAgent: request.headers[.userAgent], requestID: requestID)
    }
}
