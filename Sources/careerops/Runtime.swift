import App
import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus

/// What every command does first: read and validate the configuration (a bad value prints one
/// line naming the setting and exits 2), bootstrap logging and metrics once, open the platform.
enum Runtime {
    /// The validated configuration; a bad value prints one line naming the setting, exit 2.
    static func config(_ overrides: AppConfig.Overrides = AppConfig.Overrides()) throws -> AppConfig {
        do {
            return try AppConfig.load(overrides, environment: ProcessInfo.processInfo.environment)
        } catch {
            say("careerops: \(error)", toError: true)
            throw ExitCode(2)
        }
    }

    static func open(_ overrides: AppConfig.Overrides = AppConfig.Overrides()) async throws -> (Platform, PrometheusCollectorRegistry) {
        let config = try config(overrides)
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = switch config.logFormat {
            case .json: JSONLogHandler(label: label)
            case .text: StreamLogHandler.standardError(label: label)
            }
            handler.logLevel = config.logLevel
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        do {
            return (try await Platform.open(config: config, logger: Logger(label: "careerops")), registry)
        } catch let error as ConfigError {
            say("careerops: \(error)", toError: true)
            throw ExitCode(2)
        } catch {
            throw fail("cannot open the platform: \(error)")
        }
    }

    /// Runs `work` on an opened platform and closes it afterwards, whatever happens.
    static func with<T>(_ work: (Platform) async throws -> T) async throws -> T {
        let (platform, _) = try await open()
        do {
            try await platform.persistence.prepare()
            let result = try await work(platform)
            await platform.shutdown()
            return result
        } catch let exit as ExitCode {
            await platform.shutdown()
            throw exit
        } catch {
            await platform.shutdown()
            throw fail("\(error)")
        }
    }

    static func say(_ text: String, toError: Bool = false) {
        let data = Data((text + "\n").utf8)
        (toError ? FileHandle.standardError : FileHandle.standardOutput).write(data)
    }

    /// Prints the reason on one line and answers the exit code for a failed command.
    static func fail(_ reason: String) -> ExitCode {
        say("careerops: \(reason)", toError: true)
        return ExitCode(1)
    }
}
