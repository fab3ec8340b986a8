import Foundation

extension DemoBuilder {
    static let activityDays = 120

    /// Completions and ratings of resources near each member's skills, and a few months of
    /// activity events under each member's pseudonym.
    mutating func buildActivity() {
        for member in members {
            let mine = Set(member.skills)
            let near = resources.filter { !mine.isDisjoint(with: $0.skills) }
            let picks = sample(near.isEmpty ? resources : near, count: int(2...10))
            for resource in picks {
                let completed = daysAgo(int(1...Self.activityDays))
                add("resource_completions", ["id", "user_id", "resource_id", "completed_at"], [uuid(), member.id, resource.id, completed])
                summary.completions += 1
                if chance(0.6) {
                    add("resource_ratings", ["id", "user_id", "resource_id", "rating", "created_at", "updated_at"],
                        [uuid(), member.id, resource.id, pick([3, 4, 4, 5, 5, 2]), completed, completed])
                }
            }

            let pseudonym = pseudonymizer.pseudonym(for: member.id)
            for day in 0..<Self.activityDays where chance(member.activity * (day < 30 ? 1.0 : 0.7)) {
                let start = daysAgo(day)
                var events = ["session_started"] + Array(repeating: "page_viewed", count: int(1...4))
                if chance(0.3) { events.append(pick(DemoCatalog.eventTypes)) }
                for (offset, type) in events.enumerated() {
                    let occurred = min(now, start.addingTimeInterval(Double(offset * int(20...240))))
                    let properties = type == "page_viewed" ? "{\"page\":\"\(pick(["/dashboard", "/skills", "/goals", "/opportunities", "/learning", "/plan"]))\"}" : "{}"
                    add("user_events", ["id", "client_event_id", "pseudonym", "organization_id", "type", "properties", "occurred_at", "received_at", "is_demo"],
                        [uuid(), "demo-\(uuid().uuidString.lowercased())", pseudonym, member.organization, type, properties, occurred, occurred, true])
                    summary.events += 1
                }
            }
        }
    }
}
