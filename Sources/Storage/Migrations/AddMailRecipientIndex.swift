import FluentKit
import SQLKit

/// The outbox's recipients get a blind index, so that deleting an account deletes the mail
/// addressed to it (the sealed address itself cannot be searched).
struct AddMailRecipientIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("mail_outbox").field("recipient_index", .string).update()
        try await database.createIndex(on: "mail_outbox", "recipient_index")
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "idx_mail_outbox_recipient_index").run()
        try await database.schema("mail_outbox").deleteField("recipient_index").update()
    }
}
