@testable import App
import AsyncHTTPClient
import Foundation
import HummingbirdTesting
import NIOSSL
import Prometheus
import Testing

/// `--tls-cert`/`--tls-key`: HTTPS with TLS 1.3 as the floor, HSTS on every answer.
@Suite struct TLSTests {
    /// A self-signed certificate for 127.0.0.1 made by openssl, in a folder of its own.
    static func certificate() throws -> (certificate: String, key: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("careerops-tls-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificate = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        #expect(openssl.terminationStatus == 0)
        return (certificate, key)
    }

    @Test func servesHTTPSWithTLS13AndHSTSAndRefusesOlderClients() async throws {
        let files = try Self.certificate()
        try await TestPlatform.with(extra: ["TLS_CERT_FILE": files.certificate, "TLS_KEY_FILE": files.key, "PORT": "0"]) { platform in
            #expect(platform.config.publicURL.hasPrefix("https://"))
            let app = try buildApplication(platform: platform, registry: PrometheusCollectorRegistry())
            try await app.test(.ahc(.https)) { client in
                let response = try await client.execute(uri: "/health/live", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.strictTransportSecurity] == "max-age=31536000; includeSubDomains")
                let port = try #require(client.port)

                // A client that stops at TLS 1.2 gets no connection.
                var old = TLSConfiguration.makeClientConfiguration()
                old.certificateVerification = .none
                old.maximumTLSVersion = .tlsv12
                try await Self.withClient(old) { legacy in
                    await #expect(throws: (any Error).self) {
                        _ = try await legacy.execute(HTTPClientRequest(url: "https://127.0.0.1:\(port)/health/live"), timeout: .seconds(30))
                    }
                }

                // One that trusts this certificate and speaks TLS 1.3 is served.
                var modern = TLSConfiguration.makeClientConfiguration()
                modern.trustRoots = .file(files.certificate)
                modern.minimumTLSVersion = .tlsv13
                try await Self.withClient(modern) { trusted in
                    let answer = try await trusted.execute(HTTPClientRequest(url: "https://127.0.0.1:\(port)/health/live"), timeout: .seconds(30))
                    #expect(answer.status == .ok)
                }
            }
        }
    }

    /// A client shut down however the work ends (one that is not crashes the process when freed).
    static func withClient(_ tls: TLSConfiguration, _ work: (HTTPClient) async throws -> Void) async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        do {
            try await work(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    @Test func plainHTTPSendsNoHSTSAndHalfATLSConfigurationIsNamed() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let response = try await api.get("/health/live")
            #expect(response.headers[.strictTransportSecurity] == nil)
        }
        let files = try Self.certificate()
        #expect { try TestPlatform.config(extra: ["TLS_CERT_FILE": files.certificate]) } throws: { "\($0)".contains("--tls-key/TLS_KEY_FILE") }
        #expect { try TestPlatform.config(extra: ["TLS_CERT_FILE": "/nonexistent.pem", "TLS_KEY_FILE": files.key]) } throws: {
            "\($0)".contains("not a readable file")
        }
        #expect { try TLSSettings.server(.init(certificateChain: files.key, privateKey: files.key)) } throws: { "\($0)".contains("--tls-cert") }
    }
}
