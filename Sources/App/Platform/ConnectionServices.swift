import Insights
import Redis
import ServiceLifecycle
import Storage

/// The database as a service: first to start and last to stop, so that at graceful shutdown
/// every other service (the server, the worker, the event flusher) has finished with it before
/// it closes. A group that is cancelled instead stops its services all at once, with a job maybe
/// still in hand: then the database stays open for whoever opened the platform to close
/// (`runPlatform` does when its group fails).
struct DatabaseService: Service {
    let persistence: Persistence

    func run() async throws {
        do { try await gracefulShutdown() } catch { return }
        await persistence.shutdown()
    }
}

/// Redis as a service: started after the database and stopped before it, after every service
/// that uses the cache, the rate limits or the change feed; like the database, left open when
/// the group is cancelled.
struct RedisService: Service {
    let client: RedisClient

    func run() async throws {
        do { try await gracefulShutdown() } catch { return }
        await client.shutdown()
    }
}

/// The encoder's background runs as a service: stopped after the server and the worker and
/// before the database, it waits for an encoding still going (begun by a first analysis, say)
/// to end after its batch in hand, so that nothing encodes as the process exits.
struct EncodingService: Service {
    let embeddings: EmbeddingService

    func run() async throws {
        try? await gracefulShutdown()
        await embeddings.stop()
    }
}
