/// One message to one recipient. Bodies are plain text: links, never secrets beyond a
/// single-use token.
public struct Mail: Sendable, Equatable {
    public let to: String
    public let subject: String
    public let body: String

    public init(to: String, subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}

/// Delivers mail: to the log and an outbox in development, over SMTP in production.
public protocol Mailer: Sendable {
    func send(_ mail: Mail) async throws
}
