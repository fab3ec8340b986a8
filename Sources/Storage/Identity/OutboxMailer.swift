import Foundation
import Identity
import Logging
import SQLKit

/// The development mailer: keeps each message in the `mail_outbox` table (sealed) and logs that
/// it was sent, with the subject only; the body holds single-use links and stays out of logs.
public struct OutboxMailer: Mailer {
    let persistence: Persistence
    let cipher: FieldCipher
    let logger: Logger

    public init(persistence: Persistence, cipher: FieldCipher, logger: Logger) {
        self.persistence = persistence
        self.cipher = cipher
        self.logger = logger
    }

    public func send(_ mail: Mail) async throws {
        try await persistence.sql.insert(into: "mail_outbox").columns("id", "recipient_sealed", "recipient_index", "subject", "body_sealed", "created_at")
            .values(SQLBind(UUID()), SQLBind(try cipher.seal(mail.to)), SQLBind(Self.index(mail.to, cipher)), SQLBind(mail.subject),
                    SQLBind(try cipher.seal(mail.body)), SQLBind(Date()))
            .run()
        logger.info("mail queued in the outbox", metadata: ["careerops.mail_subject": "\(mail.subject)"])
    }

    /// The blind index of an address, as accounts index theirs.
    static func index(_ address: String, _ cipher: FieldCipher) -> String {
        cipher.blindIndex(NewAccount.normalize(email: address))
    }

    /// The newest messages, opened: for the development outbox page and tests.
    public func recent(limit: Int = 20) async throws -> [Mail] {
        struct Row: Decodable { let recipient_sealed: String; let subject: String; let body_sealed: String }
        return try await persistence.sql.select().columns("recipient_sealed", "subject", "body_sealed").from("mail_outbox")
            .orderBy("created_at", .descending).limit(limit).all(decoding: Row.self)
            .map { Mail(to: try cipher.open($0.recipient_sealed), subject: $0.subject, body: try cipher.open($0.body_sealed)) }
    }
}
