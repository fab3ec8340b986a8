import App
import ArgumentParser
import Foundation
import Intelligence

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the platform: the web app, the API and the worker.")

    @Option(help: "Address to listen on (HOST; default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (PORT; default 8080).") var port: String?
    @Option(help: "Roles of this process, comma-separated: api, worker (CAREEROPS_ROLES; default both).") var roles: String?
    @Flag(help: "Do not apply pending migrations at start.") var noMigrate = false
    @Option(help: "Serve HTTPS (TLS 1.3 or later) with this PEM certificate chain (TLS_CERT_FILE); needs --tls-key.") var tlsCert: String?
    @Option(help: "The PEM private key of --tls-cert (TLS_KEY_FILE).") var tlsKey: String?

    func run() async throws {
        let started = ContinuousClock.now
        let (platform, registry) = try await Runtime.open(AppConfig.Overrides(host: host, port: port, roles: roles, noMigrate: noMigrate,
                                                                                      tlsCertificate: tlsCert, tlsKey: tlsKey))
        let report: Platform.StartReport
        do {
            report = try await platform.start { Runtime.say("careerops: \($0)") }
        } catch {
            await platform.shutdown()
            throw Runtime.fail("start-up failed: \(error)")
        }
        let config = platform.config
        // A serving process answers many requests at once, one core each: the encoder's matrix
        // products (a profile, a posting, the worker's back-fills) take one thread, not all.
        if config.roles.contains(.api) { MiniLMEncoder.setBLASThreads(1) }
        if let demo = report.demo {
            Runtime.say("careerops: demo data loaded: \(demo.members) members, \(demo.opportunities) opportunities, \(demo.resources) learning resources, \(demo.events) events")
        }
        if config.roles.contains(.api) {
            let shownHost = config.host == "0.0.0.0" ? "localhost" : config.host
            Runtime.say("""
                careerops \(Version.current) is starting on \(platform.persistence.location.redacted) (ready in \(started.duration(to: .now).formatted(.units(allowed: [.seconds, .milliseconds]))))
                  URL:           \(config.tls == nil ? "http" : "https")://\(shownHost):\(config.port)/
                """)
            if try await platform.demoSeeder.isSeeded() {
                Runtime.say("""
                      demo member:   \(DemoLogins.memberEmail) / \(DemoLogins.memberPassword)
                      demo admin:    \(DemoLogins.adminEmail) / \(DemoLogins.adminPassword)
                      demo coach:    \(DemoLogins.coachEmail) / \(DemoLogins.coachPassword)
                    """)
            }
        }
        try await runPlatform(platform, registry: registry)
    }
}
