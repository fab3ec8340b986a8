import Analytics
import Career
import Core
import Foundation

/// Domain events (a skill added, a goal completed, a plan generated, …) into the analytics
/// intake, with the member's organization (the first by id when they belong to several).
struct AnalyticsSink: EventSink {
    let intake: EventIntake
    let store: any InsightStore

    func publish(_ event: DomainEvent) async {
        var organization: UUID?
        if let member = event.subjectID, let organizations = try? await store.organizations(of: member) {
            organization = organizations.min { $0.uuidString < $1.uuidString }
        }
        await intake.record(event, organization: organization)
    }
}
