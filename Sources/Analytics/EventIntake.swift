import Core
import Foundation

/// An event as a client sends it.
public struct TrackedEvent: Sendable, Equatable, Codable {
    /// The client's own id for the event: a repeat of it is stored once.
    public let id: String
    public let type: String
    /// When it happened, by the client's clock.
    public let occurredAt: Date
    public let properties: [String: EventValue]?

    /// Spelled out, so that property names are taken exactly as sent (a decoder's snake-case
    /// conversion would rewrite dictionary keys too).
    enum CodingKeys: String, CodingKey {
        case id, type, properties
        case occurredAt = "occurred_at"
    }

    public init(id: String, type: String, occurredAt: Date, properties: [String: EventValue]? = nil) {
        self.id = id
        self.type = type
        self.occurredAt = occurredAt
        self.properties = properties
    }
}

/// An event as stored: the member only as a pseudonym.
public struct StoredEvent: Sendable, Equatable {
    public let clientID: String
    public let pseudonym: String
    public let organizationID: UUID?
    public let type: String
    /// The properties as a JSON object with sorted keys.
    public let properties: String
    public let occurredAt: Date
    /// When the server wrote it (set as the batch is written, so that a roll-up reading by this
    /// time never misses an event that waited in the queue).
    public var receivedAt: Date

    public init(clientID: String, pseudonym: String, organizationID: UUID?, type: String, properties: String, occurredAt: Date, receivedAt: Date) {
        self.clientID = clientID
        self.pseudonym = pseudonym
        self.organizationID = organizationID
        self.type = type
        self.properties = properties
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
    }
}

public protocol EventStore: Sendable {
    /// Stores the events, skipping any whose client id is already stored; answers how many were new.
    func insert(_ events: [StoredEvent]) async throws -> Int
    /// The member's pseudonym salt, made on first use; it is deleted with the account.
    func salt(for memberID: UUID) async throws -> String
}

/// Takes events in, checks each against the catalog, and writes the accepted ones in batches
/// off the request path (`flush`, called on a timer and at shutdown, so nothing accepted is lost
/// on a graceful stop). A batch that fails to write is kept for the next flush.
public actor EventIntake {
    public struct Rejection: Sendable, Equatable {
        public let index: Int
        public let id: String?
        public let reason: String
    }

    public static let batchLimit = 500
    /// Accepted events waiting to be written beyond which intake asks clients to retry later.
    public static let queueLimit = 200_000
    /// Client clocks may be off, but not by this much.
    static let clockSkew: TimeInterval = 7 * 86_400

    let store: any EventStore
    let pseudonymizer: Pseudonymizer
    let clock: any WallClock
    let ids: any IdentifierSource
    private var pending: [StoredEvent] = []
    /// Pseudonyms already derived, so that a busy member costs one salt lookup.
    private var pseudonyms: [UUID: String] = [:]
    /// The newest flush; each waits for the one before, so when a flush returns, everything
    /// queued before it was called is written (not merely taken by another flush still writing).
    private var lastFlush: Task<Int, any Error>?

    public init(store: any EventStore, pseudonymizer: Pseudonymizer, clock: any WallClock, ids: any IdentifierSource = RandomIdentifiers()) {
        self.store = store
        self.pseudonymizer = pseudonymizer
        self.clock = clock
        self.ids = ids
    }

    /// Checks and queues a batch from one member; answers how many were accepted and why the others were not.
    public func accept(_ events: [TrackedEvent], from memberID: UUID, organization: UUID?) async throws -> (accepted: Int, rejected: [Rejection]) {
        guard !events.isEmpty else { throw DomainError.invalid(field: "events", reason: "must hold at least one event") }
        guard events.count <= Self.batchLimit else { throw DomainError.invalid(field: "events", reason: "at most \(Self.batchLimit) events in a batch") }
        let now = clock.now()
        let pseudonym = try await pseudonym(for: memberID)
        var rejected: [Rejection] = [], seen = Set<String>(), accepted = 0
        for (index, event) in events.enumerated() {
            let reason: String?
            if !(8...64).contains(event.id.count) || !event.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                reason = "id: must be 8 to 64 letters, digits, - or _"
            } else if abs(event.occurredAt.timeIntervalSince(now)) > Self.clockSkew {
                reason = "occurred_at: must be within a week of now"
            } else if !seen.insert(event.id).inserted {
                reason = "id: repeated in this batch"
            } else {
                reason = EventCatalog.problem(type: event.type, properties: event.properties ?? [:])
            }
            if let reason {
                rejected.append(Rejection(index: index, id: event.id.count <= 64 ? event.id : nil, reason: reason))
                continue
            }
            pending.append(StoredEvent(clientID: event.id, pseudonym: pseudonym, organizationID: organization, type: event.type,
                                       properties: Self.json(event.properties ?? [:]),
                                       occurredAt: event.occurredAt, receivedAt: now))
            accepted += 1
        }
        return (accepted, rejected)
    }

    /// Records a domain event (skill added, goal completed, …) the same way, with a fresh id.
    public func record(_ event: DomainEvent, organization: UUID?) async throws {
        guard let subject = event.subjectID, EventCatalog.types[event.name] != nil else { return }
        let properties = event.properties.mapValues { value -> EventValue in
            if let number = Int(value) { return .number(Double(number)) }
            if let flag = Bool(value) { return .flag(flag) }
            return .text(value)
        }
        guard EventCatalog.problem(type: event.name, properties: properties) == nil else { return }
        let pseudonym = try await pseudonym(for: subject)
        pending.append(StoredEvent(
            clientID: "domain-\(ids.next().uuidString.lowercased())", pseudonym: pseudonym, organizationID: organization,
            type: event.name, properties: Self.json(properties),
            occurredAt: event.occurredAt, receivedAt: clock.now()))
    }

    func pseudonym(for member: UUID) async throws -> String {
        if let known = pseudonyms[member] { return known }
        let pseudonym = pseudonymizer.pseudonym(for: member, salt: try await store.salt(for: member))
        if pseudonyms.count >= 100_000 { pseudonyms.removeAll(keepingCapacity: true) }
        pseudonyms[member] = pseudonym
        return pseudonym
    }

    /// Drops what this instance remembers of a deleted member's pseudonym.
    public func forget(_ member: UUID) { pseudonyms[member] = nil }

    /// Properties as stored: a JSON object with sorted keys.
    static func json(_ properties: [String: EventValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(properties)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Writes what is queued; answers how many new events were stored.
    @discardableResult
    public func flush() async throws -> Int {
        let previous = lastFlush
        let flush = Task {
            _ = try? await previous?.value
            return try await self.writePending()
        }
        lastFlush = flush
        return try await flush.value
    }

    private func writePending() async throws -> Int {
        var stored = 0
        while !pending.isEmpty {
            var batch = Array(pending.prefix(Self.batchLimit))
            pending.removeFirst(batch.count)
            let now = clock.now()
            for index in batch.indices { batch[index].receivedAt = now }
            do {
                stored += try await store.insert(batch)
            } catch {
                pending.insert(contentsOf: batch, at: 0)
                throw error
            }
        }
        return stored
    }

    public var queued: Int { pending.count }
}
