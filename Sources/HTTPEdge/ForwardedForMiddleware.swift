import Core
import Foundation
import HTTPTypes
import Hummingbird

/// Behind a balancer every request comes from the balancer's address. When the peer is one of
/// the trusted proxies, the client is the last address in `X-Forwarded-For` that is not itself
/// a trusted proxy (anything left of it could have been written by the client). From anyone
/// else the header is ignored, and so is a header naming only trusted proxies or a loopback
/// address (no client reaches a balancer from the server's own loopback; taken as the client,
/// it would pass the admin allow-list's default).
public struct ForwardedForMiddleware<Context: EdgeContext>: RouterMiddleware {
    let trusted: [CIDR]

    public init(trusted: [CIDR]) { self.trusted = trusted }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !trusted.isEmpty, let peer = context.clientAddress, isTrusted(peer) else { return try await next(request, context) }
        let hops = request.headers[values: .xForwardedFor].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { CIDR($0) != nil }
        guard let client = hops.last(where: { !isTrusted($0) }), !CIDR.loopback.contains(where: { $0.contains(client) }) else {
            return try await next(request, context)
        }
        var context = context
        context.clientAddress = client
        return try await next(request, context)
    }

    private func isTrusted(_ address: String) -> Bool {
        trusted.contains { $0.contains(address) }
    }
}

extension HTTPField.Name {
    public static let xForwardedFor = Self("X-Forwarded-For")!
}
