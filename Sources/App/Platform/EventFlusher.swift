import Analytics
import AsyncAlgorithms
import Logging
import ServiceLifecycle

/// Writes queued analytics events every second, and once more when the platform stops (it
/// stops after the HTTP server and before the database, so every accepted event is written).
struct EventFlusher: Service {
    let intake: EventIntake
    let logger: Logger

    func run() async throws {
        for await _ in AsyncTimerSequence(interval: .seconds(1), clock: .continuous).cancelOnGracefulShutdown() {
            await flush()
        }
        await flush()
    }

    private func flush() async {
        do {
            try await intake.flush()
        } catch {
            logger.error("analytics events not written yet", metadata: ["careerops.error_type": "\(String(reflecting: type(of: error)))"])
        }
    }
}
