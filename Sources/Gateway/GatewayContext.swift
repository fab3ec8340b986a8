import Hummingbird

/// What the API needs from a request's context; App's context type provides it.
public protocol GatewayContext: RequestContext {
    /// The id of this request, echoed in `X-Request-Id` and in every error body.
    var requestID: String { get }
}
