import Analytics
import Foundation

extension DemoBuilder {
    static let activityDays = 120

    /// Completions and ratings of resources near each member's skills, and activity events under
    /// each member's pseudonym: the sign-up funnel from the day they joined, then sessions that
    /// thin out over the weeks as a real cohort's do.
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

            let salt = (0..<16).map { _ in String(format: "%02x", int(0...255)) }.joined()
            add("analytics_subjects", ["user_id", "salt"], [member.id, salt])
            let pseudonym = pseudonymizer.pseudonym(for: member.id, salt: salt)
            func event(_ type: String, at occurred: Date, _ properties: String = "{}") {
                add("user_events", ["id", "client_event_id", "pseudonym", "organization_id", "type", "properties", "occurred_at", "received_at", "is_demo"],
                    [uuid(), "demo-\(uuid().uuidString.lowercased())", pseudonym, member.organization, type, properties, occurred, occurred, true])
                summary.events += 1
            }

            // The funnel: each step taken by most of those who took the one before.
            var step = member.joined
            event("signed_up", at: step)
            for (type, odds) in [("profile_updated", 0.9), ("skill_added", 0.85), ("goal_created", 0.7), ("plan_generated", 0.6)] {
                guard chance(odds) else { break }
                step = min(now, step.addingTimeInterval(Double(int(600...172_800))))
                event(type, at: step, type == "skill_added" ? "{\"level\":\(int(1...4))}" : "{}")
            }

            let joinedDaysAgo = Int(now.timeIntervalSince(member.joined) / Self.day)
            for day in 0..<min(Self.activityDays, joinedDaysAgo) {
                let weeks = Double(joinedDaysAgo - day) / 7
                guard chance(member.activity * (0.15 + 0.85 * exp(-weeks / 4))) else { continue }
                let start = daysAgo(day)
                var events = ["session_started"] + Array(repeating: "page_viewed", count: int(1...4))
                if chance(0.3) { events.append(pick(DemoCatalog.eventTypes)) }
                for (offset, type) in events.enumerated() {
                    let occurred = min(now, start.addingTimeInterval(Double(offset * int(20...240))))
                    let properties = type == "page_viewed" ? "{\"page\":\"\(pick(["/dashboard", "/skills", "/goals", "/opportunities", "/learning", "/plan"]))\"}" : "{}"
                    event(type, at: occurred, properties)
                }
            }
        }
    }
}
