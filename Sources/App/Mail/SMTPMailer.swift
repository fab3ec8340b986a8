import Foundation
import Identity
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers mail over SMTP with STARTTLS (required unless the URL says `smtps://`, which speaks
/// TLS from the first byte), authenticating with AUTH PLAIN once encrypted. One connection per
/// message: mail here is a trickle of sign-up and reset messages, not a newsletter.
public struct SMTPMailer: Mailer {
    public struct Settings: Sendable {
        public var host: String
        public var port: Int
        public var implicitTLS: Bool
        public var username: String?
        public var password: String?
        public var from: String
        /// PEM file of extra trusted roots (a private CA); the system roots otherwise.
        public var caFile: String?
        public var timeout: Duration = .seconds(30)
    }

    public enum Failure: Error, CustomStringConvertible {
        case unexpectedReply(command: String, code: Int, text: String)
        case noStartTLS
        case closed

        public var description: String {
            switch self {
            case .unexpectedReply(let command, let code, let text): "SMTP \(command) answered \(code) \(text)"
            case .noStartTLS: "the SMTP server does not offer STARTTLS"
            case .closed: "the SMTP server closed the connection"
            }
        }
    }

    let settings: Settings
    let tls: NIOSSLContext
    let logger: Logger

    public init(settings: Settings, logger: Logger) throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile = settings.caFile {
            configuration.additionalTrustRoots = [.file(caFile)]
        }
        self.settings = settings
        self.tls = try NIOSSLContext(configuration: configuration)
        self.logger = logger
    }

    public func send(_ mail: Mail) async throws {
        try await deliver(mail)
        logger.info("mail sent", metadata: ["careerops.mail_subject": "\(mail.subject)"])
    }

    private func deliver(_ mail: Mail) async throws {
        let settings = settings
        let tls = tls
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if settings.implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: settings.host))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        // A server that stops answering must not hold the sender forever: close the connection
        // at the deadline, which ends the conversation with an error.
        let deadline = channel.channel.eventLoop.scheduleTask(in: .seconds(Int64(settings.timeout.components.seconds))) {
            channel.channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        try await channel.executeThenClose { inbound, outbound in
            var session = SMTPSession(inbound: inbound.makeAsyncIterator(), outbound: outbound, logger: logger)
            try await session.expect("greeting", 220)
            var capabilities = try await session.command("EHLO careerops", expecting: 250)
            if !settings.implicitTLS {
                guard capabilities.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else { throw Failure.noStartTLS }
                _ = try await session.command("STARTTLS", expecting: 220)
                try await channel.channel.eventLoop.submit {
                    try channel.channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: settings.host), position: .first)
                }.get()
                capabilities = try await session.command("EHLO careerops", expecting: 250)
            }
            if let username = settings.username {
                let credentials = Data("\u{0}\(username)\u{0}\(settings.password ?? "")".utf8).base64EncodedString()
                _ = try await session.command("AUTH PLAIN \(credentials)", expecting: 235, logAs: "AUTH PLAIN")
            }
            _ = try await session.command("MAIL FROM:<\(Self.address(in: settings.from))>", expecting: 250)
            _ = try await session.command("RCPT TO:<\(mail.to)>", expecting: 250, 251)
            _ = try await session.command("DATA", expecting: 354)
            _ = try await session.command(Self.message(mail, from: settings.from) + "\r\n.", expecting: 250, logAs: "message")
            _ = try? await session.command("QUIT", expecting: 221)
        }
    }

    /// The bare address of a `Name <address>` sender.
    static func address(in from: String) -> String {
        guard let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close else { return from }
        return String(from[from.index(after: open)..<close])
    }

    /// An RFC 5322 message: UTF-8 text, base64 body (so no line can start with a lone dot),
    /// subject encoded per RFC 2047 when it is not ASCII.
    static func message(_ mail: Mail, from: String) -> String {
        let subject = mail.subject.allSatisfy(\.isASCII) ? mail.subject : "=?UTF-8?B?\(Data(mail.subject.utf8).base64EncodedString())?="
        let body = Data(mail.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss"
        let date = formatter.string(from: Date())
        let domain = address(in: from).split(separator: "@").last.map(String.init) ?? "careerops.local"
        return [
            "From: \(from)", "To: <\(mail.to)>", "Subject: \(subject)", "Date: \(date) +0000",
            "Message-ID: <\(UUID().uuidString.lowercased())@\(domain)>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", body,
        ].joined(separator: "\r\n")
    }
}

/// One SMTP conversation: commands out, multi-line replies in.
struct SMTPSession {
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let logger: Logger
    var pending = ""

    mutating func command(_ line: String, expecting codes: Int..., logAs: String? = nil) async throws -> [String] {
        logger.trace("smtp send", metadata: ["careerops.smtp_command": "\(logAs ?? line)"])
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
        return try await expect(logAs ?? String(line.prefix { $0 != " " && $0 != ":" }), codes)
    }

    @discardableResult
    mutating func expect(_ what: String, _ codes: Int...) async throws -> [String] {
        try await expect(what, codes)
    }

    mutating func expect(_ what: String, _ codes: [Int]) async throws -> [String] {
        let (code, lines) = try await reply()
        logger.trace("smtp reply", metadata: ["careerops.smtp_code": "\(code)"])
        guard codes.contains(code) else {
            throw SMTPMailer.Failure.unexpectedReply(command: what, code: code, text: lines.last ?? "")
        }
        return lines
    }

    /// Reads one reply: lines `NNN-text` continue it, `NNN text` ends it.
    mutating func reply() async throws -> (Int, [String]) {
        var lines: [String] = []
        while true {
            while let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                let text = line.count > 4 ? String(line.dropFirst(4)) : ""
                lines.append(text)
                if line.count == 3 || (line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == " ") {
                    return (Int(line.prefix(3)) ?? 0, lines)
                }
            }
            guard var buffer = try await inbound.next() else { throw SMTPMailer.Failure.closed }
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
        }
    }
}
