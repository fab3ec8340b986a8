@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Prometheus
import SQLKit
@testable import Storage
import Testing

/// Who may see a member's data is decided once, in the domain, for every edge. This test takes
/// every route the router knows (REST, GraphQL, the web pages) and every GraphQL field of `User`,
/// and shows that four callers who must see nothing of a member get nothing: a stranger, a coach
/// removed from the member's organization, a coach of a member whose profile is private, and an
/// admin of another organization. Each member's data carries a marker that must appear in no
/// answer; the same routes answer the member (and, before the change, the coach) as a control.
@Suite struct AccessMatrixTests {
    struct Actor {
        let name: String
        let token: String
        let cookie: String
        let csrf: String
        /// The member whose data this caller must not see, and that member's marker.
        let target: Target
    }

    struct Route: Sendable {
        let method: HTTPRequest.Method
        let path: String
    }

    struct Target {
        let id: UUID
        let marker: String
        let token: String
        /// Ids of the member's objects, by the path parameter that names them.
        var ids: [String: String] = [:]
    }

    @Test func strangersRemovedCoachesCoachesOfPrivateMembersAndOtherAdminsGetNothing() async throws {
        try await TestPlatform.with(extra: ["RATE_LIMIT_AUTH": "10000/min"]) { platform in
            let router = try buildRouter(platform: platform, registry: PrometheusCollectorRegistry())
            let routes = router.routes.map { Route(method: $0.method, path: "/" + $0.path.description.trimmingCharacters(in: CharacterSet(charactersIn: "/"))) }
            let app = Application(router: router)
            try await app.test(.router) { client in
                let api = AuthClient(client: client)
                let world = try await Self.world(platform, api)
                var checked = 0
                for actor in world.actors {
                    checked += try await Self.restRoutes(routes, actor, api)
                    checked += try await Self.graphQL(actor, api)
                    checked += try await Self.webPages(routes, actor, api)
                }
                #expect(checked > 300, "\(checked) answers checked")
            }
        }
    }

    // MARK: The people

    struct World {
        let actors: [Actor]
    }

    static func world(_ platform: Platform, _ api: AuthClient) async throws -> World {
        let sql = platform.persistence.sql
        func account(_ email: String, _ name: String) async throws -> (UUID, String) {
            let token = try await api.signUp(email, name: name).accessToken
            return (try await TestPlatform.userID(email, in: platform), token)
        }
        func organization(_ slug: String) async throws -> UUID {
            let id = UUID()
            try await sql.insert(into: "organizations").columns("id", "name", "slug", "is_demo", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(slug), SQLBind(slug), SQLBind(false), SQLBind(Date()), SQLBind(Date())).run()
            return id
        }
        func join(_ user: UUID, _ organization: UUID, _ role: String) async throws {
            try await sql.insert(into: "memberships").columns("id", "user_id", "organization_id", "role", "created_at", "updated_at")
                .values(SQLBind(UUID()), SQLBind(user), SQLBind(organization), SQLBind(role), SQLBind(Date()), SQLBind(Date())).run()
        }
        func call(_ method: HTTPRequest.Method, _ uri: String, _ body: Any? = nil, _ token: String) async throws -> JSONValue {
            let (status, json) = try await api.call(method, uri, body, token: token)
            #expect(status.code < 300, "\(method) \(uri): \(status) \(json)")
            return json
        }

        let orgA = try await organization("org-a"), orgB = try await organization("org-b")
        let (adminA, adminAToken) = try await account("admin-a@example.com", "Ada Admin")
        let (member, memberToken) = try await account("member@example.com", "Mo MARKER-M")
        let (secret, secretToken) = try await account("secret@example.com", "Sam MARKER-T")
        let (removedCoach, _) = try await account("removed-coach@example.com", "Rick Removed")
        let (coach, _) = try await account("coach@example.com", "Cleo Coach")
        let (adminB, _) = try await account("admin-b@example.com", "Bo Admin")
        _ = try await account("stranger@example.com", "Stan Stranger")
        try await join(adminA, orgA, "org_admin")
        try await join(member, orgA, "member")
        try await join(secret, orgA, "member")
        try await join(removedCoach, orgA, "coach")
        try await join(coach, orgA, "coach")
        try await join(adminB, orgB, "org_admin")

        // The member: everything a member can hold, each piece marked, shown to the organization.
        var target = Target(id: member, marker: "MARKER-M", token: memberToken)
        _ = try await call(.patch, "/api/v1/users/me/profile", ["headline": "Headline MARKER-M", "summary": "MARKER-M", "visibility": "organization"], memberToken)
        target.ids["experience"] = try await call(.post, "/api/v1/users/me/experiences", ["title": "Job MARKER-M", "employer": "MARKER-M", "started_on": "2020-01-01"], memberToken)["id"].string
        target.ids["education"] = try await call(.post, "/api/v1/users/me/educations", ["institution": "School MARKER-M"], memberToken)["id"].string
        target.ids["skill"] = try await call(.post, "/api/v1/users/me/skills", ["name": "Skill MARKER-M", "level": 3], memberToken)["id"].string
        let goal = try await call(.post, "/api/v1/users/me/goals", ["title": "Goal MARKER-M", "milestones": [["title": "Step MARKER-M"]]], memberToken)
        target.ids["goal"] = goal["id"].string
        target.ids["milestone"] = goal["milestones"][0]["id"].string
        let plan = try await call(.post, "/api/v1/users/me/plans",
                                  ["title": "Plan MARKER-M", "phases": [["title": "Phase MARKER-M", "actions": [["kind": "learn", "title": "Action MARKER-M"]]]]], memberToken)
        target.ids["plan"] = plan["id"].string
        target.ids["phase"] = plan["phases"][0]["id"].string
        target.ids["action"] = plan["phases"][0]["actions"][0]["id"].string
        _ = try await call(.put, "/api/v1/me/shares/\(removedCoach)", nil, memberToken)

        // The other member shares with a coach, then makes the profile private.
        var hidden = Target(id: secret, marker: "MARKER-T", token: secretToken)
        hidden.ids["skill"] = try await call(.post, "/api/v1/users/me/skills", ["name": "Skill MARKER-T", "level": 2], secretToken)["id"].string
        _ = try await call(.post, "/api/v1/users/me/goals", ["title": "Goal MARKER-T"], secretToken)
        _ = try await call(.patch, "/api/v1/users/me/profile", ["headline": "Headline MARKER-T"], secretToken)
        _ = try await call(.put, "/api/v1/me/shares/\(coach)", nil, secretToken)

        // Controls: before the changes, both coaches see their member.
        let removedCoachToken = try AuthClient.decode(TokenPair.self, try await api.login("removed-coach@example.com")).accessToken
        let coachToken = try AuthClient.decode(TokenPair.self, try await api.login("coach@example.com")).accessToken
        #expect(try await call(.get, "/api/v1/users/\(member)/profile", nil, removedCoachToken)["headline"].string == "Headline MARKER-M")
        #expect(try await call(.get, "/api/v1/users/\(secret)/profile", nil, coachToken)["headline"].string == "Headline MARKER-T")

        // The changes: the coach is removed from the organization by its admin; the profile goes private.
        #expect(try await api.call(.delete, "/api/v1/orgs/\(orgA)/members/\(removedCoach)", token: adminAToken).0 == .noContent)
        _ = try await call(.patch, "/api/v1/users/me/profile", ["visibility": "private"], secretToken)

        var actors: [Actor] = []
        for (name, email, whom) in [("stranger", "stranger@example.com", target), ("removed coach", "removed-coach@example.com", target),
                                    ("coach of a private member", "coach@example.com", hidden), ("admin of another organization", "admin-b@example.com", target)] {
            let token = try AuthClient.decode(TokenPair.self, try await api.login(email)).accessToken
            let session = try await api.post("/api/v1/auth/session", ["email": email, "password": AuthClient.password])
            let cookie = try #require(session.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let csrf = try #require(try JSONValue(Data(buffer: session.body))["csrf_token"].string)
            actors.append(Actor(name: name, token: token, cookie: cookie, csrf: csrf, target: whom))
        }
        return World(actors: actors)
    }

    // MARK: REST

    /// A body each write route accepts, so that what answers is the access decision, not validation.
    static var bodies: [String: Any] { [
        "patch /api/v1/users/:user/profile": ["headline": "x"],
        "post /api/v1/users/:user/experiences": ["title": "x", "employer": "x", "started_on": "2020-01-01"],
        "put /api/v1/users/:user/experiences/:id": ["title": "x", "employer": "x", "started_on": "2020-01-01"],
        "post /api/v1/users/:user/educations": ["institution": "x"],
        "post /api/v1/users/:user/skills": ["name": "x", "level": 1],
        "patch /api/v1/users/:user/skills/:id": ["level": 1],
        "post /api/v1/users/:user/skills/:id/endorsements": ["level": 1],
        "post /api/v1/users/:user/goals": ["title": "x"],
        "patch /api/v1/users/:user/goals/:id": ["title": "x"],
        "post /api/v1/users/:user/goals/:id/milestones": ["title": "x"],
        "patch /api/v1/users/:user/goals/:id/milestones/:milestone": ["completed": true],
        "post /api/v1/users/:user/plans": ["title": "x"],
        "patch /api/v1/users/:user/plans/:id": ["title": "x"],
        "post /api/v1/users/:user/plans/:id/phases": ["title": "x"],
        "patch /api/v1/users/:user/plans/:id/phases/:phase": ["title": "x"],
        "post /api/v1/users/:user/plans/:id/phases/:phase/actions": ["kind": "learn", "title": "x"],
        "patch /api/v1/users/:user/plans/:id/actions/:action": ["status": "done"],
        "post /api/v1/users/:user/imports/json-resume": ["basics": ["name": "x"]],
        "delete /api/v1/users/:user": ["confirm_email": "member@example.com"],
        "put /api/v1/orgs/:org/members/:user": ["role": "member"],
    ] }

    /// Every route naming a member (`:user`) answers 404, and no GET route without parameters
    /// shows the member's marker.
    static func restRoutes(_ routes: [Route], _ actor: Actor, _ api: AuthClient) async throws -> Int {
        var checked = 0
        for route in routes where route.path.hasPrefix("/api/v1") {
            let template = route.path
            let key = "\(route.method.rawValue.lowercased()) \(template)"
            if template.contains(":user") {
                let uri = Self.fill(template, actor.target)
                var body = bodies[key]
                if body == nil, [.post, .put, .patch].contains(route.method), !template.hasSuffix("/plans/generate"), !template.contains("/teams/"),
                   !template.hasSuffix("/imports/linkedin") {
                    Issue.record("\(key): no body in the table; add one so that this route is checked")
                    continue
                }
                if template.hasSuffix("/imports/linkedin") { body = nil }
                let (status, json) = try await api.call(route.method, uri, body, token: actor.token)
                #expect(status == .notFound, "\(actor.name): \(key) answered \(status) \(json)")
                #expect(!json.description.contains(actor.target.marker), "\(actor.name): \(key) shows the member's data")
                checked += 1
            } else if route.method == .get, !template.contains(":") {
                let response = try await api.raw(.get, template, token: actor.token)
                #expect(!String(buffer: response.body).contains(actor.target.marker), "\(actor.name): GET \(template) shows the member's data")
                checked += 1
            }
        }
        return checked
    }

    static func fill(_ template: String, _ target: Target) -> String {
        var ids = target.ids
        ids["user"] = target.id.uuidString
        ids["org"] = UUID().uuidString
        ids["team"] = UUID().uuidString
        return template.split(separator: "/").map { part -> String in
            guard part.hasPrefix(":") else { return String(part) }
            let name = String(part.dropFirst())
            // `:id` is the object the route is about: a skill, goal, plan, experience or education.
            if name == "id" {
                for kind in ["skills", "goals", "plans", "experiences", "educations"] where template.contains("/\(kind)/:id") {
                    return ids[String(kind.dropLast())] ?? UUID().uuidString
                }
            }
            return ids[name] ?? UUID().uuidString
        }.joined(separator: "/").reduce(into: "/") { $0.append($1) }
    }

    // MARK: GraphQL

    /// Every field of `User`, asked of the member by id: NOT_FOUND; the member is not among the
    /// caller's coachees; endorsing their skill is NOT_FOUND.
    static func graphQL(_ actor: Actor, _ api: AuthClient) async throws -> Int {
        let (_, schema) = try await api.call(.post, "/graphql", ["query": """
            { __type(name: "User") { fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
            """], token: actor.token)
        let fields = schema["data"]["__type"]["fields"].array
        #expect(fields.count >= 5, "\(schema)")
        var checked = 0
        for field in fields {
            let name = try #require(field["name"].string)
            let selection = try await Self.selection(for: field["type"], api: api, token: actor.token)
            let (_, body) = try await api.call(.post, "/graphql", ["query": "{ user(id: \"\(actor.target.id)\") { \(name) \(selection) } }"], token: actor.token)
            #expect(body["data"]["user"].isNull, "\(actor.name): User.\(name): \(body)")
            #expect(body["errors"][0]["extensions"]["code"].string == "NOT_FOUND", "\(actor.name): User.\(name): \(body)")
            #expect(!body.description.contains(actor.target.marker))
            checked += 1
        }
        let (_, coachees) = try await api.call(.post, "/graphql", ["query": "{ coachees { id name profile { headline } skills { name } goals { title } } }"], token: actor.token)
        #expect(!coachees.description.contains(actor.target.marker) && !coachees.description.contains(actor.target.id.uuidString.lowercased()),
                "\(actor.name): coachees \(coachees)")
        if let skill = actor.target.ids["skill"] {
            let (_, endorsed) = try await api.call(.post, "/graphql", ["query": "mutation { endorseSkill(userSkillId: \"\(skill)\", level: 1) { level } }"], token: actor.token)
            #expect(endorsed["errors"][0]["extensions"]["code"].string == "NOT_FOUND", "\(actor.name): endorseSkill \(endorsed)")
        }
        return checked + 2
    }

    /// The leaf fields to select under a field of this type (none for a scalar).
    static func selection(for type: JSONValue, api: AuthClient, token: String) async throws -> String {
        var named = type
        while named["name"].isNull, !named["ofType"].isNull { named = named["ofType"] }
        guard named["kind"].string == "OBJECT", let name = named["name"].string else { return "" }
        let (_, body) = try await api.call(.post, "/graphql", ["query": "{ __type(name: \"\(name)\") { fields { name type { kind ofType { kind ofType { kind } } } } } }"], token: token)
        let leaves = body["data"]["__type"]["fields"].array.filter { field in
            var type = field["type"]
            while type["kind"].string == "NON_NULL" || type["kind"].string == "LIST" { type = type["ofType"] }
            return type["kind"].string == "SCALAR" || type["kind"].string == "ENUM"
        }.compactMap { $0["name"].string }
        return "{ \(leaves.joined(separator: " ")) }"
    }

    // MARK: Web pages

    /// The member's page and endorsing from it answer 404; no page without parameters shows the
    /// member's marker (the team, the people of one's organizations, the dashboard…).
    static func webPages(_ routes: [Route], _ actor: Actor, _ api: AuthClient) async throws -> Int {
        var checked = 0
        let page = try await api.get("/people/\(actor.target.id.uuidString)", headers: [.cookie: actor.cookie])
        #expect(page.status == .notFound, "\(actor.name): /people/:id answered \(page.status)")
        #expect(!String(buffer: page.body).contains(actor.target.marker))
        if let skill = actor.target.ids["skill"] {
            let endorse = try await api.client.execute(uri: "/people/\(actor.target.id.uuidString)/skills/\(skill)/endorse", method: .post,
                                                       headers: [.cookie: actor.cookie, .contentType: "application/x-www-form-urlencoded"],
                                                       body: ByteBuffer(string: "csrf_token=\(actor.csrf)&level=3"))
            #expect(endorse.status == .notFound, "\(actor.name): endorsing from the web answered \(endorse.status)")
        }
        checked += 2
        for route in routes where route.method == .get {
            let path = route.path
            guard !path.hasPrefix("/api/"), !path.contains(":"), !["/sign-out", "/metrics"].contains(path) else { continue }
            let response = try await api.get(path, headers: [.cookie: actor.cookie])
            #expect(!String(buffer: response.body).contains(actor.target.marker), "\(actor.name): the page \(path) shows the member's data")
            checked += 1
        }
        return checked
    }
}

extension AccessMatrixTests {
    /// Any org admin anywhere could record a certificate for any member's skill: only the
    /// member, a platform admin or an admin of one of the member's organizations may.
    @Test func onlyTheMembersOwnAdminsRecordACertificate() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let root = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            let home = try #require(try await api.call(.post, "/api/v1/orgs", ["name": "Home", "slug": "home"], token: root).1["id"].string)
            let away = try #require(try await api.call(.post, "/api/v1/orgs", ["name": "Away", "slug": "away"], token: root).1["id"].string)
            let member = try await api.signUp("member@example.com").accessToken
            _ = try await api.signUp("home-admin@example.com")
            _ = try await api.signUp("away-admin@example.com")
            try await api.join("member@example.com", home, as: "member", invitedBy: root, in: platform)
            try await api.join("home-admin@example.com", home, as: "org_admin", invitedBy: root, in: platform)
            try await api.join("away-admin@example.com", away, as: "org_admin", invitedBy: root, in: platform)
            // The member shows their profile to their organization, so both admins could see a name.
            _ = try await api.call(.patch, "/api/v1/users/me/profile", ["visibility": "organization"], token: member)
            let skill = try #require(try await api.call(.post, "/api/v1/users/me/skills", ["name": "Welding", "level": 2], token: member).1["id"].string)
            let certificate: [String: Any] = ["user_skill_id": skill, "source": "certificate", "level": 5, "reference": "CERT-1"]
            let awayAdmin = try AuthClient.decode(TokenPair.self, try await api.login("away-admin@example.com")).accessToken
            let homeAdmin = try AuthClient.decode(TokenPair.self, try await api.login("home-admin@example.com")).accessToken
            #expect(try await api.call(.post, "/api/v1/skills/verify", certificate, token: awayAdmin).0 == .notFound)
            #expect(try await api.call(.post, "/api/v1/skills/verify", certificate, token: homeAdmin).0 == .created)
            #expect(try await api.call(.get, "/api/v1/users/me/skills/\(skill)", token: member).1["verification"].string == "certificate")
        }
    }
}
