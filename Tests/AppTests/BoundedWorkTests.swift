@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Attacks that try to make one request cost the server a crash, minutes of a core, or memory:
/// each is performed here, and the server answers a 4xx (or a GraphQL error) quickly and stays up.
@Suite struct BoundedWorkTests {
    @Test func aDeeplyNestedGraphQLQueryIsRefusedBeforeParsing() async throws {
        try await TestPlatform.withAuthApp { _, api in
            // 100,000 nested brackets crashed the parser (a stack overflow) before any rule ran;
            // 5,000 fit under the length limit, so the nesting itself is what is refused.
            for depth in [5_000, 100_000] {
                let query = "{a(b:" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + ")}"
                let (status, body) = try await api.call(.post, "/graphql", ["query": query], token: nil)
                #expect(status == .ok)
                let code = body["errors"][0]["extensions"]["code"].string
                #expect(code == (depth == 5_000 ? "QUERY_TOO_DEEP" : "QUERY_TOO_LARGE"), "\(body)")
            }
            let selections = String(repeating: "{a", count: 3_000) + String(repeating: "}", count: 3_000)
            let (_, body) = try await api.call(.post, "/graphql", ["query": selections], token: nil)
            #expect(body["errors"][0]["extensions"]["code"].string == "QUERY_TOO_DEEP")
            // Over GET too, where the text was parsed to look for mutations.
            let encoded = "{a(b:\(String(repeating: "[", count: 5_000)))}".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let (getStatus, getBody) = try await api.call(.get, "/graphql?query=\(encoded)", token: nil)
            #expect(getStatus == .ok)
            #expect(getBody["errors"][0]["extensions"]["code"].string == "QUERY_TOO_DEEP")
            // Brackets inside strings and comments are not nesting, and ordinary queries still run.
            let quoted = "{ __typename # \(String(repeating: "[", count: 100))\n }"
            let (_, fine) = try await api.call(.post, "/graphql", ["query": quoted], token: nil)
            #expect(fine["data"]["__typename"].string == "Query", "\(fine)")
            // The server is still there.
            #expect(try await api.get("/health/live").status == .ok)
        }
    }

    @Test func deeplyNestedJSONBodiesAreRefused() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let token = try await api.signUp("nest@example.com").accessToken
            let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            for (uri, body) in [("/graphql", "{\"query\":\"{ me { id } }\",\"variables\":{\"a\":\(nested)}}"),
                                ("/api/v1/jobs/analyze", "{\"text\":\(nested)}")] {
                let response = try await api.client.execute(uri: uri, method: .post,
                                                            headers: [.contentType: "application/json", .authorization: "Bearer \(token)"],
                                                            body: ByteBuffer(string: body))
                #expect(response.status.code < 500, "\(uri): \(response.status)")
            }
            #expect(try await api.get("/health/live").status == .ok)
        }
    }

    /// 7,000 random six-letter words (49 KB) held a core for almost four minutes; over the word
    /// limit it is refused at once, naming the field (the encoder's budget is IntelligenceTests').
    @Test func aHugeJobDescriptionIsRefusedNamingTheField() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let token = try await api.signUp("words@example.com").accessToken
            var random = SystemRandomNumberGenerator()
            let words = (0..<7_000).map { _ in String((0..<6).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement(using: &random)! }) }
            let (status, body) = try await api.call(.post, "/api/v1/jobs/analyze", ["text": words.joined(separator: " ")], token: token)
            #expect(status == .unprocessableContent)
            #expect(body["errors"]["text"].string == "must be at most 5000 words")
        }
    }

    /// 2,500 aliases of `analyzeJobDescription` fitted in one query's budget (each field cost 1;
    /// 400 of them fit under the length limit now, so the cost is what refuses them),
    /// and a list without `first` counted as one item.
    @Test func costlyFieldsAndUnpagedListsCountInTheQueryBudget() async throws {
        try await TestPlatform.withAuthApp { _, api in
            let token = try await api.signUp("aliases@example.com").accessToken
            let aliases = (0..<400).map { "a\($0): analyzeJobDescription(text: \"x\") { seniority { value } }" }.joined(separator: " ")
            let (_, many) = try await api.call(.post, "/graphql", ["query": "{ \(aliases) }"], token: token)
            #expect(many["errors"][0]["extensions"]["code"].string == "QUERY_TOO_COMPLEX", "\(many["errors"][0])")
            // One analysis with its skills and evidence runs; six in one query do not.
            let analysis = "analyzeJobDescription(text: \"Senior engineer\") { seniority { value } skills { uri confidence evidence { start end text } } }"
            for (count, allowed) in [(1, true), (3, true), (6, false)] {
                let query = "{ " + (0..<count).map { "a\($0): \(analysis)" }.joined(separator: " ") + " }"
                let (_, body) = try await api.call(.post, "/graphql", ["query": query], token: token)
                #expect((body["errors"][0]["extensions"]["code"].string == "QUERY_TOO_COMPLEX") != allowed, "\(count): \(body)")
            }
            // A coach's team, every list of every member, costs what the lists may hold.
            let team = "{ coachees { skills { name endorsements { level comment } } goals { title milestones { title } } plans { phases { actions { title } } } } }"
            let (_, nested) = try await api.call(.post, "/graphql", ["query": team], token: token)
            #expect(nested["errors"][0]["extensions"]["code"].string == "QUERY_TOO_COMPLEX", "\(nested)")
            // The seed's user query still runs.
            let (_, seed) = try await api.call(.post, "/graphql", ["query": "{ me { profile { headline } skills { name level } goals { title } careerPlan { currentPhase nextSteps } } }"], token: token)
            #expect(seed["errors"].isNull, "\(seed)")
        }
    }

    /// A 20 KB LinkedIn ZIP inflating to 10 million skill rows ran millions of catalog queries,
    /// even as a dry run. Files are bounded in size and rows, skills are made distinct before
    /// any query, and an import brings at most 500 of them.
    @Test func importsAreBoundedInRowsAndSkills() async throws {
        try await CareerTests.withCareerApp { _, api in
            let token = try await api.signUp("bomb@example.com").accessToken
            let path = "/api/v1/users/me/imports/linkedin?dry_run=true"
            let bomb = try ImportExportTests.zip(["Skills.csv": "Name\n" + String(repeating: "x\n", count: 10_000_000)])
            #expect(bomb.count < 100_000, "\(bomb.count) bytes")
            var (status, body) = try await ImportExportTests.post(api, path, bomb, token: token)
            #expect(status == .unprocessableContent && body["errors"]["file"].string?.contains("larger than 5 MB") == true, "\(body)")
            let rows = try ImportExportTests.zip(["Skills.csv": "Name\n" + (0..<2_000).map { "skill \($0)" }.joined(separator: "\n")])
            (status, body) = try await ImportExportTests.post(api, path, rows, token: token)
            #expect(status == .unprocessableContent && body["errors"]["file"].string?.contains("at most 1000 rows") == true, "\(body)")
            let same = try ImportExportTests.zip(["Skills.csv": "Name\n" + String(repeating: "Difference engines\n", count: 900)])
            (status, body) = try await ImportExportTests.post(api, path, same, token: token)
            #expect(status == .ok && body["skills"].array.count == 1, "\(body)")
            let resume = ["skills": (0..<600).map { ["name": "skill \($0)"] }]
            (status, body) = try await ImportExportTests.post(api, "/api/v1/users/me/imports/json-resume?dry_run=true",
                                                               try JSONSerialization.data(withJSONObject: resume), token: token)
            #expect(status == .unprocessableContent && body["errors"]["file"].string?.contains("600 different skills") == true, "\(body)")
        }
    }
}
