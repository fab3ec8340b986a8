@testable import App
import Foundation
import Logging
@testable import Storage
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Runs the built `careerops` binary the way an operator does.
@Suite(.serialized) struct CommandLineTests {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("careerops")
    }

    struct Outcome {
        let status: Int32
        let output: String
        let error: String
    }

    static func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["DATABASE_URL"] = nil
        env["CAREEROPS_ENV"] = "test"
        env["BCRYPT_COST"] = "4"
        env["CAREEROPS_DEMO"] = "false"
        env["CAREEROPS_LOAD_TAXONOMY"] = "false"
        env["CAREEROPS_DATA_DIR"] = FileManager.default.temporaryDirectory.appendingPathComponent("careerops-cli-\(UUID())").path
        env.merge(extra) { _, new in new }
        return env
    }

    static func start(_ arguments: [String], _ extra: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment(extra)
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return (process, output, error)
    }

    static func run(_ arguments: [String], _ extra: [String: String] = [:]) throws -> Outcome {
        let (process, output, error) = try start(arguments, extra)
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self))
    }

    @Test func aBadSettingPrintsOneLineNamingItAndExits2() throws {
        let url = try Self.run(["serve"], ["DATABASE_URL": "postgres://nohost:x"])
        #expect(url.status == 2)
        #expect(url.error.split(separator: "\n").count == 1)
        #expect(url.error.contains("DATABASE_URL"))

        let port = try Self.run(["serve", "--port", "70000"])
        #expect(port.status == 2)
        #expect(port.error == "careerops: invalid --port/PORT: '70000' is not a port number (0-65535, 0 for any free port)\n")
    }

    @Test func migrateUpRevertUpOnAFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("careerops-cli-\(UUID()).sqlite").path
        let env = ["DATABASE_URL": "sqlite://\(file)"]
        #expect(try Self.run(["migrate", "up"], env).output.contains("\(CareerOpsMigrations.all.count) migrations applied"))
        #expect(try Self.run(["migrate", "status"], env).output.contains("applied  Storage.CreateUsers"))
        let revert = try Self.run(["migrate", "revert"], env)
        #expect(revert.status == 0)
        let status = try Self.run(["migrate", "status"], env)
        #expect(!status.output.contains("applied "))
        #expect(status.output.contains("pending"))
        #expect(try Self.run(["migrate", "up"], env).output.contains("\(CareerOpsMigrations.all.count) migrations applied"))
        #expect(try Self.run(["version"]).output.hasPrefix("careerops "))
    }

    @Test func sigtermLetsARequestInFlightFinishAndExitsZero() async throws {
        let port = try RedisTestServer.freePort()
        let (server, _, errors) = try Self.start(["serve", "--port", "\(port)", "--roles", "api"])
        defer { if server.isRunning { server.terminate() } }
        let base = URL(string: "http://127.0.0.1:\(port)")!
        var ready = false
        for _ in 0..<200 where !ready {
            try await Task.sleep(for: .milliseconds(100))
            if let (_, response) = try? await URLSession.shared.data(from: base.appendingPathComponent("health/ready")) {
                ready = (response as? HTTPURLResponse)?.statusCode == 200
            }
        }
        try #require(ready, "server never became ready: \(String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self))")
        #expect(try Self.run(["probe", "http://127.0.0.1:\(port)/health/ready"]).status == 0, "the container health check's view")
        #expect(try Self.run(["probe", "http://127.0.0.1:\(port)/no-such-page"]).status == 1)

        async let slow = URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/debug/sleep?ms=1500")!)
        try await Task.sleep(for: .milliseconds(400))
        kill(server.processIdentifier, SIGTERM)
        let (body, response) = try await slow
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == "slept 1500 ms\n")
        for _ in 0..<100 where server.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!server.isRunning)
        #expect(server.terminationStatus == 0)
        #expect(try Self.run(["probe", "http://127.0.0.1:\(port)/health/live"]).status != 0, "nobody answers any more")
    }

    /// SIGTERM while the worker's first round encodes the catalog (about a minute on a fresh
    /// database) ends the process within seconds; what was encoded stays, and the next start
    /// goes on from there.
    /// The server it starts keeps its own SQLite file, so the PostgreSQL pass (DATABASE_URL set)
    /// would only repeat it, a minute of encoding on cores the other tests need.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["DATABASE_URL"] == nil))
    func sigtermStopsALongJobWithinSecondsAndTheNextStartResumesIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("careerops-cli-\(UUID())").path
        let settings = ["CAREEROPS_DATA_DIR": directory, "CAREEROPS_LOAD_TAXONOMY": "true"]
        let persistence = try Persistence(location: .sqlite(path: directory + "/careerops.sqlite"), logger: Logger(label: "test"))
        defer { Task { await persistence.shutdown() } }
        struct Count: Decodable { let n: Int }
        func skillVectors() async throws -> Int {
            try await persistence.sql.raw("SELECT COUNT(*) AS n FROM embeddings WHERE owner_type = 'skill'").first(decoding: Count.self)?.n ?? 0
        }
        func metrics(_ port: Int) async -> String {
            guard let (body, _) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!) else { return "" }
            return String(decoding: body, as: UTF8.self)
        }
        // What the server writes is read as it comes: a full pipe would stop the server itself.
        let log = Mutex(Data())
        func drain(_ pipe: Pipe) {
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                log.withLock { $0.append(data) }
            }
        }
        func stop(_ server: Process, _ output: Pipe) async throws -> (seconds: Double, log: String) {
            let start = ContinuousClock.now
            kill(server.processIdentifier, SIGTERM)
            for _ in 0..<300 where server.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            if server.isRunning { server.terminate() }
            output.fileHandleForReading.readabilityHandler = nil
            return (seconds, log.withLock { String(decoding: $0, as: UTF8.self) })
        }

        // A fresh database: the worker's first round reaches the encoder (after the quick jobs)
        // and has stored its first batches.
        let port = try RedisTestServer.freePort()
        var (server, standardOutput, output) = try Self.start(["serve", "--port", "\(port)", "--roles", "worker"], settings)
        drain(standardOutput)
        drain(output)
        var reached = false
        for _ in 0..<1_200 where !reached && server.isRunning {
            try await Task.sleep(for: .milliseconds(100))
            reached = await metrics(port).contains("job=\"maintain-events\"")
        }
        try #require(reached, "the worker never reached the embed job")
        for _ in 0..<300 where try await skillVectors() == 0 { try await Task.sleep(for: .milliseconds(100)) }
        var stopped = try await stop(server, output)
        #expect(stopped.seconds < 10, "stopping took \(stopped.seconds) s: \(stopped.log)")
        #expect(server.terminationStatus == 0)
        #expect(stopped.log.contains("job stopped for shutdown"), "\(stopped.log)")
        let first = try await skillVectors()
        let catalog = try await persistence.sql.raw("SELECT COUNT(*) AS n FROM skill_catalog WHERE concept_uri IS NULL").first(decoding: Count.self)?.n ?? 0
        #expect(first > 0 && first < catalog, "stopped in the middle, keeping what it finished: \(first) of \(catalog)")

        // The next start goes on encoding where the first stopped.
        log.withLock { $0 = Data() }
        (server, standardOutput, output) = try Self.start(["serve", "--port", "\(try RedisTestServer.freePort())", "--roles", "worker"], settings)
        drain(standardOutput)
        drain(output)
        var resumed = 0
        for _ in 0..<1_200 where resumed <= first && server.isRunning {
            try await Task.sleep(for: .milliseconds(100))
            resumed = try await skillVectors()
        }
        #expect(resumed > first, "the next start resumes encoding")
        stopped = try await stop(server, output)
        #expect(stopped.seconds < 10, "stopping took \(stopped.seconds) s: \(stopped.log)")
    }

    @Test func keysPrintsASetThatProductionAccepts() throws {
        let outcome = try Self.run(["keys", "--id", "prod1"])
        #expect(outcome.status == 0)
        var env = ["CAREEROPS_ENV": "production", "BCRYPT_COST": "12"]
        for line in outcome.output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            env[parts[0]] = parts[1]
        }
        #expect(env["CAREEROPS_DATA_KEYS"]?.hasPrefix("prod1:") == true && env["CAREEROPS_JWT_KEYS"]?.hasPrefix("prod1:") == true)
        let config = try AppConfig.load(environment: env)
        guard case .configured = config.keys else { Issue.record("keys not taken from the environment"); return }
        #expect(try Self.run(["keys"]).output != outcome.output, "fresh every time")
    }
}
