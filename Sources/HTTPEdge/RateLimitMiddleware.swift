import Core
import Foundation
import Hummingbird

/// Token buckets per client address (on every request, tighter on the auth routes) or per
/// account (after authentication). Over the limit: 429 with `Retry-After`.
public struct RateLimitMiddleware<Context: EdgeContext>: RouterMiddleware {
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
            let auth = Self.isSignIn(request)
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

extension RateLimitMiddleware {
    /// Whether the request reaches a route that checks a password or a one-time token (the API's
    /// `auth/*`, the SSO and account-link pages, the sign-in and sign-up forms). Read by path
    /// components as the router reads them, so that `//api/v1/auth/login` (which the router
    /// serves as `/api/v1/auth/login`) is no way around the tighter limit.
    static func isSignIn(_ request: Request) -> Bool {
        let components = request.uri.path.split(separator: "/")
        guard let first = components.first else { return false }
        switch first {
        case "api": return components.count > 2 && components[1] == "v1" && components[2] == "auth"
        case "auth": return true
        case "sign-in", "sign-up": return request.method == .post
        default: return false
        }
    }
}

/// Too many requests: try again after this many seconds.
public struct RateLimited: Error, Equatable {
    public let retryAfter: Int

    public init(retryAfter: Int) { self.retryAfter = retryAfter }
}
