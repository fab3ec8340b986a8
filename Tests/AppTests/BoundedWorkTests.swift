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
}
