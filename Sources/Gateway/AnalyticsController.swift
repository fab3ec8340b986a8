import Analytics
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// The seed's `POST /api/v1/analytics/track`: one event, or `{"events": [...]}` with up to 500.
/// Each event is checked on its own; the accepted ones are queued for writing and the answer,
/// 202, says which were rejected and why.
public struct AnalyticsController<Context: EdgeContext>: Sendable {
    let intake: EventIntake

    public init(intake: EventIntake) { self.intake = intake }

    /// One event of a batch: decoded, or the reason it could not be.
    struct Slot: Decodable {
        let event: TrackedEvent?
        let problem: String?

        init(from decoder: any Decoder) throws {
            do {
                event = try TrackedEvent(from: decoder)
                problem = nil
            } catch let DecodingError.keyNotFound(key, _) {
                (event, problem) = (nil, "\(key.stringValue): is required")
            } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
                (event, problem) = (nil, "\(context.codingPath.map(\.stringValue).joined(separator: ".")): is not valid")
            } catch let DecodingError.valueNotFound(_, context) {
                (event, problem) = (nil, "\(context.codingPath.map(\.stringValue).joined(separator: ".")): is required")
            }
        }
    }

    struct Batch: Decodable { let events: [Slot] }

    struct RejectionView: Codable, Sendable {
        let index: Int
        let id: String?
        let reason: String
    }

    struct Receipt: Codable, Sendable, ResponseEncodable {
        let accepted: Int
        let rejected: [RejectionView]
    }

    public func addRoutes(to api: RouterGroup<Context>) {
        api.post("analytics/track") { request, context -> EditedResponse<Receipt> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            // When writes fall behind, clients are asked to come back rather than the queue growing without bound.
            guard await intake.queued < EventIntake.queueLimit else { throw RateLimited(retryAfter: 1) }
            let body = Data(buffer: try await request.jsonBody(upTo: context.maxUploadSize))
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let slots: [Slot]
            if let batch = try? decoder.decode(Batch.self, from: body) {
                slots = batch.events
            } else if let single = try? decoder.decode(Slot.self, from: body) {
                slots = [single]
            } else {
                throw DomainError.invalid(field: "events", reason: "send one event or {\"events\": [...]} as JSON")
            }
            guard !slots.isEmpty else { throw DomainError.invalid(field: "events", reason: "must hold at least one event") }
            guard slots.count <= EventIntake.batchLimit else {
                throw DomainError.invalid(field: "events", reason: "at most \(EventIntake.batchLimit) events in a batch")
            }
            var rejected = slots.enumerated().compactMap { index, slot in slot.problem.map { RejectionView(index: index, id: nil, reason: $0) } }
            let events = slots.enumerated().compactMap { index, slot in slot.event.map { (index, $0) } }
            var accepted = 0
            if !events.isEmpty {
                let organization = principal.memberships.map(\.organizationID).sorted { $0.uuidString < $1.uuidString }.first
                let result = try await intake.accept(events.map(\.1), from: principal.userID, organization: organization)
                accepted = result.accepted
                rejected += result.rejected.map { RejectionView(index: events[$0.index].0, id: $0.id, reason: $0.reason) }
            }
            return .init(status: .accepted, response: Receipt(accepted: accepted, rejected: rejected.sorted { $0.index < $1.index }))
        }
    }
}
