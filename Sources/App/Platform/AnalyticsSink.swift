import Analytics
import Career
import Core
import Foundation
import Identity
import Insights

/// Domain events (a skill added, a goal completed, a plan generated, …) into the analytics
/// intake, with the member's organization (the first by id when they belong to several).
struct AnalyticsSink: EventSink {
    let intake: EventIntake
    let store: any InsightStore

    func publish(_ event: DomainEvent) async {
        if event.name == AuthService.accountDeleted, let member = event.subjectID {
            // The salt went with the account; drop the pseudonym this process still remembers.
            await intake.forget(member)
            return
        }
        var organization: UUID?
        if let member = event.subjectID, let organizations = try? await store.organizations(of: member) {
            organization = organizations.min { $0.uuidString < $1.uuidString }
        }
        // A failure to derive the pseudonym drops the event: analytics never holds up the domain.
        try? await intake.record(event, organization: organization)
    }
}
