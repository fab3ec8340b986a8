import Identity
import Logging
import ServiceLifecycle

/// Runs the platform's deferred work (mail whose timing must not show in an answer) until the
/// platform stops; the jobs queued by then are done first.
struct DeferredWorkService: Service {
    let work: DeferredWork
    let logger: Logger

    func run() async throws {
        await withGracefulShutdownHandler {
            await work.run { error in
                logger.error("deferred work failed", metadata: ["careerops.error_type": "\(String(reflecting: type(of: error)))"])
            }
        } onGracefulShutdown: {
            work.stop()
        }
    }
}
