import NIOCore
import NIOPosix

/// What went wrong talking to Redis.
public enum RedisError: Error, Equatable, CustomStringConvertible {
    /// No connection could be had (refused, closed, or waiting out a back-off).
    case unavailable(String)
    /// No reply within the command timeout; the connection was dropped.
    case timeout
    /// Redis answered with an error reply.
    case server(String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "Redis unavailable: \(reason)"
        case .timeout: "Redis did not answer in time"
        case .server(let message): "Redis error: \(message)"
        }
    }
}

/// Commands written together, with one promise per reply expected.
struct RedisRequest: Sendable {
    var buffer: ByteBuffer
    var replies: [EventLoopPromise<RESPValue>]
}

/// Matches replies to requests in order (Redis answers in the order it was asked), so any number
/// of callers may share one connection with their commands pipelined. In subscriber mode every
/// value read is a push, handed to `onPush`.
final class RedisHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private var waiting = CircularBuffer<EventLoopPromise<RESPValue>>()
    /// Why the connection is closing, for the callers still waiting on it.
    private var closeReason: (any Error)?
    private let onPush: (@Sendable (RESPValue) -> Void)?

    init(onPush: (@Sendable (RESPValue) -> Void)? = nil) {
        self.onPush = onPush
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if onPush == nil { waiting.append(contentsOf: request.replies) }
        context.write(wrapOutboundOut(request.buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        if let onPush {
            onPush(value)
        } else if let promise = waiting.popFirst() {
            promise.succeed(value)
        } else {
            context.fireErrorCaught(RESPProtocolError(description: "a reply nobody asked for"))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(closeReason ?? RedisError.unavailable("connection closed"))
        context.fireChannelInactive()
    }

    /// Closes first, then fails the waiting callers (from channelInactive): by the time they
    /// resume, the connection already reads as inactive and is not handed out again.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if closeReason == nil { closeReason = error }
        context.close(promise: nil)
        failAll(error)
    }

    private func failAll(_ error: any Error) {
        while let promise = waiting.popFirst() { promise.fail(error) }
    }
}

/// Nothing was written: the connection had closed already.
struct NotSent: Error {}

/// One TCP connection to Redis. Safe to share: commands from concurrent callers are pipelined.
public final class RedisConnection: Sendable {
    let channel: any Channel
    let timeout: TimeAmount

    init(channel: any Channel, timeout: TimeAmount) {
        self.channel = channel
        self.timeout = timeout
    }

    public var isActive: Bool { channel.isActive }

    /// Opens a connection, then sends the settings' handshake (AUTH, SELECT) unless it subscribes.
    static func connect(
        to settings: RedisSettings, group: any EventLoopGroup, onPush: (@Sendable (RESPValue) -> Void)? = nil
    ) async throws -> RedisConnection {
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(settings.connectTimeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers(ByteToMessageHandler(RESPDecoder()), RedisHandler(onPush: onPush))
                    }
                }
                .connect(host: settings.host, port: settings.port).get()
        } catch {
            throw RedisError.unavailable("\(settings.host):\(settings.port): \(error)")
        }
        let connection = RedisConnection(channel: channel, timeout: settings.commandTimeout)
        do {
            // A subscriber sends the handshake itself: its replies arrive as pushes.
            if !settings.handshake.isEmpty, onPush == nil {
                for reply in try await connection.pipeline(settings.handshake) {
                    if case .error(let message) = reply { throw RedisError.server(message) }
                }
            }
        } catch {
            try? await channel.close()
            throw error
        }
        return connection
    }

    /// Writes all `commands` at once and returns their replies in order (error replies included
    /// as `.error`). With no reply in time the connection is dropped, failing everything on it.
    public func pipeline(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        guard channel.isActive else { throw NotSent() }
        var buffer = channel.allocator.buffer(capacity: 64 * commands.count)
        for command in commands { command.write(to: &buffer) }
        let loop = channel.eventLoop
        let replies = commands.map { _ in loop.makePromise(of: RESPValue.self) }
        let channel = self.channel
        let deadline = loop.scheduleTask(in: timeout) { channel.pipeline.fireErrorCaught(RedisError.timeout) }
        let written = loop.makePromise(of: Void.self)
        written.futureResult.whenFailure { error in
            for reply in replies { reply.fail(RedisError.unavailable("\(error)")) }
        }
        channel.writeAndFlush(RedisRequest(buffer: buffer, replies: replies), promise: written)
        defer { deadline.cancel() }
        var values: [RESPValue] = []
        values.reserveCapacity(replies.count)
        for reply in replies { values.append(try await reply.futureResult.get()) }
        return values
    }

    /// Writes without waiting for replies (subscriber mode: replies arrive as pushes).
    func write(_ commands: [RedisCommand]) async throws {
        var buffer = channel.allocator.buffer(capacity: 64 * commands.count)
        for command in commands { command.write(to: &buffer) }
        try await channel.writeAndFlush(RedisRequest(buffer: buffer, replies: []))
    }

    public func close() async {
        try? await channel.close()
    }
}
