import Foundation

/// Something that happened in a domain module, published for Analytics and the worker.
/// It carries the subject's id only; Analytics turns that into a pseudonym before storing.
public struct DomainEvent: Sendable, Equatable {
    public let name: String
    public let subjectID: UUID?
    public let occurredAt: Date
    public let properties: [String: String]

    public init(name: String, subjectID: UUID?, occurredAt: Date, properties: [String: String] = [:]) {
        self.name = name
        self.subjectID = subjectID
        self.occurredAt = occurredAt
        self.properties = properties
    }
}

/// Where domain modules publish their events; Storage or Analytics implements it.
public protocol EventSink: Sendable {
    func publish(_ event: DomainEvent) async
}
