import Foundation
import Identity
import SQLKit

/// SSO identities: a provider's subject, linked to one account.
public struct SQLIdentityLinkStore: IdentityLinkStore {
    let persistence: Persistence

    public init(persistence: Persistence) { self.persistence = persistence }

    public func user(provider: String, subject: String) async throws -> UUID? {
        struct Row: Decodable { let user_id: UUID }
        return try await persistence.sql.select().column("user_id").from("identities")
            .where("provider", .equal, provider).where("subject", .equal, subject).first(decoding: Row.self)?.user_id
    }

    public func link(provider: String, subject: String, to userID: UUID, at now: Date) async throws {
        try await persistence.sql.insert(into: "identities").columns("id", "user_id", "provider", "subject", "created_at", "updated_at")
            .values(SQLBind(UUID()), SQLBind(userID), SQLBind(provider), SQLBind(subject), SQLBind(now), SQLBind(now))
            .ignoringConflicts(with: ["provider", "subject"])
            .run()
    }

    public func links(of userID: UUID) async throws -> [String] {
        struct Row: Decodable { let provider: String }
        return try await persistence.sql.select().column("provider").from("identities").where("user_id", .equal, userID)
            .orderBy("provider").all(decoding: Row.self).map(\.provider)
    }
}
