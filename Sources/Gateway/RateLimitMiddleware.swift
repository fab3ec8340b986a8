import Core
import Foundation
import Hummingbird

/// Token buckets per client address (on every request, tighter on the auth routes) or per
/// account (after authentication). Over the limit: 429 with `Retry-After`.
public struct RateLimitMiddleware<Context: GatewayContext>: RouterMiddleware {
    public enum Scope: Sendable {
        case address
        case account
    }

    let store: any RateLimitStore
    let limits: RateLimits
    let scope: Scope
    let clock: any WallClock

    public init(store: any RateLimitStore, limits: RateLimits, scope: Scope, clock: any WallClock) {
        self.store = store
        self.limits = limits
        self.scope = scope
        self.clock = clock
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let decision: RateDecision
        switch scope {
        case .address:
            let auth = request.uri.path.hasPrefix("/api/v1/auth") || request.uri.path.hasPrefix("/auth/")
            decision = await store.take("addr:\(auth ? "auth" : "api"):\(context.clientAddress ?? "unknown")", limit: auth ? limits.auth : limits.api, now: clock.now())
        case .account:
            guard let principal = context.principal else { return try await next(request, context) }
            decision = await store.take("acct:\(principal.userID.uuidString)", limit: limits.account, now: clock.now())
        }
        if case .limited(let retryAfter) = decision {
            throw RateLimited(retryAfter: retryAfter)
        }
        return try await next(request, context)
    }
}

/// Too many requests: try again after this many seconds.
public struct RateLimited: Error, Equatable {
    public let retryAfter: Int
}
