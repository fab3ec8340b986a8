import Foundation
import Synchronization

/// How many requests a key may make: `capacity` at once, refilled at `perSecond`.
public struct RateLimit: Sendable, Equatable {
    public let capacity: Double
    public let perSecond: Double

    public init(capacity: Double, perSecond: Double) {
        self.capacity = capacity
        self.perSecond = perSecond
    }

    /// Reads `N/min`, `N/s` or `N/h` (a burst of N, refilled evenly over the period).
    public static func parse(_ text: String) -> RateLimit? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let count = Double(parts[0]), count > 0 else { return nil }
        let seconds: Double
        switch parts[1] {
        case "s", "sec", "second": seconds = 1
        case "m", "min", "minute": seconds = 60
        case "h", "hour": seconds = 3_600
        default: return nil
        }
        return RateLimit(capacity: count, perSecond: count / seconds)
    }
}

/// The platform's limits: per address on the sign-in routes and on everything, per account.
public struct RateLimits: Sendable, Equatable {
    public var auth: RateLimit
    public var api: RateLimit
    public var account: RateLimit

    public init(auth: RateLimit, api: RateLimit, account: RateLimit) {
        self.auth = auth
        self.api = api
        self.account = account
    }
}

/// The answer for one request: allowed, or how long to wait.
public enum RateDecision: Sendable, Equatable {
    case allowed
    case limited(retryAfter: Int)
}

/// Where token buckets live: in the process now; a shared store (Redis) for several instances.
public protocol RateLimitStore: Sendable {
    func take(_ key: String, limit: RateLimit, now: Date) async -> RateDecision
}

/// Token buckets in this process's memory. Buckets that have refilled completely are dropped
/// now and then, so the table stays as large as the set of recently active keys.
public final class MemoryRateLimitStore: RateLimitStore {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    private let sweepEvery: Int
    private let takes = Atomic<Int>(0)

    public init(sweepEvery: Int = 10_000) { self.sweepEvery = sweepEvery }

    public func take(_ key: String, limit: RateLimit, now: Date) async -> RateDecision {
        let count = takes.add(1, ordering: .relaxed).newValue
        return buckets.withLock { buckets in
            if count % sweepEvery == 0 {
                buckets = buckets.filter { now.timeIntervalSince($0.value.updated) * limit.perSecond + $0.value.tokens < limit.capacity }
            }
            var bucket = buckets[key] ?? Bucket(tokens: limit.capacity, updated: now)
            bucket.tokens = min(limit.capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * limit.perSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else {
                return .limited(retryAfter: max(1, Int(((1 - bucket.tokens) / limit.perSecond).rounded(.up))))
            }
            bucket.tokens -= 1
            return .allowed
        }
    }
}
