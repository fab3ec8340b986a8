import Core
import Foundation
import Logging
import Redis
import Synchronization

/// Token buckets in Redis, taken atomically by a script, so that every instance draws from the
/// same bucket. When Redis fails, each instance limits on its own (`fallback`) until it is back.
public final class RedisRateLimitStore: RateLimitStore {
    let client: RedisClient
    let prefix: String
    let fallback: any RateLimitStore
    let logger: Logger
    private let degraded = Atomic<Bool>(false)

    /// KEYS[1]: the bucket; ARGV: capacity, refill per second, now in milliseconds. Answers -1
    /// when a token was taken, else the seconds until one will be there.
    private static let takeScript = RedisScript("""
        local capacity = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local now = tonumber(ARGV[3])
        local bucket = redis.call('HMGET', KEYS[1], 't', 'u')
        local tokens = tonumber(bucket[1]) or capacity
        local updated = tonumber(bucket[2]) or now
        tokens = math.min(capacity, tokens + math.max(0, now - updated) / 1000 * rate)
        local answer = -1
        if tokens >= 1 then tokens = tokens - 1 else answer = math.max(1, math.ceil((1 - tokens) / rate)) end
        redis.call('HSET', KEYS[1], 't', string.format('%.6f', tokens), 'u', string.format('%d', math.max(now, updated)))
        redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + 1000)
        return answer
        """)

    public init(client: RedisClient, prefix: String, fallback: any RateLimitStore = MemoryRateLimitStore(), logger: Logger) {
        self.client = client
        self.prefix = prefix
        self.fallback = fallback
        self.logger = logger
    }

    public func take(_ key: String, limit: RateLimit, now: Date) async -> RateDecision {
        do {
            let reply = try await Self.takeScript.run(on: client, keys: [prefix + "rl:" + key], arguments: [
                String(limit.capacity), String(limit.perSecond), String(Int64((now.timeIntervalSince1970 * 1_000).rounded())),
            ])
            if degraded.exchange(false, ordering: .relaxed) { logger.notice("rate limits shared through Redis again") }
            guard let seconds = reply.int else { return .allowed }
            return seconds < 0 ? .allowed : .limited(retryAfter: seconds)
        } catch {
            if !degraded.exchange(true, ordering: .relaxed) {
                logger.warning("Redis unavailable: rate limits apply per instance", metadata: ["careerops.error": "\(error)"])
            }
            return await fallback.take(key, limit: limit, now: now)
        }
    }
}
