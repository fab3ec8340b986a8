import Logging
import NIOCore

/// Listens on Redis channels on a connection of its own, reconnecting with back-off for as long
/// as the task runs. Messages published while it was away are lost, so every (re)subscription
/// calls `onSubscribed` first: a listener then drops whatever those messages would have changed.
public struct RedisSubscriber: Sendable {
    public let settings: RedisSettings
    let group: any EventLoopGroup
    let logger: Logger

    public init(settings: RedisSettings, group: any EventLoopGroup, logger: Logger) {
        self.settings = settings
        self.group = group
        self.logger = logger
    }

    public init(client: RedisClient, logger: Logger) {
        self.init(settings: client.settings, group: client.group, logger: logger)
    }

    /// Runs until cancelled: `onMessage(channel, payload)` for each message on `channels`.
    public func run(
        channels: [String],
        onSubscribed: @escaping @Sendable () async -> Void,
        onMessage: @escaping @Sendable (String, [UInt8]) async -> Void
    ) async {
        var failures = 0
        while !Task.isCancelled {
            let (pushes, continuation) = AsyncStream.makeStream(of: RESPValue.self)
            do {
                let connection = try await RedisConnection.connect(to: settings, group: group) { continuation.yield($0) }
                connection.channel.closeFuture.whenComplete { _ in continuation.finish() }
                try await connection.write(settings.handshake + [RedisCommand("SUBSCRIBE", channels)])
                try await withTaskCancellationHandler {
                    for await push in pushes {
                        guard let parts = push.array, let kind = parts.first?.string else {
                            if case .error(let message) = push { throw RedisError.server(message) }
                            continue
                        }
                        switch kind {
                        case "subscribe" where parts.count == 3 && parts[2].int == channels.count:
                            if failures > 0 { logger.notice("Redis subscription restored") }
                            failures = 0
                            await onSubscribed()
                        case "message" where parts.count == 3:
                            if let channel = parts[1].string, let payload = parts[2].bytes { await onMessage(channel, payload) }
                        default:
                            continue
                        }
                    }
                } onCancel: {
                    continuation.finish()
                    connection.channel.close(promise: nil)
                }
                await connection.close()
            } catch {
                if failures == 0 { logger.warning("Redis subscription lost; retrying with back-off", metadata: ["careerops.error": "\(error)"]) }
            }
            continuation.finish()
            guard !Task.isCancelled else { return }
            failures += 1
            try? await Task.sleep(nanoseconds: UInt64(RedisClient.backoff(after: failures, settings: settings).nanoseconds))
        }
    }
}
