import Core
import HTTPEdge
import Hummingbird

/// Admin routes answer only to callers from the configured networks (loopback when none are
/// configured). Anyone else gets 404, as if the routes did not exist.
public struct AddressAllowListMiddleware<Context: EdgeContext>: RouterMiddleware {
    let allowed: [CIDR]

    public init(allowed: [CIDR]) { self.allowed = allowed.isEmpty ? CIDR.loopback : allowed }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let address = context.clientAddress, allowed.contains(where: { $0.contains(address) }) else {
            throw DomainError.notFound("resource")
        }
        return try await next(request, context)
    }
}
