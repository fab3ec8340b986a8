import Analytics
import Core
import Foundation
import SQLKit

/// Tracked events in `user_events`; a client id already stored is skipped. On PostgreSQL the
/// table is partitioned by month, so its unique key is (client id, time): the lookup before the
/// insert is what finds a client id stored at another time.
public struct SQLEventStore: EventStore {
    let persistence: Persistence

    public init(persistence: Persistence) { self.persistence = persistence }

    public func insert(_ events: [StoredEvent]) async throws -> Int {
        guard !events.isEmpty else { return 0 }
        let sql = persistence.sql
        struct Row: Decodable { let client_event_id: String }
        var known = Set<String>()
        for chunk in SQLCareerStore.chunks(Array(Set(events.map(\.clientID)))) {
            known.formUnion(try await sql.raw("SELECT client_event_id FROM user_events WHERE client_event_id IN (\(binds: chunk))")
                .all(decoding: Row.self).map(\.client_event_id))
        }
        var seen = known
        let fresh = events.filter { seen.insert($0.clientID).inserted }
        guard !fresh.isEmpty else { return 0 }
        if let first = fresh.map(\.occurredAt).min(), let last = fresh.map(\.occurredAt).max() {
            try await EventPartitions(persistence: persistence).ensure(from: first, through: last)
        }
        try await sql.insertRows(
            into: "user_events", columns: Self.columns,
            rows: fresh.map { [UUID(), $0.clientID, $0.pseudonym, $0.organizationID, $0.type, $0.properties, $0.occurredAt, $0.receivedAt, false] },
            conflictKey: persistence.location.isPostgres ? ["client_event_id", "occurred_at"] : ["client_event_id"])
        return fresh.count
    }

    static let columns = ["id", "client_event_id", "pseudonym", "organization_id", "type", "properties", "occurred_at", "received_at", "is_demo"]

    public func salt(for memberID: UUID) async throws -> String {
        struct Row: Decodable { let salt: String }
        let sql = persistence.sql
        if let row = try await sql.raw("SELECT salt FROM analytics_subjects WHERE user_id = \(bind: memberID)").first(decoding: Row.self) {
            return row.salt
        }
        try await sql.raw("""
            INSERT INTO analytics_subjects (user_id, salt) VALUES (\(bind: memberID), \(bind: Pseudonymizer.newSalt())) ON CONFLICT (user_id) DO NOTHING
            """).run()
        guard let row = try await sql.raw("SELECT salt FROM analytics_subjects WHERE user_id = \(bind: memberID)").first(decoding: Row.self) else {
            throw DomainError.notFound("member")
        }
        return row.salt
    }
}
