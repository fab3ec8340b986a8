@testable import App
@testable import Storage
import Foundation
import SQLKit
import Testing

/// Event intake through `POST /api/v1/analytics/track`: checked one by one, queued, written in
/// batches under a pseudonym, a repeated client id stored once.
@Suite struct AnalyticsTests {
    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    @Test func eventsAreCheckedOneByOneAndStoredOnceUnderAPseudonym() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let member = try await api.signUp("events@example.com").accessToken
            var (status, body) = try await api.call(.post, "/api/v1/analytics/track",
                                                    ["id": "evt-00000001", "type": "page_viewed", "occurred_at": Self.now(), "properties": ["page": "/dashboard", "duration_ms": 1200]],
                                                    token: member)
            #expect(status == .accepted && body["accepted"].int == 1, "\(body)")

            (status, body) = try await api.call(.post, "/api/v1/analytics/track", ["events": [
                ["id": "evt-00000002", "type": "skill_added", "occurred_at": Self.now(), "properties": ["level": 3, "custom": false]],
                ["id": "evt-00000003", "type": "made_up", "occurred_at": Self.now()],
                ["id": "evt-00000004", "type": "page_viewed", "occurred_at": Self.now(), "properties": ["page": "my name is Ada"]],
                ["type": "page_viewed", "occurred_at": Self.now()],
                ["id": "evt-00000001", "type": "page_viewed", "occurred_at": Self.now()],
                ["id": "evt-00000005", "type": "search_performed", "occurred_at": Self.now(), "properties": ["query": "free text"]],
            ]], token: member)
            #expect(status == .accepted, "\(body)")
            #expect(body["accepted"].int == 2, "the skill and the repeat of evt-00000001 (stored once): \(body)")
            let reasons = Dictionary(uniqueKeysWithValues: body["rejected"].array.compactMap { item in item["index"].int.map { ($0, item["reason"].string ?? "") } })
            #expect(reasons[1]?.hasPrefix("type:") == true && reasons[2]?.hasPrefix("properties.page:") == true)
            #expect(reasons[3]?.hasPrefix("id:") == true && reasons[5]?.hasPrefix("properties.query:") == true, "no free text: \(reasons)")

            #expect(try await platform.events.flush() >= 0)
            struct Row: Decodable { let client_event_id: String; let pseudonym: String; let type: String; let properties: String }
            let rows = try await platform.persistence.sql.raw("SELECT client_event_id, pseudonym, type, properties FROM user_events WHERE is_demo = \(bind: false) AND client_event_id LIKE 'evt-%' ORDER BY client_event_id")
                .all(decoding: Row.self)
            #expect(rows.map(\.client_event_id) == ["evt-00000001", "evt-00000002"])
            let me = try #require(try await api.call(.get, "/api/v1/me", token: member).1["id"].string)
            #expect(rows.allSatisfy { !$0.pseudonym.contains(me) && $0.pseudonym.count == 32 })
            #expect(rows[0].properties == #"{"duration_ms":1200,"page":"\/dashboard"}"# || rows[0].properties == #"{"duration_ms":1200,"page":"/dashboard"}"#, "\(rows[0].properties)")
            #expect(await platform.events.queued == 0)

            let tooMany = (0..<501).map { ["id": "evt-many-\(1000 + $0)", "type": "signed_in", "occurred_at": Self.now()] }
            #expect(try await api.call(.post, "/api/v1/analytics/track", ["events": tooMany], token: member).1["errors"]["events"].string != nil)
            #expect(try await api.call(.post, "/api/v1/analytics/track", ["events": []], token: member).1["errors"]["events"].string != nil)
            #expect(try await api.call(.post, "/api/v1/analytics/track", ["id": "evt-00000009", "type": "signed_in", "occurred_at": Self.now()], token: nil).0 == .unauthorized)
        }
    }

    /// Skill, goal, plan and learning changes are recorded as events too, under the same pseudonym.
    @Test func domainEventsAreRecordedTheSameWay() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let member = try await api.signUp("domain@example.com").accessToken
            _ = try await api.call(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": 2], token: member)
            let goal = try #require(try await api.call(.post, "/api/v1/users/me/goals", ["title": "Ship it"], token: member).1["id"].string)
            _ = try await api.call(.patch, "/api/v1/users/me/goals/\(goal)", ["status": "completed"], token: member)
            _ = try await platform.events.flush()
            struct Row: Decodable { let type: String; let properties: String; let pseudonym: String }
            let rows = try await platform.persistence.sql.raw("SELECT type, properties, pseudonym FROM user_events WHERE is_demo = \(bind: false) ORDER BY type")
                .all(decoding: Row.self)
            #expect(rows.map(\.type) == ["goal_completed", "goal_created", "signed_in", "signed_up", "skill_added"], "\(rows)")
            #expect(rows.first { $0.type == "skill_added" }?.properties == #"{"custom":false,"level":2}"#)
            #expect(Set(rows.map(\.pseudonym)).count == 1)
        }
    }

    /// Deleting an account deletes the salt its pseudonym was made with: the events stay (they
    /// are counted in figures already), but nothing links them to anyone any more.
    @Test func deletingAnAccountUnlinksItsEvents() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let member = try await api.signUp("leaving@example.com").accessToken
            let text = try #require(try await api.call(.get, "/api/v1/me", token: member).1["id"].string)
            let id = try #require(UUID(uuidString: text))
            #expect(try await api.call(.post, "/api/v1/analytics/track", ["id": "evt-leaving1", "type": "page_viewed", "occurred_at": Self.now()], token: member).0 == .accepted)
            _ = try await platform.events.flush()
            struct Salt: Decodable { let salt: String }
            struct Event: Decodable { let pseudonym: String }
            let sql = platform.persistence.sql
            let salt = try #require(try await sql.raw("SELECT salt FROM analytics_subjects WHERE user_id = \(bind: id)").first(decoding: Salt.self)).salt
            let pseudonym = try #require(try await sql.raw("SELECT pseudonym FROM user_events WHERE client_event_id = 'evt-leaving1'").first(decoding: Event.self)).pseudonym
            #expect(platform.pseudonymizer.pseudonym(for: id, salt: salt) == pseudonym)

            #expect(try await api.call(.delete, "/api/v1/users/me", ["confirm_email": "leaving@example.com"], token: member).0 == .noContent)
            #expect(try await sql.raw("SELECT salt FROM analytics_subjects WHERE user_id = \(bind: id)").first(decoding: Salt.self) == nil)
            #expect(try await sql.raw("SELECT pseudonym FROM user_events WHERE client_event_id = 'evt-leaving1'").first(decoding: Event.self)?.pseudonym == pseudonym,
                    "the event stays, under a pseudonym nothing maps back to the member")
            #expect(try await sql.raw("SELECT salt FROM analytics_subjects").all(decoding: Salt.self).allSatisfy { platform.pseudonymizer.pseudonym(for: id, salt: $0.salt) != pseudonym })
        }
    }
}
