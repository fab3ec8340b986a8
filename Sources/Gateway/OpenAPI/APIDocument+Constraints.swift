import Career
import Foundation
import Identity
import Insights
import Intelligence

/// What the handlers enforce beyond a value's type, stated in the document so that a client (and
/// schemathesis, which CI runs against it) knows exactly what is accepted: formats with an
/// asserting pattern (in OpenAPI 3.1 `format` alone is only an annotation), enumerations,
/// lengths and ranges, typed query and path parameters, and request bodies left open to members
/// they do not name (the handlers ignore those). Applied to the recorded document once, at start.
extension APIDocument {
    // MARK: Schemas of the rules the handlers apply

    /// Not blank (the validators trim, then need one character) and no NUL (which PostgreSQL text cannot hold).
    static let textPattern = "^[^\\u0000]*[^\\u0000\\s][^\\u0000]*$"
    static let uuidPattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    static let datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    /// Base64url of "o:" and 1–18 digits: exactly the cursors `PageCursor` gives out.
    static let cursorPattern: String = {
        let pair = "(?:M[DTjz]|N[DTjz]|O[DT])"
        return "^bzo[w-z0-5](?:\(pair)[AEIMQUYcgk][w-z0-5]){0,5}(?:\(pair)[AEIMQUYcgk]|M[AQgw]|N[AQgw]|O[AQ])?$"
    }()

    static func text(_ maximum: Int) -> JSONDocument {
        .object([("type", "string"), ("maxLength", .number(Double(maximum))), ("pattern", .string(textPattern))])
    }

    /// Text that may be empty (an empty value clears the field).
    static func optionalText(_ maximum: Int) -> JSONDocument {
        .object([("type", "string"), ("maxLength", .number(Double(maximum))), ("pattern", "^[^\\u0000]*$")])
    }

    static func range(_ lower: Int, _ upper: Int) -> JSONDocument {
        .object([("type", "integer"), ("minimum", .number(Double(lower))), ("maximum", .number(Double(upper)))])
    }

    static func oneOf(_ values: [String]) -> JSONDocument { .object([("type", "string"), ("enum", .array(values.map { .string($0) }))]) }
    static func oneOf<T: CaseIterable & RawRepresentable>(_: T.Type) -> JSONDocument where T.RawValue == String { oneOf(T.allCases.map(\.rawValue)) }

    static let date: JSONDocument = .object([("type", "string"), ("format", "date"), ("pattern", .string(datePattern))])
    static let uuid: JSONDocument = .object([("type", "string"), ("format", "uuid"), ("pattern", .string(uuidPattern))])
    static let position = range(0, 10_000)
    static let level = range(1, 5)
    static let currency: JSONDocument = .object([("type", "string"), ("pattern", "^[A-Za-z]{3}$")])
    static let salary = range(0, 100_000_000)
    /// What `AccountInput.email` takes: one @, a dot in the domain, no spaces, controls or separators.
    static let email: JSONDocument = {
        let part = "[^@\\s<>,\\u0000-\\u001F\\u007F-\\u009F"
        return .object([("type", "string"), ("maxLength", 254),
                        ("pattern", .string("^\\s*\(part)]+@\(part).]\(part)]*\\.\(part)]*\(part).]\\s*$"))])
    }()
    /// At least 10 characters, at most 72 bytes (bcrypt's limit): printable ASCII states both.
    static let password: JSONDocument = .object([("type", "string"), ("minLength", 10), ("maxLength", 72), ("pattern", "^[ -~]*$")])
    /// An http(s) URL as the handlers take it (the pattern is the rule; `format: uri` would admit
    /// more and less than it).
    static let url: JSONDocument = .object([("type", "string"), ("maxLength", 2_000), ("pattern", "^[Hh][Tt][Tt][Pp][Ss]?://[!-~]+$")])
    static let evidence: JSONDocument = .object([
        ("type", "array"), ("maxItems", 20),
        ("items", .object([
            ("type", "object"),
            // Either may be null (left out); a note of spaces is no note: an entry needs a URL or a
            // note with something in it.
            ("properties", .object([("url", JSONDocument.nullable(url)), ("note", JSONDocument.nullable(optionalText(2_000)))])),
            ("anyOf", .array([present("url", url), present("note", text(2_000))])),
        ])),
    ])

    /// A member that is there and not null, as `schema`.
    static func present(_ field: String, _ schema: JSONDocument) -> JSONDocument {
        .object([("required", .array([.string(field)])), ("properties", .object([(field, schema)]))])
    }

    /// `needed` must be there (not null) whenever one of `fields` is given a value: the handlers
    /// read null as left out, which `dependentRequired` would not.
    static func required(_ needed: String, with fields: [String]) -> JSONDocument {
        .object([("if", .object([("anyOf", .array(fields.map { present($0, .object([("type", "integer")])) }))])),
                 ("then", present(needed, .object([("type", "string")])))])
    }

    // MARK: Applying them

    static func constrain(_ document: inout JSONDocument) {
        constrainParameters(&document)
        constrainBodies(&document)
    }

    /// Path parameters are ids (`{user}` also `me`); query parameters get their types and ranges;
    /// `Idempotency-Key` its characters.
    static func constrainParameters(_ document: inout JSONDocument) {
        let limits: [String: (Int, Int)] = [
            "/api/v1/skills/catalog": (1, 50), "/api/v1/users/{user}/recommendations": (1, 50), "/api/v1/users/{user}/career-paths": (1, 20),
        ]
        let query: [String: JSONDocument] = [
            "cursor": .object([("type", "string"), ("pattern", .string(cursorPattern))]),
            "actor": uuid, "organization": uuid, "organization_id": uuid, "team": uuid, "from": date, "to": date,
            "format": oneOf(["json", "csv"]), "status": oneOf(["open", "closed", "all"]), "remote": .object([("type", "boolean")]),
            "q": .object([("type", "string"), ("maxLength", 200)]), "location": .object([("type", "string"), ("maxLength", 200)]),
            "occupation": .object([("type", "string"), ("maxLength", 500)]),
            "weeks": range(8, 156), "horizon": range(1, 26), "dry_run": .object([("type", "boolean")]), "target_role": text(200),
        ]
        document.each(in: "paths") { path, item in
            item.eachMember { _, operation in
                guard case .array(var parameters)? = operation["parameters"] else { return }
                for index in parameters.indices {
                    guard case .string(let name)? = parameters[index]["name"], case .string(let place)? = parameters[index]["in"] else { continue }
                    var schema: JSONDocument?
                    var required: Bool?
                    switch (place, name) {
                    case ("header", "Idempotency-Key"):
                        schema = .object([("type", "string"), ("minLength", 1), ("maxLength", 200), ("pattern", "^[!-~]+$")])
                    case ("path", "user"):
                        schema = .object([("type", "string"), ("pattern", .string("^(me|\(uuidPattern.dropFirst().dropLast()))$"))])
                    case ("path", _):
                        schema = uuid
                    case ("query", "limit"):
                        let (lower, upper) = limits[path] ?? (1, 100)
                        schema = range(lower, upper)
                    case ("query", "from") where path.hasSuffix("/career-paths"):
                        schema = text(200)
                    case ("query", "period"):
                        schema = path.hasSuffix("/engagement") ? oneOf(["day", "week", "month"]) : oneOf(["week", "month"])
                    case ("query", "q") where path == "/api/v1/skills/catalog":
                        schema = .object([("type", "string"), ("maxLength", 100), ("pattern", .string(textPattern))])
                        required = true
                    case ("query", "skill") where path == "/api/v1/market/skills/demand":
                        // An ESCO skill, a technology or a custom skill: the catalog's URIs.
                        schema = .object([("type", "string"), ("maxLength", 500), ("pattern", "^(https?://|urn:careerops:)")])
                        required = true
                    case ("query", _):
                        schema = query[name]
                    default:
                        break
                    }
                    if let schema { parameters[index]["schema"] = schema }
                    if let required { parameters[index]["required"] = .bool(required) }
                }
                operation["parameters"] = .array(parameters)
                // Reports answer CSV too.
                if path.hasPrefix("/api/v1/analytics/reports/") || path.hasSuffix("/progress") {
                    operation.update("responses", "200", "content") { $0["text/csv"] = .object([("schema", .object([("type", "string")]))]) }
                }
            }
        }
    }

    static func constrainBodies(_ document: inout JSONDocument) {
        // The handlers ignore members a body does not name: request bodies are open.
        document.each(in: "paths") { _, item in
            item.eachMember { _, operation in operation.update("requestBody", "content", "application/json", "schema") { $0.openObjects() } }
        }
        for name in ["ExperienceInput", "PlanInput", "PhaseInput", "ActionInput", "OpportunityInput", "LearningResourceInput"] {
            document.update("components", "schemas", name) { $0.openObjects() }
        }
        func body(_ method: String, _ path: String, _ change: (inout JSONDocument) -> Void) {
            document.update("paths", path, method, "requestBody", "content", "application/json", "schema", change: change)
        }
        func component(_ name: String, _ change: (inout JSONDocument) -> Void) {
            document.update("components", "schemas", name, change: change)
        }

        body("post", "/api/v1/auth/signup") {
            $0.setProperty("email", email)
            $0.setProperty("password", password)
            let line = "[^\\n\\u000B\\u000C\\r\\u0085\\u2028\\u2029\\u0000]"
            $0.setProperty("name", .object([("type", "string"), ("maxLength", 200), ("pattern", .string("^\(line)*[^\\s\\u0000\\u0085]\(line)*$"))]))
        }
        for path in ["/api/v1/auth/login", "/api/v1/auth/session"] { body("post", path) { $0.setProperty("email", email) } }
        body("post", "/api/v1/auth/password/forgot") { $0.setProperty("email", email) }
        body("post", "/api/v1/auth/password/reset") { $0.setProperty("password", password) }
        body("post", "/api/v1/auth/password/change") { $0.setProperty("new_password", password) }
        body("post", "/api/v1/me/tokens") {
            $0.setProperty("name", text(100))
            $0.setProperty("expires_in_days", range(1, AuthService.personalTokenMaximumDays))
            $0.setProperty("scopes", .object([("type", "array"), ("minItems", 1), ("items", oneOf(TokenScope.self))]))
        }
        body("post", "/api/v1/orgs") {
            $0.setProperty("name", text(200))
            $0.setProperty("slug", .object([("type", "string"), ("pattern", "^[A-Za-z0-9-]{2,60}$")]))
        }
        body("post", "/api/v1/orgs/{org}/members") {
            $0.setProperty("email", email)
            $0.setProperty("role", oneOf(OrganizationRole.self))
        }
        body("put", "/api/v1/orgs/{org}/members/{user}") { $0.setProperty("role", oneOf(OrganizationRole.self)) }
        body("post", "/api/v1/orgs/{org}/teams") { $0.setProperty("name", text(100)) }
        body("put", "/api/v1/admin/users/{id}/role") { $0.setProperty("platform_role", oneOf(PlatformRole.self)) }

        body("patch", "/api/v1/users/{user}/profile") {
            $0.setProperty("headline", optionalText(200))
            $0.setProperty("summary", optionalText(5_000))
            $0.setProperty("location", optionalText(200))
            $0.setProperty("visibility", oneOf(Visibility.self))
            $0.setProperty("time_zone", oneOf(Profile.timeZones))
            $0.update("properties", "preferences", "anyOf") { anyOf in
                guard case .array(var options) = anyOf, !options.isEmpty else { return }
                options[0]["required"] = .array([])
                for list in ["target_roles", "locations"] {
                    options[0].update("properties") { $0[list] = .object([("type", .array(["array", "null"])), ("maxItems", 20), ("items", text(200))]) }
                }
                options[0].setProperty("salary_min_yearly", salary)
                options[0].setProperty("salary_max_yearly", salary)
                options[0].setProperty("currency", currency)
                options[0]["allOf"] = [required("currency", with: ["salary_min_yearly", "salary_max_yearly"])]
                anyOf = .array(options)
            }
        }
        component("ExperienceInput") {
            $0.setProperty("title", text(200))
            $0.setProperty("employer", text(200))
            $0.setProperty("description", optionalText(5_000))
            $0.setProperty("started_on", date)
            $0.setProperty("ended_on", date)
        }
        body("post", "/api/v1/users/{user}/educations") {
            $0.setProperty("institution", text(200))
            for field in ["degree", "field_of_study"] { $0.setProperty(field, optionalText(200)) }
            $0.setProperty("started_on", date)
            $0.setProperty("ended_on", date)
        }
        for (method, path) in [("post", "/api/v1/users/{user}/skills"), ("patch", "/api/v1/users/{user}/skills/{id}")] {
            body(method, path) {
                $0.setProperty("level", level)
                $0.setProperty("years", range(0, 60))
                $0.setProperty("last_used_on", date)
                if method == "post" {
                    $0.setProperty("name", text(100))
                    // A catalog skill by its URI, or one the catalog lacks by its name.
                    $0["anyOf"] = [present("uri", .object([("type", "string")])), present("name", .object([("type", "string")]))]
                }
                $0.update("properties") { $0["evidence"] = JSONDocument.nullable(evidence) }
            }
        }
        body("post", "/api/v1/users/{user}/skill-proposals/confirm") {
            $0.setProperty("level", level)
            $0.setProperty("uris", .object([("type", "array"), ("minItems", 1), ("maxItems", .number(Double(SkillProposals.limit))),
                                            ("items", .object([("type", "string")]))]))
        }
        body("post", "/api/v1/users/{user}/skills/{id}/endorsements") {
            $0.setProperty("level", level)
            $0.setProperty("comment", optionalText(2_000))
        }
        body("post", "/api/v1/skills/verify") {
            $0.setProperty("level", level)
            $0.setProperty("source", oneOf(["certificate", "assessment", "coach"]))
            $0.setProperty("reference", text(500))
            $0.setProperty("comment", optionalText(2_000))
        }
        body("post", "/api/v1/users/{user}/goals") {
            $0.setProperty("title", text(200))
            $0.setProperty("kind", oneOf(Goal.Kind.self))
            $0.setProperty("due_on", date)
            $0.setProperty("target_level", level)
            $0.update("properties") {
                $0["milestones"] = JSONDocument.nullable(.object([
                    ("type", "array"), ("maxItems", 50),
                    ("items", .object([("type", "object"), ("required", .array(["title"])),
                                       ("properties", .object([("title", text(200)), ("due_on", JSONDocument.nullable(date)), ("position", JSONDocument.nullable(position))]))])),
                ]))
            }
        }
        // What each kind of goal needs (the kind, when left out, follows from the target named).
        body("post", "/api/v1/users/{user}/goals") {
            let role: JSONDocument = .object([("properties", .object([("kind", .object([("const", "role")]))])), ("required", ["kind"])])
            let skill: JSONDocument = .object([("properties", .object([("kind", .object([("const", "skill")]))])), ("required", ["kind"])])
            let impliedRole: JSONDocument = .object([
                ("properties", .object([("kind", .object([("type", "null")])), ("target_occupation_uri", .object([("type", "string")]))])),
                ("required", ["target_occupation_uri"]),
            ])
            let impliedSkill: JSONDocument = .object([
                ("properties", .object([("kind", .object([("type", "null")])), ("target_occupation_uri", .object([("type", "null")])),
                                        ("target_skill_uri", .object([("type", "string")]))])),
                ("required", ["target_skill_uri"]),
            ])
            $0["allOf"] = [
                .object([("if", .object([("anyOf", [role, impliedRole])])),
                         ("then", .object([("required", ["target_occupation_uri"]), ("properties", .object([("target_occupation_uri", .object([("type", "string")]))]))]))]),
                .object([("if", .object([("anyOf", [skill, impliedSkill])])),
                         ("then", .object([("required", ["target_skill_uri", "target_level"]),
                                           ("properties", .object([("target_skill_uri", .object([("type", "string")])), ("target_level", .object([("type", "integer")]))]))]))]),
            ]
        }
        body("patch", "/api/v1/users/{user}/goals/{id}") {
            $0.setProperty("title", text(200))
            $0.setProperty("due_on", date)
            $0.setProperty("status", oneOf(Goal.Status.self))
            $0.setProperty("target_level", level)
        }
        for (method, path) in [("post", "/api/v1/users/{user}/goals/{id}/milestones"), ("patch", "/api/v1/users/{user}/goals/{id}/milestones/{milestone}")] {
            body(method, path) {
                $0.setProperty("title", text(200))
                $0.setProperty("due_on", date)
                $0.setProperty("position", position)
            }
        }
        func action(_ schema: inout JSONDocument) {
            schema.setProperty("kind", oneOf(PlanAction.Kind.self))
            schema.setProperty("status", oneOf(PlanAction.Status.self))
            schema.setProperty("title", text(200))
            schema.setProperty("due_on", date)
            schema.setProperty("position", position)
        }
        func phase(_ schema: inout JSONDocument) {
            schema.setProperty("title", text(200))
            schema.setProperty("position", position)
            schema.update("properties", "actions") { $0["maxItems"] = 100 }
            schema.update("properties", "actions", "items", change: action)
            schema.update("properties", "actions", "anyOf") { anyOf in
                guard case .array(var options) = anyOf, !options.isEmpty else { return }
                options[0]["maxItems"] = 100
                options[0].update("items", change: action)
                anyOf = .array(options)
            }
        }
        component("ActionInput") { action(&$0) }
        component("PhaseInput") { phase(&$0) }
        component("PlanInput") {
            $0.setProperty("title", text(200))
            $0.update("properties", "phases", "items", change: phase)
            $0.update("properties", "phases") { $0["maxItems"] = 20 }
            $0.update("properties", "phases", "anyOf") { anyOf in
                guard case .array(var options) = anyOf, !options.isEmpty else { return }
                options[0]["maxItems"] = 20
                options[0].update("items", change: phase)
                anyOf = .array(options)
            }
        }
        body("patch", "/api/v1/users/{user}/plans/{id}") {
            $0.setProperty("title", text(200))
            $0.setProperty("status", oneOf(Plan.Status.self))
        }
        body("patch", "/api/v1/users/{user}/plans/{id}/phases/{phase}") {
            $0.setProperty("title", text(200))
            $0.setProperty("position", position)
        }
        body("patch", "/api/v1/users/{user}/plans/{id}/actions/{action}") {
            $0.setProperty("title", text(200))
            $0.setProperty("status", oneOf(PlanAction.Status.self))
            $0.setProperty("due_on", date)
            $0.setProperty("position", position)
        }
        component("OpportunityInput") {
            $0.setProperty("title", text(200))
            $0.setProperty("employer", text(200))
            $0.setProperty("description", text(50_000))
            $0.setProperty("location", optionalText(200))
            $0.setProperty("external_id", text(200))
            $0.setProperty("closes_on", date)
            $0.setProperty("salary_currency", currency)
            $0.setProperty("salary_min_yearly", salary)
            $0.setProperty("salary_max_yearly", salary)
            $0.setProperty("employment_type", oneOf(OpportunityService.employmentTypes.sorted()))
            $0["allOf"] = [required("salary_currency", with: ["salary_min_yearly", "salary_max_yearly"])]
            $0.update("properties", "skills", "items") { $0.setProperty("min_level", level) }
            $0.update("properties", "skills", "anyOf") { anyOf in
                guard case .array(var options) = anyOf, !options.isEmpty else { return }
                options[0].update("items") { $0.setProperty("min_level", level) }
                anyOf = .array(options)
            }
        }
        body("patch", "/api/v1/opportunities/{id}") { $0.setProperty("status", oneOf(Opportunity.Status.self)) }
        component("LearningResourceInput") {
            $0.setProperty("title", text(300))
            $0.setProperty("provider", text(200))
            $0.setProperty("url", url)
            $0.setProperty("format", oneOf(LearningResource.formats.sorted()))
            $0.setProperty("duration_minutes", range(1, 100_000))
            $0.setProperty("level", level)
        }
        body("put", "/api/v1/learning-resources/{id}/rating") { $0.setProperty("rating", level) }
        body("post", "/api/v1/jobs/analyze") {
            // No control characters but tab and line breaks (binary is not a posting).
            let plain = "[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]"
            $0.setProperty("text", .object([("type", "string"), ("maxLength", .number(Double(JobDescriptionAnalyzer.maximumLength))),
                                            ("pattern", .string("^\(plain)*[^\\s\\u0000-\\u0008\\u000E-\\u001F]\(plain)*$"))]))
        }
        // Every uuid says so by a pattern too (a format alone asserts nothing).
        document.assertFormats()
    }
}
