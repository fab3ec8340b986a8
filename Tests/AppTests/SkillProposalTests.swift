@testable import App
import Foundation
import Testing

/// A member's own words propose skills, with the words behind each; nothing is added until the
/// member confirms, and what they confirm carries those words as evidence.
@Suite struct SkillProposalTests {
    @Test func ownWordsProposeSkillsThatOnlyAConfirmationAdds() async throws {
        try await CareerTests.withCareerApp { _, api in
            let token = try await api.signUp("ada@example.com").accessToken
            // A form feed, as a PDF's text may bring, is no reason to read nothing.
            _ = try await api.call(.patch, "/api/v1/users/me/profile", ["summary": "I analyse data with NumPy\u{0C} and pandas."], token: token)
            let position: [String: Any] = ["title": "Data engineer", "employer": "Acme", "started_on": "2021-03-01",
                                           "description": "Ran notebooks in JupyterLab and helped develop software prototypes."]
            #expect(try await api.call(.post, "/api/v1/users/me/experiences", position, token: token).0 == .created)

            var (status, body) = try await api.call(.get, "/api/v1/users/me/skill-proposals", token: token)
            #expect(status == .ok, "\(body)")
            let proposed = Dictionary(body["items"].array.compactMap { item in item["uri"].string.map { ($0, item) } }) { first, _ in first }
            let numpy = try #require(proposed["urn:careerops:technology:numpy"])
            #expect(numpy["label"].string == "NumPy" && numpy["concept"]["label"].string == "use software libraries")
            #expect(numpy["sources"][0]["field"].string == "summary" && numpy["sources"][0]["words"].string == "NumPy")
            let jupyter = try #require(proposed["urn:careerops:technology:jupyter"])
            #expect(jupyter["sources"][0]["position"].string == "Data engineer at Acme" && jupyter["sources"][0]["words"].string == "JupyterLab")
            #expect(proposed[Fixture.prototypeSkill] != nil, "an ESCO skill in the description")
            #expect(try await api.call(.get, "/api/v1/users/me/skills", token: token).1["items"].array.isEmpty, "proposed, not added")

            // A URI the member's words did not propose is refused by name, and nothing is added.
            (status, body) = try await api.call(.post, "/api/v1/users/me/skill-proposals/confirm",
                                                ["uris": ["urn:careerops:technology:numpy", "urn:careerops:technology:scipy"], "level": 3], token: token)
            #expect(status == .unprocessableContent && body["errors"]["uris[1]"].string != nil, "\(body)")
            #expect(try await api.call(.get, "/api/v1/users/me/skills", token: token).1["items"].array.isEmpty)

            (status, body) = try await api.call(.post, "/api/v1/users/me/skill-proposals/confirm",
                                                ["uris": ["urn:careerops:technology:numpy", "urn:careerops:technology:jupyter"], "level": 3], token: token)
            #expect(status == .created, "\(body)")
            let added = body["items"].array
            #expect(added.compactMap { $0["name"].string } == ["NumPy", "Jupyter"])
            #expect(added.allSatisfy { $0["level"].int == 3 })
            #expect(added[0]["evidence"][0]["note"].string == "From your summary: “NumPy”")
            #expect(added[1]["evidence"][0]["note"].string == "From your position Data engineer at Acme: “JupyterLab”")
            // GraphQL reads and confirms the same proposals.
            var (_, graph) = try await api.call(.post, "/graphql", ["query": "{ skillProposals { uri label concept { label } sources { field words } } }"], token: token)
            let pandas = try #require(graph["data"]["skillProposals"].array.first { $0["uri"].string == "urn:careerops:technology:pandas" }, "\(graph)")
            #expect(pandas["sources"][0]["words"].string == "pandas" && pandas["concept"]["label"].string == "use software libraries")
            (_, graph) = try await api.call(.post, "/graphql", ["query": "mutation { confirmSkillProposals(uris: [\"nope\"], level: 2) { name } }"], token: token)
            #expect(graph["errors"][0]["extensions"]["field"].string == "uris[0]", "\(graph)")
            let left = try await api.call(.get, "/api/v1/users/me/skill-proposals", token: token).1["items"].array.compactMap { $0["uri"].string }
            #expect(!left.contains("urn:careerops:technology:numpy") && left.contains("urn:careerops:technology:pandas"), "what is held is no longer proposed")

            // Another member may neither read them nor confirm them.
            let me = try await api.call(.get, "/api/v1/me", token: token).1["id"].string ?? ""
            let eve = try await api.signUp("eve@example.com").accessToken
            #expect([.notFound, .forbidden].contains(try await api.call(.get, "/api/v1/users/\(me)/skill-proposals", token: eve).0))
            #expect([.notFound, .forbidden].contains(try await api.call(.post, "/api/v1/users/\(me)/skill-proposals/confirm",
                                                                          ["uris": ["urn:careerops:technology:pandas"], "level": 2], token: eve).0))
            #expect(try await api.call(.get, "/api/v1/users/me/skills", token: token).1["items"].array.count == 2)
        }
    }
}
