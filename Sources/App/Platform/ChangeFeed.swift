import Logging
import Redis
import ServiceLifecycle

/// Tells every instance that shared data changed, so that what each keeps in its memory (the
/// postings the matcher ranks) follows at once rather than at its next check. Through Redis
/// pub/sub when Redis is configured; with one instance there is nobody else to tell.
struct ChangeFeed: Sendable {
    enum Topic: String, Sendable {
        case postings
    }

    let redis: RedisClient?
    let channel: String

    func announce(_ topic: Topic) async {
        _ = try? await redis?.send("PUBLISH", channel, topic.rawValue)
    }
}

/// Listens to the change feed and applies each change here. Messages missed while the
/// subscription was down are unknown, so every (re)subscription applies them all.
struct ChangeListener: Service {
    let subscriber: RedisSubscriber
    let channel: String
    let apply: @Sendable (ChangeFeed.Topic) async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await subscriber.run(channels: [channel], onSubscribed: {
                await apply(.postings)
            }, onMessage: { _, payload in
                if let topic = ChangeFeed.Topic(rawValue: String(decoding: payload, as: UTF8.self)) { await apply(topic) }
            })
        }
    }
}
