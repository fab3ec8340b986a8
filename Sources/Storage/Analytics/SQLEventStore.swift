import Analytics
import Foundation
import SQLKit

/// Tracked events in `user_events`; a client id already stored is skipped.
public struct SQLEventStore: EventStore {
    let persistence: Persistence

    public init(persistence: Persistence) { self.persistence = persistence }

    public func insert(_ events: [StoredEvent]) async throws -> Int {
        guard !events.isEmpty else { return 0 }
        let sql = persistence.sql
        struct Row: Decodable { let client_event_id: String }
        var known = Set<String>()
        for chunk in SQLCareerStore.chunks(events.map(\.clientID)) {
            known.formUnion(try await sql.raw("SELECT client_event_id FROM user_events WHERE client_event_id IN (\(binds: chunk))")
                .all(decoding: Row.self).map(\.client_event_id))
        }
        try await sql.insertRows(
            into: "user_events", columns: ["id", "client_event_id", "pseudonym", "organization_id", "type", "properties", "occurred_at", "received_at", "is_demo"],
            rows: events.map { [UUID(), $0.clientID, $0.pseudonym, $0.organizationID, $0.type, $0.properties, $0.occurredAt, $0.receivedAt, false] },
            conflictKey: ["client_event_id"])
        return Set(events.map(\.clientID)).subtracting(known).count
    }
}
