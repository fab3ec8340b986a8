import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A pool of pipelined connections to one Redis server. Connections open on first use and
/// again after they drop; when opening fails, that slot waits out a growing back-off and
/// answers `RedisError.unavailable` at once meanwhile, so callers fall back without waiting.
public final class RedisClient: Sendable {
    private enum Slot {
        case idle(failures: Int)
        case connecting(Task<RedisConnection, any Error>)
        case connected(RedisConnection)
        case backingOff(until: NIODeadline, failures: Int, error: RedisError)
    }

    public let settings: RedisSettings
    let group: any EventLoopGroup
    private let slots: Mutex<[Slot]>
    private let poolSize: Int
    private let next = Atomic<Int>(0)
    /// Connections tried so far (for tests of the back-off).
    let connectAttempts = Atomic<Int>(0)
    private let logger: Logger

    public init(settings: RedisSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.settings = settings
        self.group = group
        self.poolSize = max(1, settings.poolSize)
        self.slots = Mutex(Array(repeating: Slot.idle(failures: 0), count: max(1, settings.poolSize)))
        self.logger = logger
    }

    /// Sends one command on the next connection of the pool; an error reply throws.
    public func send(_ command: RedisCommand) async throws -> RESPValue {
        let reply = try await pipeline([command])[0]
        if case .error(let message) = reply { throw RedisError.server(message) }
        return reply
    }

    public func send(_ name: String, _ arguments: String...) async throws -> RESPValue {
        try await send(RedisCommand(name, arguments))
    }

    /// Sends `commands` together on one connection; replies in order, error replies as values.
    public func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        do {
            return try await connection().pipeline(commands)
        } catch is NotSent {
            // The pooled connection closed just now; nothing was sent, so trying another is safe.
            do {
                return try await connection().pipeline(commands)
            } catch is NotSent {
                throw RedisError.unavailable("connection closed")
            }
        }
    }

    /// Whether a connection can be had now (opening one if needed), checked with a PING.
    public func ping() async -> Result<Void, RedisError> {
        do {
            let reply = try await send("PING")
            return reply.string == "PONG" ? .success(()) : .failure(.server("PING answered \(reply)"))
        } catch let error as RedisError {
            return .failure(error)
        } catch {
            return .failure(.unavailable("\(error)"))
        }
    }

    /// A live connection from the pool, opened if needed.
    public func connection() async throws -> RedisConnection {
        let index = next.add(1, ordering: .relaxed).oldValue % poolSize
        enum Lease {
            case ready(RedisConnection)
            case pending(Task<RedisConnection, any Error>)
        }
        let lease: Lease = try slots.withLock { slots in
            let state = slots[index]
            switch state {
            case .connected(let connection) where connection.isActive:
                return .ready(connection)
            case .connecting(let task):
                return .pending(task)
            case .backingOff(let until, _, let error) where NIODeadline.now() < until:
                throw error
            case .connected, .idle, .backingOff:
                var failures = 0
                if case .idle(let count) = state { failures = count }
                if case .backingOff(_, let count, _) = state { failures = count }
                connectAttempts.add(1, ordering: .relaxed)
                let task = Task { [settings, group, logger] in
                    do {
                        let connection = try await RedisConnection.connect(to: settings, group: group)
                        self.slots.withLock { slots in
                            slots[index] = .connected(connection)
                            // Redis is back: the other slots need not wait out their back-off.
                            for other in slots.indices {
                                if case .backingOff = slots[other] { slots[other] = .idle(failures: 0) }
                            }
                        }
                        if failures > 0 { logger.notice("Redis reachable again", metadata: ["careerops.redis": "\(settings.host):\(settings.port)"]) }
                        return connection
                    } catch {
                        let delay = Self.backoff(after: failures + 1, settings: settings)
                        let failure = error as? RedisError ?? .unavailable("\(error)")
                        self.slots.withLock { $0[index] = .backingOff(until: .now() + delay, failures: failures + 1, error: failure) }
                        if failures == 0 {
                            logger.warning("Redis unreachable; retrying with back-off", metadata: ["careerops.redis": "\(settings.host):\(settings.port)", "careerops.error": "\(error)"])
                        }
                        throw error
                    }
                }
                slots[index] = .connecting(task)
                return .pending(task)
            }
        }
        switch lease {
        case .ready(let connection): return connection
        case .pending(let task): return try await task.value
        }
    }

    /// The wait after `failures` failed attempts: doubling from the minimum, capped, with ±20% jitter.
    static func backoff(after failures: Int, settings: RedisSettings) -> TimeAmount {
        let base = Double(settings.minBackoff.nanoseconds) * Double(1 << min(failures - 1, 20))
        let capped = min(base, Double(settings.maxBackoff.nanoseconds))
        return .nanoseconds(Int64(capped * Double.random(in: 0.8...1.2)))
    }

    /// Closes every connection; later calls open new ones.
    public func shutdown() async {
        let states = slots.withLock { slots in
            defer { slots = Array(repeating: .idle(failures: 0), count: slots.count) }
            return slots
        }
        for state in states {
            switch state {
            case .connected(let connection): await connection.close()
            case .connecting(let task): await (try? task.value)?.close()
            default: break
            }
        }
    }
}
