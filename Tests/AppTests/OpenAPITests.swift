@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Prometheus
import Testing

/// The OpenAPI document against the code: every REST route is described, nothing described is
/// missing, and real answers match the schemas the document gives for them.
@Suite struct OpenAPITests {
    @Test func everyRouteIsDescribedAndNothingElse() async throws {
        try await TestPlatform.with { platform in
            let router = try buildRouter(platform: platform, registry: PrometheusCollectorRegistry())
            let routes = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \($0.path.description.hasPrefix("/") ? "" : "/")\($0.path)" }
                .filter { $0.contains(" /api/v1/") })
            let app = try buildApplication(platform: platform, registry: PrometheusCollectorRegistry())
            try await app.test(.router) { client in
                let document = try JSONValue(Data(buffer: try await client.execute(uri: "/api/v1/openapi.json", method: .get).body))
                #expect(document["openapi"].string == "3.1.0")
                guard case .object(let paths) = document["paths"] else { Issue.record("no paths"); return }
                var described = Set<String>()
                for (path, item) in paths {
                    guard case .object(let methods) = item else { continue }
                    for method in methods.keys { described.insert("\(method) \(path)") }
                }
                #expect(routes.subtracting(described).sorted() == [], "routes the document does not describe")
                #expect(described.subtracting(routes).sorted() == [], "described routes that do not exist")
            }
        }
    }

    @Test func answersMatchTheirSchemas() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let document = try JSONValue(Data(buffer: try await api.raw(.get, "/api/v1/openapi.json", token: nil).body))
            let contract = Contract(api: api, document: document)
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let admin = try #require(try await contract.check(.post, "/api/v1/auth/login", ["email": "root@example.com", "password": AuthClient.password])["access_token"].string)
            let token = try #require(try await contract.check(.post, "/api/v1/auth/signup", ["email": "ada@example.com", "password": AuthClient.password, "name": "Ada"])["access_token"].string)
            let org = try #require(try await contract.check(.post, "/api/v1/orgs", ["name": "Acme", "slug": "acme"], token: admin)["id"].string)
            try await contract.check(.post, "/api/v1/orgs/\(org)/members", ["email": "ada@example.com", "role": "member"], token: admin)
            try await contract.check(.get, "/api/v1/orgs/\(org)/members", token: admin)
            try await contract.check(.get, "/api/v1/me/invitations", token: token)
            try await contract.check(.get, "/api/v1/me", token: token)
            try await contract.check(.get, "/api/v1/me/sessions", token: token)
            try await contract.check(.post, "/api/v1/me/tokens", ["name": "ci", "scopes": ["read"]], token: token)
            try await contract.check(.get, "/api/v1/me/tokens", token: token)
            try await contract.check(.get, "/api/v1/me/shares", token: token)
            try await contract.check(.get, "/api/v1/skills/catalog?q=develop", token: token)

            try await contract.check(.patch, "/api/v1/users/me/profile", ["headline": "Engineer", "preferences": ["currency": "EUR", "salary_min_yearly": 1]], token: token)
            try await contract.check(.post, "/api/v1/users/me/experiences", ["title": "Software Developer", "employer": "Acme", "started_on": "2020-01-01"], token: token)
            try await contract.check(.post, "/api/v1/users/me/educations", ["institution": "Uni", "degree": "BSc"], token: token)
            try await contract.check(.get, "/api/v1/users/me/profile", token: token)
            let skill = try #require(try await contract.check(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": 2, "evidence": [["note": "x"]]], token: token)["id"].string)
            try await contract.check(.patch, "/api/v1/users/me/skills/\(skill)", ["level": 3], token: token)
            try await contract.check(.get, "/api/v1/users/me/skills/\(skill)/history", token: token)
            try await contract.check(.post, "/api/v1/skills/verify", ["user_skill_id": skill, "source": "certificate", "level": 3, "reference": "https://c.example.com/1"], token: token)
            try await contract.check(.post, "/api/v1/users/me/skills", ["uri": Fixture.prototypeSkill, "level": 9], token: token)
            let goal = try #require(try await contract.check(.post, "/api/v1/users/me/goals", ["title": "Ship", "milestones": [["title": "Start", "due_on": "2027-01-01"]]], token: token)["id"].string)
            try await contract.check(.get, "/api/v1/users/me/goals", token: token)
            try await contract.check(.patch, "/api/v1/users/me/goals/\(goal)", ["status": "completed"], token: token)
            let plan = try #require(try await contract.check(.post, "/api/v1/users/me/plans", ["title": "Plan", "phases": [["title": "One", "actions": [["kind": "learn", "title": "Read"]]]]], token: token)["id"].string)
            try await contract.check(.get, "/api/v1/users/me/plans/\(plan)", token: token)
            try await contract.check(.get, "/api/v1/users/me", token: token)
            try await contract.check(.get, "/api/v1/users/\(UUID())", token: token)

            let opportunity = try #require(try await contract.check(.post, "/api/v1/opportunities", [
                "title": "Software Developer", "employer": "Acme", "description": "x", "salary_min_yearly": 1, "salary_currency": "EUR", "skills": [["uri": Fixture.prototypeSkill]],
            ], token: admin)["id"].string)
            try await contract.check(.get, "/api/v1/opportunities", token: token)
            try await contract.check(.get, "/api/v1/opportunities/\(opportunity)", token: token)
            try await contract.check(.post, "/api/v1/opportunities/\(opportunity)/close", token: admin)
            let resource = try #require(try await contract.check(.post, "/api/v1/learning-resources", [
                "title": "Course", "provider": "U", "url": "https://u.example.com", "format": "course", "duration_minutes": 10, "level": 1, "skill_uris": [Fixture.prototypeSkill],
            ], token: admin)["id"].string)
            try await contract.check(.put, "/api/v1/learning-resources/\(resource)/rating", ["rating": 5], token: token)
            try await contract.check(.get, "/api/v1/learning-resources", token: token)
            try await contract.check(.get, "/api/v1/users/me/learning", token: token)
            try await contract.check(.post, "/api/v1/users/me/imports/json-resume?dry_run=true", ["work": [["name": "X", "position": "Y", "startDate": "2020"]]], token: token)
            try await contract.check(.get, "/api/v1/users/me/export/json-resume", token: token)
            try await contract.check(.get, "/api/v1/users/me/export", token: token)
            try await contract.check(.post, "/api/v1/jobs/analyze", ["text": "Senior role, remote, 3-5 years: develop software prototypes; based in Utrecht."], token: token)
            #expect(contract.checked.value >= 35)
            // The check itself sees drift: a field the schema lacks, a missing one, a wrong type.
            let check = SchemaCheck(document: document)
            let skillSchema = JSONValue.object(["$ref": .string("#/components/schemas/Skill")])
            let answer = try await api.call(.get, "/api/v1/users/me/skills/\(skill)", token: token).1
            #expect(check.validate(answer, against: skillSchema, at: "").isEmpty)
            guard case .object(var fields) = answer else { Issue.record("not an object"); return }
            fields["shoe_size"] = .number(44)
            #expect(check.validate(.object(fields), against: skillSchema, at: "") == [".shoe_size: not in the schema"])
            fields["shoe_size"] = nil
            fields["level"] = .string("high")
            #expect(check.validate(.object(fields), against: skillSchema, at: "") == [".level: a string where [\"integer\"] is expected"])
            fields["level"] = nil
            #expect(check.validate(.object(fields), against: skillSchema, at: "") == [".level: missing"])
        }
    }
}

/// Sends requests and checks each answer against the schema the document gives for its
/// route and status (`default`, problem+json, for errors).
struct Contract {
    let api: AuthClient
    let document: JSONValue
    let checked = Counter()

    final class Counter: @unchecked Sendable { var value = 0 }

    @discardableResult
    func check(_ method: HTTPRequest.Method, _ uri: String, _ body: Any? = nil, token: String? = nil) async throws -> JSONValue {
        let (status, value) = try await api.call(method, uri, body, token: token)
        let path = String(uri.split(separator: "?").first ?? "")
        guard let (template, operation) = Self.operation(for: path, method: method.rawValue.lowercased(), in: document) else {
            Issue.record("\(method) \(path) is not in the document")
            return value
        }
        let responses = operation["responses"]
        var response = responses[String(status.code)]
        if response.isNull { response = responses["default"] }
        #expect(!response.isNull, "\(method) \(template) answered \(status.code), which the document does not list")
        let schema = response["content"]["application/json"]["schema"].isNull ? response["content"]["application/problem+json"]["schema"] : response["content"]["application/json"]["schema"]
        if schema.isNull {
            #expect(value.isNull, "\(method) \(template) \(status.code) has a body the document does not describe")
        } else {
            let problems = SchemaCheck(document: document).validate(value, against: schema, at: "")
            #expect(problems.isEmpty, "\(method) \(template) \(status.code): \(problems)")
        }
        checked.value += 1
        return value
    }

    static func operation(for path: String, method: String, in document: JSONValue) -> (String, JSONValue)? {
        guard case .object(let paths) = document["paths"] else { return nil }
        let parts = path.split(separator: "/")
        let candidates = paths.compactMap { template, item -> (String, JSONValue, Int)? in
            let pattern = template.split(separator: "/")
            guard pattern.count == parts.count, !item[method].isNull else { return nil }
            var captures = 0
            for (expected, actual) in zip(pattern, parts) {
                if expected.hasPrefix("{") { captures += 1 } else if expected != actual { return nil }
            }
            return (template, item[method], captures)
        }
        return candidates.min { $0.2 < $1.2 }.map { ($0.0, $0.1) }
    }
}

/// Enough of JSON Schema for the document: types (with null), objects with required and
/// additional properties, arrays, anyOf and references.
struct SchemaCheck {
    let document: JSONValue

    func validate(_ value: JSONValue, against schema: JSONValue, at path: String) -> [String] {
        if let reference = schema["$ref"].string {
            return validate(value, against: document["components"]["schemas"][String(reference.split(separator: "/").last ?? "")], at: path)
        }
        if case .array(let options) = schema["anyOf"] {
            return options.contains { validate(value, against: $0, at: path).isEmpty } ? [] : ["\(path): matches none of anyOf"]
        }
        var types: [String] = []
        if let type = schema["type"].string { types = [type] }
        if case .array(let list) = schema["type"] { types = list.compactMap(\.string) }
        guard !types.isEmpty else { return [] }
        switch value {
        case .null: return types.contains("null") ? [] : ["\(path): null where \(types) is expected"]
        case .bool: return types.contains("boolean") ? [] : ["\(path): a boolean where \(types) is expected"]
        case .string: return types.contains("string") ? [] : ["\(path): a string where \(types) is expected"]
        case .number(let number):
            return types.contains("number") || (types.contains("integer") && number == number.rounded()) ? [] : ["\(path): a number where \(types) is expected"]
        case .array(let items):
            guard types.contains("array") else { return ["\(path): an array where \(types) is expected"] }
            return items.enumerated().flatMap { validate($1, against: schema["items"], at: "\(path)[\($0)]") }
        case .object(let members):
            guard types.contains("object") else { return ["\(path): an object where \(types) is expected"] }
            var problems = schema["required"].array.compactMap(\.string).filter { members[$0] == nil }.map { "\(path).\($0): missing" }
            for (key, member) in members {
                let property = schema["properties"][key]
                if !property.isNull {
                    problems += validate(member, against: property, at: "\(path).\(key)")
                } else if schema["additionalProperties"] == .bool(false) {
                    problems.append("\(path).\(key): not in the schema")
                } else if case .object = schema["additionalProperties"] {
                    problems += validate(member, against: schema["additionalProperties"], at: "\(path).\(key)")
                }
            }
            return problems
        }
    }
}
