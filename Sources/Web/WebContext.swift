import Hummingbird
import Identity

/// What the web pages need of a request's context: who is asking (set by the gateway's
/// authentication middleware from the session cookie) and where the request came from.
public protocol WebContext: RequestContext {
    var requestID: String { get }
    var clientAddress: String? { get }
    var principal: Principal? { get }
}

extension WebContext {
    func origin(_ request: Request) -> RequestOrigin {
        RequestOrigin(address: clientAddress, userAgent: request.headers[.userAgent], requestID: requestID)
    }
}
