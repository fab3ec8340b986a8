@testable import App
import Foundation
import Identity
import Logging
import Testing

/// Mail over a real SMTP server (aiosmtpd from PyPI, `Tests/support/smtp_server.py`) that
/// requires STARTTLS and authentication.
@Suite(.serialized) struct SMTPMailerTests {
    final class Server {
        let process = Process()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("careerops-smtp-\(UUID())")
        var port = 0

        init() throws {
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("support/smtp_server.py")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script.path, folder.path]
            try process.run()
            for _ in 0..<200 {
                if let text = try? String(contentsOf: folder.appendingPathComponent("port"), encoding: .utf8), let port = Int(text) {
                    self.port = port
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            process.terminate()
            throw CocoaError(.fileReadNoSuchFile)
        }

        var caFile: String { folder.appendingPathComponent("cert.pem").path }

        func messages() -> [String] {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return files.filter { $0.hasSuffix(".eml") }.sorted().compactMap { try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    func settings(_ server: Server, password: String = "mail-secret") -> SMTPMailer.Settings {
        SMTPMailer.Settings(host: "localhost", port: server.port, implicitTLS: false, username: "careerops", password: password,
                            from: "CareerOps <no-reply@careerops.test>", caFile: server.caFile)
    }

    @Test func deliversOverSTARTTLSWithAuthentication() async throws {
        let server = try Server()
        let mailer = try SMTPMailer(settings: settings(server), logger: Logger(label: "test"))
        try await mailer.send(Mail(to: "ada@example.com", subject: "Réinitialisez", body: "Line one\n.\nA line with a dot, and ünïcode."))
        let message = try #require(server.messages().first)
        #expect(message.contains("X-Envelope-From: no-reply@careerops.test"))
        #expect(message.contains("X-Envelope-To: ada@example.com"))
        #expect(message.contains("Subject: =?UTF-8?B?"))
        let body = try #require(message.components(separatedBy: "\r\n\r\n").last)
        let decoded = String(decoding: try #require(Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: ""))), as: UTF8.self)
        #expect(decoded == "Line one\r\n.\r\nA line with a dot, and ünïcode.")
    }

    @Test func aWrongPasswordIsAnError() async throws {
        let server = try Server()
        let mailer = try SMTPMailer(settings: settings(server, password: "wrong"), logger: Logger(label: "test"))
        await #expect { try await mailer.send(Mail(to: "a@example.com", subject: "x", body: "y")) } throws: {
            if case .unexpectedReply(let command, let code, _) = $0 as? SMTPMailer.Failure { return command == "AUTH PLAIN" && code == 535 }
            return false
        }
        #expect(server.messages().isEmpty)
    }

    @Test func anUntrustedCertificateIsRefused() async throws {
        let server = try Server()
        var untrusted = settings(server)
        untrusted.caFile = nil
        let mailer = try SMTPMailer(settings: untrusted, logger: Logger(label: "test"))
        await #expect(throws: (any Error).self) { try await mailer.send(Mail(to: "a@example.com", subject: "x", body: "y")) }
        #expect(server.messages().isEmpty)
    }

    @Test func signUpMailsTheVerificationLinkThroughSMTP() async throws {
        let server = try Server()
        let extra = ["SMTP_URL": "smtp://careerops:mail-secret@localhost:\(server.port)", "SMTP_CA_FILE": server.caFile, "SMTP_FROM": "CareerOps <no-reply@careerops.test>"]
        try await TestPlatform.withAuthApp(extra: extra) { _, api in
            _ = try await api.signUp("lee@example.com")
        }
        let message = try #require(server.messages().first)
        #expect(message.contains("X-Envelope-To: lee@example.com"))
        #expect(message.contains("Subject: Confirm your CareerOps e-mail address"))
    }
}
