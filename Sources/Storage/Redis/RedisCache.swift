import Core
import Foundation
import Logging
import Redis
import Synchronization

/// The cache in Redis, shared by every instance. Values are sealed like the database's personal
/// data. Each scope has a version key, bumped on invalidation; a value is stored with the
/// versions read before it was loaded, and a lookup (one script, one round trip) serves it only
/// while they still hold. When Redis fails, lookups miss and nothing is stored; once it answers
/// again, the epoch (a scope every value depends on) is bumped first, because invalidations may
/// have been lost meanwhile.
public final class RedisCache: Cache {
    let client: RedisClient
    let prefix: String
    let cipher: FieldCipher
    let logger: Logger
    /// Version keys outlive every value that could carry their old version.
    static let versionLifetime: Duration = .seconds(48 * 3_600)
    private let mustBumpEpoch = Atomic<Bool>(false)

    private static let lookupScript = RedisScript("""
        local stamp = {}
        for i = 2, #KEYS do stamp[#stamp + 1] = redis.call('GET', KEYS[i]) or '0' end
        local s = table.concat(stamp, '.')
        local v = redis.call('GET', KEYS[1])
        if v then
          local nl = string.find(v, '\\n', 1, true)
          if nl and string.sub(v, 1, nl - 1) == s then return {s, string.sub(v, nl + 1)} end
        end
        return {s}
        """)

    public init(client: RedisClient, prefix: String, cipher: FieldCipher, logger: Logger) {
        self.client = client
        self.prefix = prefix
        self.cipher = cipher
        self.logger = logger
    }

    private var epochKey: String { prefix + "epoch" }
    private func valueKey(_ key: String) -> String { prefix + "c:" + key }
    private func versionKey(_ scope: String) -> String { prefix + "v:" + scope }

    private func failed(_ error: any Error) {
        if !mustBumpEpoch.exchange(true, ordering: .relaxed) {
            logger.warning("cache unavailable; reading through to the database", metadata: ["careerops.error": "\(error)"])
        }
    }

    /// After a failure, the epoch is bumped before the cache is trusted again.
    private func usable() async -> Bool {
        guard mustBumpEpoch.load(ordering: .relaxed) else { return true }
        do {
            _ = try await client.send("INCR", epochKey)
            mustBumpEpoch.store(false, ordering: .relaxed)
            logger.notice("cache available again; earlier entries dropped")
            return true
        } catch {
            return false
        }
    }

    public func lookup(_ key: String, scopes: [String]) async -> CacheLookup {
        guard await usable() else { return CacheLookup(value: nil, stamp: nil) }
        do {
            let reply = try await Self.lookupScript.run(on: client, keys: [valueKey(key), epochKey] + scopes.map(versionKey))
            guard let parts = reply.array, let stamp = parts.first?.string else { return CacheLookup(value: nil, stamp: nil) }
            let value = parts.count > 1 ? parts[1].string.flatMap { try? cipher.open($0) }.map { Array($0.utf8) } : nil
            return CacheLookup(value: value, stamp: CacheStamp(stamp))
        } catch {
            failed(error)
            return CacheLookup(value: nil, stamp: nil)
        }
    }

    public func store(_ value: [UInt8], key: String, stamp: CacheStamp, ttl: Duration) async {
        guard let sealed = try? cipher.seal(String(decoding: value, as: UTF8.self)) else { return }
        do {
            _ = try await client.send(RedisCommand("SET", [valueKey(key), stamp.text + "\n" + sealed, "PX", String(ttl.milliseconds)]))
        } catch {
            failed(error)
        }
    }

    public func invalidate(_ scopes: [String]) async {
        guard !scopes.isEmpty else { return }
        let lifetime = String(Self.versionLifetime.milliseconds)
        do {
            let replies = try await client.pipeline(scopes.flatMap { [RedisCommand("INCR", [versionKey($0)]), RedisCommand("PEXPIRE", [versionKey($0), lifetime])] })
            if let error = replies.first(where: { if case .error = $0 { true } else { false } }) { throw RedisError.server("\(error)") }
        } catch {
            failed(error)
        }
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}
