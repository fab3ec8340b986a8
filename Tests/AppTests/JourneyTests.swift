@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Testing

/// Issue 4's "done": over a real socket, a member signs up, imports a JSON Resume, adds skills,
/// is endorsed by a coach, sets a goal with milestones, builds a plan, and reads it all back
/// through the seed's GraphQL `User` query and through REST.
@Suite struct JourneyTests {
    @Test func aMembersCareerFromSignUpToReadingItBack() async throws {
        try await TestPlatform.withLiveAuthApp { platform, api in
            _ = try await platform.loadTaxonomy(from: TestPlatform.fixtureDirectory) { _ in }
            let member = try await api.signUp("ada@example.com", name: "Ada Lovelace").accessToken
            let memberID = try await TestPlatform.userID("ada@example.com", in: platform)

            let resume = try JSONSerialization.data(withJSONObject: ImportExportTests.resume)
            let imported = try await api.client.execute(uri: "/api/v1/users/me/imports/json-resume", method: .post,
                                                        headers: [.authorization: "Bearer \(member)", .contentType: "application/json"], body: ByteBuffer(data: resume))
            #expect(imported.status == .ok)
            let skill = try #require(try await api.call(.post, "/api/v1/users/me/skills", ["name": "Punched cards", "level": 4], token: member).1["id"].string)

            // A coach of her organization, whom she shares with, endorses the skill.
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let root = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            let org = try #require(try await api.call(.post, "/api/v1/orgs", ["name": "Engines", "slug": "engines"], token: root).1["id"].string)
            _ = try await api.signUp("coach@example.com", name: "Charles")
            try await api.join("coach@example.com", org, as: "coach", invitedBy: root, in: platform)
            try await api.join("ada@example.com", org, as: "member", invitedBy: root, in: platform)
            let coachID = try await TestPlatform.userID("coach@example.com", in: platform)
            #expect(try await api.call(.put, "/api/v1/me/shares/\(coachID)", token: member).0 == .noContent)
            let coach = try AuthClient.decode(TokenPair.self, try await api.login("coach@example.com")).accessToken
            #expect(try await api.call(.post, "/api/v1/users/\(memberID)/skills/\(skill)/endorsements", ["level": 4, "comment": "Exemplary"], token: coach).1["source"].string == "coach")

            let goal = try await api.call(.post, "/api/v1/users/me/goals", [
                "title": "Lead a team", "due_on": "2027-12-31", "milestones": [["title": "Mentor someone"], ["title": "Run a project"]],
            ], token: member).1
            _ = try await api.call(.post, "/api/v1/users/me/plans", [
                "title": "Towards leadership", "goal_id": goal["id"].string ?? "",
                "phases": [["title": "Mentoring", "actions": [["kind": "network", "title": "Find a mentee"]]], ["title": "Leading", "actions": [["kind": "apply", "title": "Apply for lead roles"]]]],
            ], token: member)

            // GraphQL: the seed's User query, by the member and by her coach.
            let query = "query($id: ID!) { user(id: $id) { id profile { headline experiences { title occupation { uri } } } skills { name level verification } goals { title progress milestones { title } } careerPlan { currentPhase nextSteps } } }"
            for token in [member, coach] {
                let (_, body) = try await api.call(.post, "/graphql", ["query": query, "variables": ["id": memberID.uuidString]], token: token)
                let user = body["data"]["user"]
                #expect(body["errors"].isNull, "\(body)")
                #expect(user["profile"]["headline"].string == "Engineer")
                #expect(user["profile"]["experiences"].array.count == 2)
                #expect(user["skills"].array.first { $0["name"].string == "Punched cards" }?["verification"].string == "coach")
                #expect(user["skills"].array.count == 3)
                #expect(user["goals"][0]["milestones"].array.count == 2)
                #expect(user["careerPlan"]["currentPhase"].string == "Mentoring")
                #expect(user["careerPlan"]["nextSteps"].array.compactMap(\.string) == ["Find a mentee", "Apply for lead roles"])
            }
            // REST: the seed's GET /api/v1/users/:id.
            let rest = try await api.call(.get, "/api/v1/users/\(memberID)", token: coach).1
            #expect(rest["profile"]["experiences"].array.count == 2)
            #expect(rest["skills"].array.count == 3)
            #expect(rest["goals"][0]["title"].string == "Lead a team")
            #expect(rest["career_plan"]["title"].string == "Towards leadership")
            // Someone else finds nothing, by either road.
            let stranger = try await api.signUp("stranger@example.com").accessToken
            #expect(try await api.call(.get, "/api/v1/users/\(memberID)", token: stranger).0 == .notFound)
            let hidden = try await api.call(.post, "/graphql", ["query": query, "variables": ["id": memberID.uuidString]], token: stranger).1
            #expect(hidden["errors"][0]["extensions"]["code"].string == "NOT_FOUND")
        }
    }
}
