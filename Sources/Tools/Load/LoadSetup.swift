import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension LoadGenerator {
    /// A member the load acts as: a bearer token for the API, a session cookie for pages.
    public struct Member: Sendable {
        public let accessToken: String
        public let cookie: String
    }

    /// Signs up `count` members through `base` (the balancer), each with a résumé imported so
    /// that matches and plans have something to work on, and signs each into the web app.
    public static func members(count: Int, base: String, run: String) async throws -> [Member] {
        let roles = ["Software developer", "Data analyst", "Project manager", "Nurse", "Accountant", "Teacher"]
        let skills = [["SQL", "JavaScript", "Python"], ["SQL", "statistics", "Excel"], ["project management", "agile", "budgeting"],
                      ["patient care", "nursing"], ["accounting", "Excel", "auditing"], ["teaching", "curriculum design"]]
        // Redirects are not followed: the sign-in's 303 carries the session cookie.
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        defer { _ = client.shutdown() }
        func call(_ url: String, method: HTTPMethod, json: [String: Any]? = nil, body: String? = nil, contentType: String? = nil,
                  token: String? = nil) async throws -> Answer {
            try await Self.call(client, url, method: method, json: json, body: body, contentType: contentType, token: token)
        }
        var members: [Member] = []
        for index in 0..<count {
            let email = "load-\(run)-\(index)@example.com", password = "load test passphrase \(run)"
            let signup = try await call(base + "/api/v1/auth/signup", method: .POST, json: ["email": email, "password": password, "name": "Load \(index)"])
            guard signup.status == 201, let token = (try JSONSerialization.jsonObject(with: signup.body) as? [String: Any])?["access_token"] as? String else {
                throw LoadSetupError("sign-up answered \(signup.status): \(String(decoding: signup.body, as: UTF8.self))")
            }
            let resume: [String: Any] = [
                "basics": ["name": "Load \(index)", "label": roles[index % roles.count], "location": ["city": index % 2 == 0 ? "Utrecht" : "Berlin"]],
                "work": [["name": "Example \(index)", "position": roles[index % roles.count], "startDate": "2019-01-01"]],
                "skills": skills[index % skills.count].map { ["name": $0, "level": "Intermediate"] },
            ]
            let imported = try await call(base + "/api/v1/users/me/imports/json-resume", method: .POST, json: resume, token: token)
            guard imported.status == 200 else { throw LoadSetupError("résumé import answered \(imported.status)") }
            let form = "email=\(email.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
            let signIn = try await call(base + "/sign-in", method: .POST, body: form, contentType: "application/x-www-form-urlencoded")
            guard let cookie = signIn.setCookie?.split(separator: ";").first.map(String.init) else {
                throw LoadSetupError("web sign-in answered \(signIn.status) without a session cookie")
            }
            members.append(Member(accessToken: token, cookie: cookie))
        }
        return members
    }

    /// The mix the seed's load is made of, for `members` taken in turn by the connections.
    public static func mix(members: [Member], weights: [String: Int]) -> [[Request]] {
        let now = ISO8601DateFormatter().string(from: Date())
        return members.map { member in
            let bearer = ("Authorization", "Bearer \(member.accessToken)")
            let json = ("Content-Type", "application/json")
            let query = #"{"query":"{ me { profile { headline } skills { name level } goals { title } careerPlan { currentPhase } } }"}"#
            let event = #"{"events":[{"id":"load-{n}-evt","type":"page_viewed","occurred_at":""# + now + #"","properties":{"page":"/dashboard"}}]}"#
            return [
                Request(name: "profile", weight: weights["profile"] ?? 0, method: "GET", path: "/api/v1/users/me/profile", headers: [bearer]),
                Request(name: "matches", weight: weights["matches"] ?? 0, method: "GET", path: "/api/v1/opportunities/match?limit=10", headers: [bearer]),
                Request(name: "graphql", weight: weights["graphql"] ?? 0, method: "POST", path: "/graphql", headers: [bearer, json], body: query),
                Request(name: "track", weight: weights["track"] ?? 0, method: "POST", path: "/api/v1/analytics/track", headers: [bearer, json], body: event),
                Request(name: "page", weight: weights["page"] ?? 0, method: "GET", path: "/dashboard", headers: [("Cookie", member.cookie)]),
            ]
        }
    }

    struct Answer {
        let status: Int
        let body: Data
        let setCookie: String?
    }

    static func call(_ client: HTTPClient, _ url: String, method: HTTPMethod, json: [String: Any]? = nil, body: String? = nil, contentType: String? = nil,
                     token: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let json {
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
            request.headers.add(name: "Content-Type", value: "application/json")
        } else if let body {
            request.body = .bytes(ByteBuffer(string: body))
            request.headers.add(name: "Content-Type", value: contentType ?? "text/plain")
        }
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 10 << 20)
        return Answer(status: Int(response.status.code), body: Data(buffer: bytes), setCookie: response.headers["Set-Cookie"].first)
    }
}

struct LoadSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
