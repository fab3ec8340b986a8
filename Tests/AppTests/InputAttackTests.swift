@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Testing

/// Inputs that schemathesis found crash or break the server: each is sent as it found it, and
/// the answer is a 4xx naming the field, with nothing stored changed.
@Suite struct InputAttackTests {
    /// A milestone at position Int.max, then one "after the last": `max + 1` overflowed and
    /// trapped, killing the process for everyone.
    @Test func aHugePositionIsRefusedNotOverflowed() async throws {
        try await CareerTests.withCareerApp { _, api in
            let token = try await api.signUp("positions@example.com").accessToken
            let goal = try #require(try await api.call(.post, "/api/v1/users/me/goals", ["title": "Grow"], token: token).1["id"].string)
            var (status, body) = try await api.call(.post, "/api/v1/users/me/goals/\(goal)/milestones", ["title": "Far", "position": Int.max], token: token)
            #expect(status == .unprocessableContent && body["errors"]["position"].string != nil, "\(body)")
            (status, _) = try await api.call(.post, "/api/v1/users/me/goals/\(goal)/milestones", ["title": "Next"], token: token)
            #expect(status == .created)
            let plan = try await api.call(.post, "/api/v1/users/me/plans", ["title": "Plan", "phases": [["title": "One", "position": Int.max]]], token: token)
            #expect(plan.0 == .unprocessableContent && plan.1["errors"]["phases[0].position"].string != nil, "\(plan.1)")
            let created = try await api.call(.post, "/api/v1/users/me/plans", ["title": "Plan", "phases": [["title": "One"]]], token: token).1
            let (planID, phaseID) = (try #require(created["id"].string), try #require(created["phases"][0]["id"].string))
            (status, body) = try await api.call(.post, "/api/v1/users/me/plans/\(planID)/phases/\(phaseID)/actions",
                                                ["kind": "learn", "title": "Far", "position": -1], token: token)
            #expect(status == .unprocessableContent && body["errors"]["position"].string != nil, "\(body)")
            (status, body) = try await api.call(.post, "/api/v1/users/me/plans/\(planID)/phases", ["title": "Two", "position": 10_001], token: token)
            #expect(status == .unprocessableContent && body["errors"]["position"].string != nil, "\(body)")
            #expect(try await api.get("/health/live").status == .ok)
        }
    }

    /// A platform admin naming an organization that does not exist got a 500 (a foreign key);
    /// now it is not found, like any organization named that is not there.
    @Test func anUnknownOrganizationIsAFieldError() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let root = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            let nowhere = UUID().uuidString
            var (status, body) = try await api.call(.post, "/api/v1/opportunities", ["title": "Dev", "employer": "Acme", "description": "Code.", "organization_id": nowhere], token: root)
            #expect(status == .notFound, "\(body)")
            (status, body) = try await api.call(.post, "/api/v1/learning-resources", ["title": "Course", "provider": "X", "url": "https://example.com/c", "format": "course",
                                                                                     "duration_minutes": 60, "level": 2, "organization_id": nowhere], token: root)
            #expect(status == .notFound, "\(body)")
            let response = try await api.client.execute(uri: "/api/v1/opportunities/import?organization_id=\(nowhere)", method: .post,
                                                        headers: [.authorization: "Bearer \(root)", .contentType: "application/json"],
                                                        body: ByteBuffer(string: #"{"@type":"JobPosting","title":"Dev","hiringOrganization":{"name":"Acme"},"description":"Code."}"#))
            #expect(response.status == .notFound, "\(String(buffer: response.body))")
        }
    }
}

extension InputAttackTests {
    /// `%` and `_` reached LIKE patterns as wildcards: a search for `_` found every title.
    @Test func searchWildcardsAreCharactersToFind() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let root = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            for title in ["Growth lead 100% remote", "Growth lead 1000 remote", "snake_case engineer", "snakeXcase engineer"] {
                #expect(try await api.call(.post, "/api/v1/opportunities", ["title": title, "employer": "Acme", "description": "Work.", "location": "Utrecht_NL"], token: root).0 == .created)
            }
            func titles(_ query: String) async throws -> [String] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                return try await api.call(.get, "/api/v1/opportunities?q=\(encoded)", token: root).1["items"].array.compactMap { $0["title"].string }.sorted()
            }
            #expect(try await titles("100%") == ["Growth lead 100% remote"])
            #expect(try await titles("snake_case") == ["snake_case engineer"])
            #expect(try await titles("_").count == 1)
            #expect(try await titles("%").count == 1)
            let located = try await api.call(.get, "/api/v1/opportunities?location=h_n", token: root).1["items"].array
            #expect(located.isEmpty, "\(located)")
        }
    }
}
