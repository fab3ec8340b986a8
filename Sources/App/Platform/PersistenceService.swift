import ServiceLifecycle

/// Keeps the database open while the application runs and closes it last on shutdown (the
/// service group stops services in reverse order, so the HTTP server has finished by then).
struct PersistenceService: Service {
    let platform: Platform

    func run() async throws {
        try? await gracefulShutdown()
        await platform.shutdown()
    }
}
