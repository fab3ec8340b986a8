import Foundation
import Synchronization

/// How long cached things live (the seed's figures). Writes invalidate sooner.
public enum CacheTTL {
    public static let session: Duration = .seconds(24 * 3_600)
    public static let profile: Duration = .seconds(3_600)
    public static let recommendations: Duration = .seconds(6 * 3_600)
    public static let apiResponse: Duration = .seconds(300)
}

/// The versions of the scopes a value depends on, read before the value was loaded from its
/// source. A value stored with a stamp is served only while every scope is still at that
/// version, so a load that raced a write can never outlive it.
public struct CacheStamp: Sendable, Equatable {
    public let text: String
    public init(_ text: String) { self.text = text }
}

/// What a lookup found: the value if fresh, and the stamp to store a freshly loaded value
/// under (nil when the cache cannot be used just now: load from the source, store nothing).
public struct CacheLookup: Sendable {
    public let value: [UInt8]?
    public let stamp: CacheStamp?

    public init(value: [UInt8]?, stamp: CacheStamp?) {
        self.value = value
        self.stamp = stamp
    }
}

/// A cache of values that depend on named scopes (`profile:<id>`, `session:<hash>`…). A write
/// to the source invalidates the scopes it changed, after it is committed. In the process by
/// default; Redis (Storage) when several instances share it. Never throws: a cache that is
/// down behaves as a miss.
public protocol Cache: Sendable {
    func lookup(_ key: String, scopes: [String]) async -> CacheLookup
    func store(_ value: [UInt8], key: String, stamp: CacheStamp, ttl: Duration) async
    /// Everything stored under any of `scopes` is stale from now on.
    func invalidate(_ scopes: [String]) async
}

extension Cache {
    /// The cached value of `key`, or `load()`'s, stored for next time.
    public func value<T: Codable & Sendable>(
        _ key: String, scopes: [String], ttl: Duration, isolation: isolated (any Actor)? = #isolation, load: () async throws -> T
    ) async throws -> T {
        try await cached(key, scopes: scopes, ttl: ttl, keep: { _ in true }, load: load)
    }

    /// As `value`, but an absent value is not stored (a lookup by a guessed key costs no space).
    public func present<T: Codable & Sendable>(
        _ key: String, scopes: [String], ttl: Duration, isolation: isolated (any Actor)? = #isolation, load: () async throws -> T?
    ) async throws -> T? {
        try await cached(key, scopes: scopes, ttl: ttl, keep: { $0 != nil }, load: load)
    }

    private func cached<T: Codable & Sendable>(
        _ key: String, scopes: [String], ttl: Duration, isolation: isolated (any Actor)? = #isolation, keep: (T) -> Bool,
        load: () async throws -> T
    ) async throws -> T {
        let found = await lookup(key, scopes: scopes)
        if let bytes = found.value, let value = try? JSONDecoder.cache.decode(CacheBox<T>.self, from: Data(bytes)) {
            return value.value
        }
        let value = try await load()
        if let stamp = found.stamp, keep(value), let bytes = try? JSONEncoder.cache.encode(CacheBox(value: value)) {
            await store(Array(bytes), key: key, stamp: stamp, ttl: ttl)
        }
        return value
    }
}

/// A top-level wrapper, so that optionals and scalars encode as JSON documents too.
private struct CacheBox<T: Codable>: Codable {
    let value: T
}

extension JSONEncoder {
    fileprivate static let cache: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()
}

extension JSONDecoder {
    fileprivate static let cache: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()
}

/// The cache in this process's memory, for a single instance: bounded, entries expire with
/// their TTL, and the scope versions work as in Redis.
public final class MemoryCache: Cache {
    private struct Entry {
        let stamp: String
        let value: [UInt8]
        let expires: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var versions: [String: Int] = [:]
        /// Bumped when the version table is cleared, so no stamp from before matches again.
        var generation = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    public init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    private static func stamp(_ scopes: [String], _ state: State) -> String {
        ([state.generation] + scopes.map { state.versions[$0] ?? 0 }).map(String.init).joined(separator: ".")
    }

    public func lookup(_ key: String, scopes: [String]) async -> CacheLookup {
        let now = ContinuousClock.now
        return state.withLock { state in
            let stamp = Self.stamp(scopes, state)
            guard let entry = state.entries[key], entry.stamp == stamp, entry.expires > now else {
                return CacheLookup(value: nil, stamp: CacheStamp(stamp))
            }
            return CacheLookup(value: entry.value, stamp: CacheStamp(stamp))
        }
    }

    public func store(_ value: [UInt8], key: String, stamp: CacheStamp, ttl: Duration) async {
        let now = ContinuousClock.now
        state.withLock { state in
            if state.entries.count >= capacity {
                state.entries = state.entries.filter { $0.value.expires > now }
                if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            }
            state.entries[key] = Entry(stamp: stamp.text, value: value, expires: now + ttl)
        }
    }

    public func invalidate(_ scopes: [String]) async {
        state.withLock { state in
            if state.versions.count >= 2 * capacity {
                state.versions.removeAll(keepingCapacity: true)
                state.entries.removeAll(keepingCapacity: true)
                state.generation += 1
            }
            for scope in scopes { state.versions[scope, default: 0] += 1 }
        }
    }
}
