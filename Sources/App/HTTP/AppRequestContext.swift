import Foundation
import Gateway
import HTTPEdge
import Hummingbird
import Identity
import Web

/// The context every request carries: Hummingbird's core storage, our request id, the peer's
/// address and the authenticated caller. JSON is snake_case on the wire, dates ISO 8601.
public struct AppRequestContext: RequestContext, EdgeContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String
    /// The client's address: the socket's peer, or what a trusted balancer forwarded for it.
    public var clientAddress: String?
    public var principal: Principal?

    public init(source: Source) {
        coreContext = .init(source: source)
        requestID = ""
        clientAddress = source.channel.remoteAddress?.ipAddress
        principal = nil
    }

    public var requestDecoder: JSONDecoder { APIJSON.decoder }

    public var responseEncoder: JSONEncoder { APIJSON.encoder }
}
