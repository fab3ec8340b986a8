import Synchronization

/// A Lua script run atomically by Redis: sent once (SCRIPT LOAD), then called by its digest,
/// and loaded again when Redis has forgotten it (a restart).
public final class RedisScript: Sendable {
    public let source: String
    private let digest = Mutex<String?>(nil)

    public init(_ source: String) {
        self.source = source
    }

    public func run(on client: RedisClient, keys: [String], arguments: [String] = []) async throws -> RESPValue {
        if let sha = digest.withLock({ $0 }) {
            do {
                return try await client.send(RedisCommand("EVALSHA", [sha, String(keys.count)] + keys + arguments))
            } catch RedisError.server(let message) where message.hasPrefix("NOSCRIPT") {
                // loaded again below
            }
        }
        guard let sha = try await client.send(RedisCommand("SCRIPT", ["LOAD", source])).string else {
            throw RedisError.server("SCRIPT LOAD gave no digest")
        }
        digest.withLock { $0 = sha }
        return try await client.send(RedisCommand("EVALSHA", [sha, String(keys.count)] + keys + arguments))
    }
}
