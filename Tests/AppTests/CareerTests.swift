@testable import App
import Career
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Gateway
@testable import Identity
import Testing

/// The career core over REST: a member's profile, skills, goals and plans, endorsements and
/// verification, and who may see or change them.
@Suite struct CareerTests {
    static func withCareerApp(_ test: @escaping @Sendable (Platform, AuthClient) async throws -> Void) async throws {
        try await TestPlatform.withAuthApp { platform, api in
            _ = try await platform.loadTaxonomy(from: TestPlatform.fixtureDirectory) { _ in }
            try await test(platform, api)
        }
    }

    @Test func memberBuildsProfileSkillsGoalsAndPlan() async throws {
        try await Self.withCareerApp { _, api in
            let token = try await api.signUp("ada@example.com", name: "Ada Lovelace").accessToken

            var (status, body) = try await api.call(.patch, "/api/v1/users/me/profile", [
                "headline": "Engineer", "time_zone": "Europe/Amsterdam",
                "preferences": ["target_roles": ["database administrator"], "remote": true, "salary_min_yearly": 60000, "currency": "eur"],
            ], token: token)
            #expect(status == .ok)
            #expect(body["headline"].string == "Engineer")
            #expect(body["preferences"]["currency"].string == "EUR")
            (status, body) = try await api.call(.patch, "/api/v1/users/me/profile", ["time_zone": "Mars/Olympus"], token: token)
            #expect(status == .unprocessableContent)
            #expect(body["errors"]["time_zone"].string != nil)
            (status, body) = try await api.call(.patch, "/api/v1/users/me/profile", ["preferences": ["salary_min_yearly": 10, "salary_max_yearly": 5, "currency": "EUR"]], token: token)
            #expect(body["errors"]["preferences.salary_max_yearly"].string != nil)
            #expect(try await api.call(.get, "/api/v1/users/me/profile", token: token).1["headline"].string == "Engineer", "a rejected change keeps what was stored")

            // The job title resolves to the ESCO occupation with that label.
            (status, body) = try await api.call(.post, "/api/v1/users/me/experiences", [
                "title": "Software Developer", "employer": "Analytical Engines", "started_on": "2021-03-01",
            ], token: token)
            #expect(status == .created)
            #expect(body["occupation"]["uri"].string == Fixture.softwareDeveloper)
            (status, body) = try await api.call(.post, "/api/v1/users/me/experiences", [
                "title": "Intern", "employer": "X", "started_on": "2020-05-01", "ended_on": "2019-01-01",
            ], token: token)
            #expect(body["errors"]["ended_on"].string != nil)
            (status, body) = try await api.call(.post, "/api/v1/users/me/experiences", ["title": "Intern", "employer": "X", "started_on": "May 2020"], token: token)
            #expect(status == .badRequest)
            #expect(body["errors"]["started_on"].string != nil)

            // Skills: from the catalog, or custom; each level change is kept.
            (status, body) = try await api.call(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": 2], token: token)
            #expect(status == .created)
            #expect(body["name"].string == "develop software prototype")
            #expect(body["verification"].string == "self")
            let skill = try #require(body["id"].string)
            #expect(try await api.call(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": 3], token: token).0 == .conflict)
            #expect(try await api.call(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": 6], token: token).1["errors"]["level"].string != nil)
            #expect(try await api.call(.post, "/api/v1/users/me/skills", ["uri": "http://example.com/nope", "level": 3], token: token).1["errors"]["uri"].string != nil)
            (status, body) = try await api.call(.post, "/api/v1/users/me/skills", ["name": "Analytical Engine Programming", "level": 5], token: token)
            #expect(body["is_custom"].bool == true)
            (status, body) = try await api.call(.patch, "/api/v1/users/me/skills/\(skill)", ["level": 4, "evidence": [["url": "https://example.com/notes"]]], token: token)
            #expect(body["level"].int == 4)
            #expect(try await api.call(.patch, "/api/v1/users/me/skills/\(skill)", ["evidence": [["url": "ftp://x"]]], token: token).1["errors"]["evidence[0].url"].string != nil)
            (status, body) = try await api.call(.get, "/api/v1/users/me/skills/\(skill)/history", token: token)
            #expect(body["items"].array.compactMap(\.["level"].int) == [2, 4])

            // A goal with milestones; progress follows them.
            (status, body) = try await api.call(.post, "/api/v1/users/me/goals", [
                "title": "Become a database administrator", "target_occupation_uri": "http://data.europa.eu/esco/occupation/8c57af09-719c-42b3-be40-6ed4946236cc",
                "due_on": "2027-06-30", "milestones": [["title": "Learn SQL"], ["title": "Run a replica"]],
            ], token: token)
            #expect(status == .created)
            #expect(body["kind"].string == "role")
            #expect(body["progress"].number == 0)
            let goal = try #require(body["id"].string)
            let milestone = try #require(body["milestones"][0]["id"].string)
            (status, body) = try await api.call(.patch, "/api/v1/users/me/goals/\(goal)/milestones/\(milestone)", ["completed": true], token: token)
            #expect(body["progress"].number == 0.5)
            #expect(try await api.call(.post, "/api/v1/users/me/goals", ["title": "Be better at it", "kind": "skill"], token: token).1["errors"]["target_skill_uri"].string != nil)

            // A plan with phases and actions; the current phase moves on as actions close.
            (status, body) = try await api.call(.post, "/api/v1/users/me/plans", [
                "title": "Road to DBA", "goal_id": goal,
                "phases": [
                    ["title": "Foundations", "actions": [["kind": "learn", "title": "Take a SQL course", "skill_uri": Fixture.prototypeSkill]]],
                    ["title": "Practice", "actions": [["kind": "practise", "title": "Run a side project"], ["kind": "get_endorsed", "title": "Ask for a review"]]],
                ],
            ], token: token)
            #expect(status == .created)
            #expect(body["current_phase"].string == "Foundations")
            #expect(body["next_steps"].array.compactMap(\.string) == ["Take a SQL course", "Run a side project", "Ask for a review"])
            let plan = try #require(body["id"].string)
            let action = try #require(body["phases"][0]["actions"][0]["id"].string)
            (status, body) = try await api.call(.patch, "/api/v1/users/me/plans/\(plan)/actions/\(action)", ["status": "done"], token: token)
            #expect(body["current_phase"].string == "Practice")
            #expect(body["progress"].number == 0.333)
            #expect(try await api.call(.patch, "/api/v1/users/me/plans/\(plan)/actions/\(action)", ["status": "finished"], token: token).1["errors"]["status"].string != nil)
            #expect(try await api.call(.post, "/api/v1/users/me/plans", ["title": "X", "goal_id": UUID().uuidString], token: token).0 == .notFound, "not one of her goals")

            // The seed's GET /api/v1/users/:id reads it all back, with an entity tag.
            let response = try await api.raw(.get, "/api/v1/users/me", token: token)
            let user = try JSONValue(Data(buffer: response.body))
            #expect(response.status == .ok, "\(user)")
            #expect(user["profile"]["experiences"].array.count == 1)
            #expect(user["skills"].array.count == 2)
            #expect(user["goals"][0]["title"].string == "Become a database administrator")
            #expect(user["career_plan"]["current_phase"].string == "Practice")
            let tag = try #require(response.headers[.eTag])
            #expect(try await api.raw(.get, "/api/v1/users/me", token: token, headers: [.ifNoneMatch: tag]).status == .notModified)
            _ = try await api.call(.patch, "/api/v1/users/me/profile", ["headline": "Senior engineer"], token: token)
            #expect(try await api.raw(.get, "/api/v1/users/me", token: token, headers: [.ifNoneMatch: tag]).status == .ok)

            // Pages of a list, by cursor.
            (status, body) = try await api.call(.get, "/api/v1/users/me/skills?limit=1", token: token)
            #expect(body["items"].array.count == 1)
            let cursor = try #require(body["next_cursor"].string)
            (status, body) = try await api.call(.get, "/api/v1/users/me/skills?limit=1&cursor=\(cursor)", token: token)
            #expect(body["items"].array.count == 1)
            #expect(body["next_cursor"].isNull)
            #expect(try await api.call(.get, "/api/v1/users/me/skills?cursor=garbage", token: token).1["errors"]["cursor"].string != nil)
        }
    }

    @Test func anIdempotencyKeyMakesARetryReplayInsteadOfRepeat() async throws {
        try await Self.withCareerApp { _, api in
            let token = try await api.signUp("ada@example.com").accessToken
            let other = try await api.signUp("grace@example.com").accessToken
            let first = try await api.raw(.post, "/api/v1/users/me/goals", ["title": "Ship it"], token: token, headers: [.idempotencyKey: "k-1"])
            let retry = try await api.raw(.post, "/api/v1/users/me/goals", ["title": "Ship it"], token: token, headers: [.idempotencyKey: "k-1"])
            #expect(first.status == .created && retry.status == .created)
            #expect(retry.headers[.idempotentReplayed] == "true")
            #expect(try JSONValue(Data(buffer: first.body))["id"] == JSONValue(Data(buffer: retry.body))["id"])
            #expect(try await api.call(.get, "/api/v1/users/me/goals", token: token).1["items"].array.count == 1)
            // The same key for another request is refused; another caller's key is their own.
            let (status, body) = try await api.call(.post, "/api/v1/users/me/goals", ["title": "Something else"], token: token, headers: [.idempotencyKey: "k-1"])
            #expect(status == .unprocessableContent)
            #expect(body["errors"]["Idempotency-Key"].string != nil)
            #expect(try await api.call(.post, "/api/v1/users/me/goals", ["title": "Ship it"], token: other, headers: [.idempotencyKey: "k-1"]).0 == .created)
            #expect(try await api.call(.get, "/api/v1/users/me/goals", token: other).1["items"].array.count == 1)
        }
    }

    @Test func coachesAndPeersEndorseButNobodyEndorsesThemselves() async throws {
        try await Self.withCareerApp { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let root = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            let member = try await api.signUp("member@example.com", name: "Mia Member").accessToken
            _ = try await api.signUp("coach@example.com", name: "Cory Coach")
            _ = try await api.signUp("peer@example.com", name: "Pat Peer")
            let outsider = try await api.signUp("outsider@example.com").accessToken
            let org = try #require(try await api.call(.post, "/api/v1/orgs", ["name": "Acme", "slug": "acme"], token: root).1["id"].string)
            for (email, role) in [("member@example.com", "member"), ("coach@example.com", "coach"), ("peer@example.com", "member")] {
                try await api.join(email, org, as: role, invitedBy: root, in: platform)
            }
            let coachID = try await TestPlatform.userID("coach@example.com", in: platform)
            let memberID = try await TestPlatform.userID("member@example.com", in: platform)
            #expect(try await api.call(.put, "/api/v1/me/shares/\(coachID)", token: member).0 == .noContent)
            let coach = try AuthClient.decode(TokenPair.self, try await api.login("coach@example.com")).accessToken
            let peer = try AuthClient.decode(TokenPair.self, try await api.login("peer@example.com")).accessToken

            _ = try await api.call(.patch, "/api/v1/users/me/profile", ["visibility": "organization"], token: member)
            let skill = try #require(try await api.call(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": 3], token: member).1["id"].string)
            let path = "/api/v1/users/\(memberID)/skills/\(skill)/endorsements"
            var (status, body) = try await api.call(.post, path, ["level": 3, "comment": "Built our prototype"], token: member)
            #expect(status == .forbidden, "nobody endorses themselves")
            (status, body) = try await api.call(.post, path, ["level": 3], token: peer)
            #expect(body["source"].string == "peer")
            (status, body) = try await api.call(.post, path, ["level": 4, "comment": "Seen it"], token: coach)
            #expect(status == .created)
            #expect(body["source"].string == "coach")
            #expect(try await api.call(.post, path, ["level": 4], token: outsider).0 == .notFound)
            (status, body) = try await api.call(.get, "/api/v1/users/\(memberID)/skills/\(skill)", token: coach)
            #expect(body["verification"].string == "coach")
            #expect(body["verified_level"].int == 4)
            #expect(body["endorsements"].array.count == 2)
            _ = try await api.call(.post, "/api/v1/users/me/skills", ["name": "Tree pruning", "level": 2], token: member)
            let coachPrincipal = try await platform.auth.principal(userID: coachID, credential: .session(id: UUID()))
            #expect(try await platform.career.skillCounts(of: [memberID, coachID], as: coachPrincipal) == [memberID: SkillCounts(skills: 2, rated: 1)],
                    "a team at a glance: two skills, one rated by others; no row for who holds none")

            // Verification: a certificate needs its reference; it outranks the coach.
            (status, body) = try await api.call(.post, "/api/v1/skills/verify", ["user_skill_id": skill, "source": "certificate", "level": 5], token: member)
            #expect(body["errors"]["reference"].string != nil)
            #expect(try await api.call(.post, "/api/v1/skills/verify", ["user_skill_id": skill, "source": "coach", "level": 5], token: peer).0 == .forbidden)
            #expect(try await api.call(.post, "/api/v1/skills/verify", ["user_skill_id": skill, "source": "certificate", "level": 5, "reference": "x"], token: outsider).0 == .notFound)
            (status, body) = try await api.call(.post, "/api/v1/skills/verify", [
                "user_skill_id": skill, "source": "certificate", "level": 5, "reference": "https://certs.example.com/123",
            ], token: member)
            #expect(status == .created)
            #expect(try await api.call(.get, "/api/v1/users/me/skills/\(skill)", token: member).1["verification"].string == "certificate")
        }
    }

    @Test func privateDataAnswersNotFoundAndOnlyTheMemberWrites() async throws {
        try await Self.withCareerApp { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let root = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            let member = try await api.signUp("member@example.com").accessToken
            _ = try await api.signUp("peer@example.com")
            let outsider = try await api.signUp("outsider@example.com").accessToken
            let org = try #require(try await api.call(.post, "/api/v1/orgs", ["name": "Acme", "slug": "acme"], token: root).1["id"].string)
            for email in ["member@example.com", "peer@example.com"] {
                try await api.join(email, org, as: "member", invitedBy: root, in: platform)
            }
            let peer = try AuthClient.decode(TokenPair.self, try await api.login("peer@example.com")).accessToken
            let memberID = try await TestPlatform.userID("member@example.com", in: platform)
            let goal = try #require(try await api.call(.post, "/api/v1/users/me/goals", ["title": "Ship it"], token: member).1["id"].string)

            // By default only coaches the member shares with see their data; not a colleague.
            #expect(try await api.call(.get, "/api/v1/users/\(memberID)/goals", token: peer).0 == .notFound)
            // Organization visibility: a colleague reads, an outsider still finds nothing.
            _ = try await api.call(.patch, "/api/v1/users/me/profile", ["visibility": "organization"], token: member)
            #expect(try await api.call(.get, "/api/v1/users/\(memberID)/goals", token: peer).0 == .ok)
            #expect(try await api.call(.get, "/api/v1/users/\(memberID)/goals", token: outsider).0 == .notFound)
            #expect(try await api.call(.get, "/api/v1/users/\(memberID)/goals/\(goal)", token: outsider).0 == .notFound)
            #expect(try await api.call(.get, "/api/v1/users/\(memberID)", token: outsider).0 == .notFound)
            // Reading is not writing.
            #expect(try await api.call(.patch, "/api/v1/users/\(memberID)/goals/\(goal)", ["title": "Mine now"], token: peer).0 == .forbidden)
            #expect(try await api.call(.delete, "/api/v1/users/\(memberID)/goals/\(goal)", token: outsider).0 == .notFound)

            // Private: the colleague loses access; the member keeps it.
            _ = try await api.call(.patch, "/api/v1/users/me/profile", ["visibility": "private"], token: member)
            #expect(try await api.call(.get, "/api/v1/users/\(memberID)/goals", token: peer).0 == .notFound)
            #expect(try await api.call(.get, "/api/v1/users/\(memberID)/profile", token: peer).0 == .notFound)
            #expect(try await api.call(.get, "/api/v1/users/me/goals/\(goal)", token: member).0 == .ok)
            // Another member's goal id under your own path is simply not there.
            let theirs = try #require(try await api.call(.post, "/api/v1/users/me/goals", ["title": "Peer goal"], token: peer).1["id"].string)
            #expect(try await api.call(.get, "/api/v1/users/me/goals/\(theirs)", token: member).0 == .notFound)
            #expect(try await api.call(.get, "/api/v1/users/not-a-uuid/goals", token: member).0 == .notFound)
            #expect(try await api.call(.get, "/api/v1/users/me/goals", token: nil).0 == .unauthorized)
        }
    }
}
