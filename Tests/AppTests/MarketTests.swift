@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Testing

/// Opportunities and learning resources: admins keep them, members browse, complete and rate.
@Suite struct MarketTests {
    /// A platform admin's token and a member's.
    static func people(_ platform: Platform, _ api: AuthClient) async throws -> (admin: String, member: String) {
        _ = try await api.signUp("root@example.com")
        try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
        let admin = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
        return (admin, try await api.signUp("member@example.com").accessToken)
    }

    @Test func adminsKeepOpportunitiesAndMembersBrowseThem() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let (admin, member) = try await Self.people(platform, api)
            let posting: [String: Any] = [
                "title": "Senior Software Developer", "employer": "Acme", "description": "Build things.", "location": "Utrecht",
                "remote": true, "employment_type": "full_time", "salary_min_yearly": 60000, "salary_max_yearly": 80000, "salary_currency": "eur",
                "skills": [["uri": Fixture.prototypeSkill, "min_level": 3]],
            ]
            #expect(try await api.call(.post, "/api/v1/opportunities", posting, token: member).0 == .forbidden)
            var (status, body) = try await api.call(.post, "/api/v1/opportunities", posting, token: admin)
            #expect(status == .created)
            #expect(body["occupation"]["uri"].string == Fixture.softwareDeveloper, "the title without its seniority names the occupation")
            #expect(body["employment_type"].string == "FULL_TIME")
            #expect(body["skills"][0]["min_level"].int == 3)
            let id = try #require(body["id"].string)
            var bad = posting
            bad["employment_type"] = "gig"
            #expect(try await api.call(.post, "/api/v1/opportunities", bad, token: admin).1["errors"]["employment_type"].string != nil)
            bad = posting
            bad["skills"] = [["uri": "nope"]]
            #expect(try await api.call(.post, "/api/v1/opportunities", bad, token: admin).1["errors"]["skills[0].uri"].string != nil)

            (status, body) = try await api.call(.get, "/api/v1/opportunities?q=software&remote=true", token: member)
            #expect(body["items"].array.map(\.["id"].string) == [id])
            #expect(try await api.call(.get, "/api/v1/opportunities?remote=maybe", token: member).1["errors"]["remote"].string != nil)
            #expect(try await api.call(.post, "/api/v1/opportunities/\(id)/close", token: member).0 == .forbidden)
            #expect(try await api.call(.post, "/api/v1/opportunities/\(id)/close", token: admin).1["status"].string == "closed")
            #expect(try await api.call(.get, "/api/v1/opportunities", token: member).1["items"].array.isEmpty)
            #expect(try await api.call(.get, "/api/v1/opportunities?status=closed", token: member).1["items"].array.count == 1)

            // An organization's own opening is seen by its members only.
            let org = try #require(try await api.call(.post, "/api/v1/orgs", ["name": "Acme", "slug": "acme"], token: admin).1["id"].string)
            var scoped = posting
            scoped["organization_id"] = org
            let internalID = try #require(try await api.call(.post, "/api/v1/opportunities", scoped, token: admin).1["id"].string)
            #expect(try await api.call(.get, "/api/v1/opportunities/\(internalID)", token: member).0 == .notFound)
            try await api.join("member@example.com", org, as: "member", invitedBy: admin, in: platform)
            #expect(try await api.call(.get, "/api/v1/opportunities/\(internalID)", token: member).0 == .ok)
        }
    }

    @Test func importsJobPostingsAndReportsWhatItRejected() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let (admin, _) = try await Self.people(platform, api)
            let good: [String: Any] = [
                "@context": "https://schema.org", "@type": "JobPosting", "title": "Database Administrator", "identifier": ["value": "ext-1"],
                "description": "<p>Keep our <b>databases</b> healthy &amp; fast.</p>", "hiringOrganization": ["@type": "Organization", "name": "DataCo"],
                "jobLocation": ["@type": "Place", "address": ["addressLocality": "Berlin", "addressCountry": "DE"]],
                "jobLocationType": "TELECOMMUTE", "employmentType": ["CONTRACTOR"], "validThrough": "2027-01-31T00:00:00Z",
                "baseSalary": ["@type": "MonetaryAmount", "currency": "EUR", "value": ["@type": "QuantitativeValue", "minValue": 40, "maxValue": 50, "unitText": "HOUR"]],
                "skills": "develop software prototype, underwater basket weaving",
            ]
            let missingTitle: [String: Any] = ["@type": "JobPosting", "description": "x", "hiringOrganization": "Y"]
            let lines = [try JSONSerialization.data(withJSONObject: good), try JSONSerialization.data(withJSONObject: missingTitle), Data("{not json".utf8)]
                .map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
            var response = try await api.client.execute(uri: "/api/v1/opportunities/import", method: .post,
                                                        headers: [.authorization: "Bearer \(admin)"], body: ByteBuffer(string: lines))
            var report = try JSONValue(Data(buffer: response.body))
            #expect(report["created"].int == 1)
            #expect(report["rejected"].array.map(\.["row"].int) == [2, 3])
            #expect(report["rejected"][0]["reason"].string?.contains("title") == true)
            let id = try #require(report["ids"][0].string)
            let imported = try await api.call(.get, "/api/v1/opportunities/\(id)", token: admin).1
            #expect(imported["description"].string == "Keep our databases healthy & fast.")
            #expect(imported["salary_min_yearly"].int == 83_200)
            #expect(imported["remote"].bool == true)
            #expect(imported["location"].string == "Berlin, DE")
            #expect(imported["skills"].array.map(\.["uri"].string) == [Fixture.prototypeSkill])
            #expect(imported["occupation"]["label"].string == "database administrator")

            // The same identifier again updates rather than duplicates; an empty upload is an error.
            response = try await api.client.execute(uri: "/api/v1/opportunities/import", method: .post, headers: [.authorization: "Bearer \(admin)"],
                                                    body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: [good])))
            report = try JSONValue(Data(buffer: response.body))
            #expect(report["updated"].int == 1 && report["created"].int == 0)
            response = try await api.client.execute(uri: "/api/v1/opportunities/import", method: .post, headers: [.authorization: "Bearer \(admin)"], body: ByteBuffer(string: "  "))
            #expect(response.status == .unprocessableContent)
            #expect(try await api.call(.get, "/api/v1/opportunities?status=all", token: admin).1["items"].array.count == 1)
        }
    }

    @Test func aJobDescriptionIsReadForSkillsSeniorityYearsAndPlace() async throws {
        try await CareerTests.withCareerApp { _, api in
            let token = try await api.signUp("ada@example.com").accessToken
            let text = "Senior Software Engineer (remote). You will develop software prototypes and analyse software or system specifications. 5+ years required; based in Berlin."
            let (status, body) = try await api.call(.post, "/api/v1/jobs/analyze", ["text": text], token: token)
            #expect(status == .ok, "\(body)")
            let uris = body["skills"].array.compactMap { $0["uri"].string }
            #expect(uris == [Fixture.prototypeSkill, "http://data.europa.eu/esco/skill/f28617ad-afdd-4041-814c-216153a38998"])
            #expect(body["skills"][0]["evidence"][0]["text"].string == "develop software prototypes")
            #expect(body["skills"][1]["confidence"].number == 0.9, "an alternative label")
            #expect(body["seniority"]["value"].string == "senior")
            #expect(body["years_minimum"].int == 5)
            #expect(body["workplace"]["value"].string == "remote")
            #expect(body["location"]["value"].string == "Berlin")
            for bad in ["", "   ", String(repeating: "a", count: 50_001), "\u{0}\u{1}\u{2}binary"] {
                #expect(try await api.call(.post, "/api/v1/jobs/analyze", ["text": bad], token: token).1["errors"]["text"].string != nil)
            }
            #expect(try await api.call(.post, "/api/v1/jobs/analyze", ["text": text], token: nil).0 == .unauthorized)
        }
    }

    /// Technologies are skills: a posting names them by their own names, with the ESCO skill above
    /// them; the catalog finds them; a member holds one.
    @Test func technologiesAreSkillsByTheirOwnNames() async throws {
        try await CareerTests.withCareerApp { _, api in
            let token = try await api.signUp("ada@example.com").accessToken
            let text = "Data engineer: notebooks in JupyterLab, arrays in NumPy and frames in pandas."
            let (status, body) = try await api.call(.post, "/api/v1/jobs/analyze", ["text": text], token: token)
            #expect(status == .ok, "\(body)")
            let found = body["skills"].array
            #expect(found.compactMap { $0["label"].string } == ["Jupyter", "NumPy", "pandas"])
            #expect(found[0]["uri"].string == "urn:careerops:technology:jupyter")
            #expect(found[0]["evidence"][0]["text"].string == "JupyterLab")
            #expect(found[1]["concept"]["label"].string == "use software libraries")
            // Without a word of computing, "pandas" are animals.
            #expect(try await api.call(.post, "/api/v1/jobs/analyze", ["text": "Feed the pandas at the zoo."], token: token).1["skills"].array.isEmpty)

            let (_, catalog) = try await api.call(.get, "/api/v1/skills/catalog?q=nump", token: token)
            #expect(catalog["items"].array.first?["preferred_label"].string == "NumPy", "\(catalog)")
            let (added, skill) = try await api.call(.post, "/api/v1/users/me/skills", ["uri": "urn:careerops:technology:numpy", "level": 3], token: token)
            #expect(added == .created, "\(skill)")
            #expect(skill["name"].string == "NumPy" && skill["is_custom"].bool == false)
        }
    }

    @Test func membersCompleteAndRateLearningResources() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let (admin, member) = try await Self.people(platform, api)
            let course: [String: Any] = ["title": "Prototyping 101", "provider": "OpenU", "url": "https://learn.example.org/proto", "format": "course",
                                         "duration_minutes": 90, "level": 2, "skill_uris": [Fixture.prototypeSkill]]
            #expect(try await api.call(.post, "/api/v1/learning-resources", course, token: member).0 == .forbidden)
            var (status, body) = try await api.call(.post, "/api/v1/learning-resources", course, token: admin)
            #expect(status == .created)
            let id = try #require(body["id"].string)
            var bad = course
            bad["url"] = "javascript:alert(1)"
            #expect(try await api.call(.post, "/api/v1/learning-resources", bad, token: admin).1["errors"]["url"].string != nil)

            #expect(try await api.call(.get, "/api/v1/learning-resources?skill=\(Fixture.prototypeSkill)", token: member).1["items"].array.count == 1)
            #expect(try await api.call(.put, "/api/v1/learning-resources/\(id)/completion", token: member).0 == .noContent)
            #expect(try await api.call(.put, "/api/v1/learning-resources/\(id)/rating", ["rating": 6], token: member).1["errors"]["rating"].string != nil)
            #expect(try await api.call(.put, "/api/v1/learning-resources/\(id)/rating", ["rating": 4], token: member).0 == .noContent)
            (status, body) = try await api.call(.get, "/api/v1/learning-resources/\(id)", token: member)
            #expect(body["average_rating"].number == 4)
            #expect(body["completion_count"].int == 1)
            (status, body) = try await api.call(.get, "/api/v1/users/me/learning", token: member)
            #expect(body["items"][0]["rating"].int == 4)
            #expect(try await api.call(.put, "/api/v1/learning-resources/\(UUID())/completion", token: member).0 == .notFound)
        }
    }
}
