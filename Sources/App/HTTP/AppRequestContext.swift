import Gateway
import Hummingbird

/// The context every request carries: Hummingbird's core storage plus our request id.
public struct AppRequestContext: RequestContext, GatewayContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String

    public init(source: Source) {
        coreContext = .init(source: source)
        requestID = ""
    }
}
