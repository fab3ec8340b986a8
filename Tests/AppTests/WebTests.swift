@testable import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Testing

/// The web pages through the router: sessions by cookie, forms with their CSRF token, errors
/// beside their fields, others' objects answering 404, and assets that browsers may keep.
@Suite struct WebTests {
    struct Browser {
        let client: any TestClientProtocol
        var cookie = ""

        func form(_ uri: String, _ fields: [String: String], origin: String? = nil) async throws -> TestResponse {
            let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&")
            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
            if let origin { headers[.origin] = origin }
            return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        }

        func page(_ uri: String) async throws -> TestResponse {
            try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
        }

        func csrf(on uri: String) async throws -> String {
            let html = String(buffer: try await page(uri).body)
            let marker = "name=\"csrf_token\" value=\""
            let start = try #require(html.range(of: marker)).upperBound
            return String(html[start...].prefix { $0 != "\"" })
        }

        mutating func signUp(_ email: String) async throws {
            let response = try await form("/sign-up", ["name": "Web Member", "email": email, "password": AuthClient.password])
            #expect(response.status == .seeOther && response.headers[.location] == "/onboarding?welcome=1")
            let setCookie = try #require(response.headers[.setCookie])
            cookie = String(setCookie.prefix { $0 != ";" })
        }
    }

    @Test func theAnalysePageShowsClaimsAndSuggestions() async throws {
        try await CareerTests.withCareerApp { _, api in
            var ada = Browser(client: api.client)
            try await ada.signUp("ada@example.com")
            let token = try await ada.csrf(on: "/analyse")
            let response = try await ada.form("/analyse", ["csrf_token": token, "text": "You will develop software prototypes for our clients."])
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(html.contains("“develop software prototypes”"), "the claimed skill with its words")
            #expect(html.contains("It may also be about: <span class=\"pill\">"), "what the sentence is about as a whole")
        }
    }

    @Test func theMemberConfirmsSkillsTheirOwnWordsPropose() async throws {
        try await CareerTests.withCareerApp { _, api in
            var ada = Browser(client: api.client)
            try await ada.signUp("ada@example.com")
            let token = try await ada.csrf(on: "/profile")
            let mine = try AuthClient.decode(TokenPair.self, try await api.login("ada@example.com")).accessToken
            _ = try await api.call(.patch, "/api/v1/users/me/profile", ["summary": "Data work in NumPy and Jupyter."], token: mine)
            var html = String(buffer: try await ada.page("/profile/proposals").body)
            #expect(html.contains("value=\"urn:careerops:technology:numpy\"") && html.contains("“NumPy” in your summary"), "\(html)")
            #expect(!String(buffer: try await ada.page("/profile").body).contains(">NumPy<"), "nothing added by looking")
            var response = try await ada.form("/profile/proposals", ["csrf_token": token, "uris[]": "urn:careerops:technology:scipy", "level": "3"])
            #expect(response.status == .unprocessableContent && String(buffer: response.body).contains("is not among your proposed skills"))
            response = try await ada.form("/profile/proposals", ["csrf_token": token, "uris[]": "urn:careerops:technology:numpy", "level": "3"])
            #expect(response.status == .seeOther && response.headers[.location] == "/profile?confirmed=1")
            html = String(buffer: try await ada.page("/profile?confirmed=1").body)
            #expect(html.contains("Added 1 skills from your own words.") && html.contains("From your summary: “NumPy”"))
        }
    }

    @Test func membersSignUpKeepSkillsAndGoalsAndOthersFindNothing() async throws {
        try await CareerTests.withCareerApp { platform, api in
            var ada = Browser(client: api.client)
            #expect(try await ada.page("/dashboard").headers[.location] == "/sign-in?next=%2Fdashboard", "no session: sign in first")

            // A rejected field is named beside its input, and what was typed stays.
            var response = try await ada.form("/sign-up", ["name": "Ada", "email": "ada@example.com", "password": "short"])
            #expect(response.status == .unprocessableContent)
            var html = String(buffer: response.body)
            #expect(html.contains("aria-invalid=\"true\" aria-describedby=\"password-error\"") && html.contains("value=\"ada@example.com\""))
            #expect(try await ada.form("/sign-up", ["name": "Ada", "email": "ada@example.com", "password": AuthClient.password],
                                       origin: "https://elsewhere.example").status == .forbidden, "a form posted from another site")
            try await ada.signUp("ada@example.com")

            // Forms need the session's token.
            #expect(try await ada.form("/goals", ["title": "Lead a team"]).status == .forbidden)
            let token = try await ada.csrf(on: "/goals")
            response = try await ada.form("/goals", ["csrf_token": token, "title": "", "due_on": "soon"])
            #expect(response.status == .unprocessableContent)
            html = String(buffer: response.body)
            #expect(html.contains("id=\"goal-due-error\"") && html.contains("is not a date"))
            response = try await ada.form("/goals", ["csrf_token": token, "title": "Lead a team", "target_role": "software developer"])
            #expect(response.status == .seeOther)
            html = String(buffer: try await ada.page("/goals").body)
            #expect(html.contains("Lead a team"))
            let goalID = try #require(html.range(of: "action=\"/goals/").map { String(html[$0.upperBound...].prefix(36)) })
            #expect(try await ada.form("/goals/\(goalID)/milestones", ["csrf_token": token, "title": "Read the book"]).status == .seeOther)
            html = String(buffer: try await ada.page("/goals").body)
            let done = try #require(html.range(of: "action=\"/goals/\(goalID)/milestones/").map { "/goals/\(goalID)/milestones/" + html[$0.upperBound...].prefix(36) + "/done" })
            #expect(try await ada.form(done, ["csrf_token": token]).status == .seeOther)
            #expect(String(buffer: try await ada.page("/goals").body).contains("<span class=\"pill done\">done</span> Read the book"))
            #expect(try await ada.form("/goals/\(goalID)/status", ["csrf_token": token, "status": "finished"]).status == .unprocessableContent)
            response = try await ada.form("/profile/skills", ["csrf_token": token, "name": "develop software prototype", "level": "3"])
            #expect(response.status == .seeOther)
            html = String(buffer: try await ada.page("/profile").body)
            #expect(html.contains("develop software prototype"))
            let skillID = try #require(html.range(of: "action=\"/profile/skills/").map { String(html[$0.upperBound...].prefix(36)) })

            // A JSON Resume is shown before it is saved, then saved once.
            let resume = #"{"basics": {"label": "Engineer"}, "work": [{"name": "Acme", "position": "Developer", "startDate": "2020-01-01"}], "skills": [{"name": "develop software prototype"}, {"name": "Knitting"}]}"#
            response = try await ada.form("/onboarding/json-resume", ["csrf_token": token, "resume": resume, "apply": "0"])
            html = String(buffer: response.body)
            #expect(response.status == .ok && html.contains("Check what will be imported") && html.contains("Developer, Acme") && html.contains("Knitting"))
            #expect(html.contains("left out, as already in your profile: 1"), "the skill added before is not added twice")
            response = try await ada.form("/onboarding/json-resume", ["csrf_token": token, "resume": resume, "apply": "1"])
            #expect(response.headers[.location] == "/profile?imported=2")
            response = try await ada.form("/onboarding/json-resume", ["csrf_token": token, "resume": "{not json", "apply": "0"])
            #expect(response.status == .unprocessableContent && String(buffer: response.body).contains("id=\"resume-error\""))

            // Another member changing Ada's skill finds nothing.
            var eve = Browser(client: api.client)
            try await eve.signUp("eve@example.com")
            response = try await eve.form("/profile/skills/\(skillID)", ["csrf_token": try await eve.csrf(on: "/goals"), "level": "1"])
            #expect(response.status == .notFound)
            #expect(String(buffer: try await ada.page("/profile").body).contains("<option value=\"3\" selected>"))
            #expect(try await eve.page("/admin/analytics").status == .forbidden)
            let adaID = try await TestPlatform.userID("ada@example.com", in: platform)
            #expect(try await eve.page("/people/\(adaID)").status == .notFound, "no shared organization: Ada's page is not there for Eve")
            #expect(try await eve.form("/people/\(adaID)/skills/\(skillID)/endorse", ["csrf_token": try await eve.csrf(on: "/goals"), "level": "5"]).status == .notFound)
            #expect(try await ada.page("/people/\(adaID)").status == .notFound, "one's own page is the profile")

            // The dashboard and every member page render; the assets are fingerprinted and kept.
            for path in ["/dashboard", "/onboarding", "/profile", "/goals", "/plan", "/opportunities", "/learning", "/paths", "/analyse", "/settings"] {
                response = try await ada.page(path)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'self'") == true)
            }
            html = String(buffer: try await ada.page("/dashboard").body)
            let css = try #require(html.range(of: "href=\"/static/app.").map { "/static/app." + html[$0.upperBound...].prefix { $0 != "\"" } })
            response = try await ada.page(css)
            #expect(response.status == .ok && response.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(try await ada.page("/static/app.0000000000.css").status == .notFound)

            // Signing out ends the session.
            #expect(try await ada.form("/sign-out", ["csrf_token": token]).status == .seeOther)
            #expect(try await ada.page("/dashboard").status == .seeOther)
        }
    }
}
