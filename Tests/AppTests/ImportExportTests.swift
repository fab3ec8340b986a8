@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import SQLKit
@testable import Storage
import Testing

/// Bringing a résumé in (JSON Resume, LinkedIn's export), taking everything out, and leaving.
@Suite struct ImportExportTests {
    static var resume: [String: Any] { [
        "basics": ["name": "Ada Lovelace", "label": "Engineer", "summary": "Writes programs.", "location": ["city": "London", "countryCode": "GB"]],
        "work": [
            ["name": "Analytical Engines", "position": "Software Developer", "startDate": "2019-04", "endDate": "2021-06-30", "highlights": ["Wrote the first program"]],
            ["name": "Babbage & Co", "position": "Intern", "startDate": "2018"],
        ],
        "education": [["institution": "University of London", "studyType": "BSc", "area": "Mathematics", "startDate": "2014-09-01", "endDate": "2017-06-30"]],
        "skills": [["name": "Develop software mockup", "level": "Advanced"], ["name": "Difference engines", "level": "Master"]],
    ] }

    static func post(_ api: AuthClient, _ uri: String, _ body: Data, token: String) async throws -> (HTTPResponse.Status, JSONValue) {
        let response = try await api.client.execute(uri: uri, method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(data: body))
        return (response.status, try JSONValue(Data(buffer: response.body)))
    }

    @Test func aJSONResumeIsPreviewedThenImportedOnce() async throws {
        try await CareerTests.withCareerApp { _, api in
            let token = try await api.signUp("ada@example.com").accessToken
            let data = try JSONSerialization.data(withJSONObject: Self.resume)
            var (status, body) = try await Self.post(api, "/api/v1/users/me/imports/json-resume?dry_run=true", data, token: token)
            #expect(status == .ok)
            #expect(body["saved"].bool == false)
            #expect(body["experiences"].array.count == 2 && body["educations"].array.count == 1)
            #expect(body["skills"][0]["uri"].string == Fixture.prototypeSkill, "an alternative label finds the catalog skill")
            #expect(body["skills"][1]["is_custom"].bool == true)
            #expect(try await api.call(.get, "/api/v1/users/me/profile", token: token).1["experiences"].array.isEmpty, "a preview saves nothing")

            (status, body) = try await Self.post(api, "/api/v1/users/me/imports/json-resume", data, token: token)
            #expect(body["saved"].bool == true)
            let profile = try await api.call(.get, "/api/v1/users/me/profile", token: token).1
            #expect(profile["headline"].string == "Engineer")
            #expect(profile["location"].string == "London, GB")
            #expect(profile["experiences"].array.count == 2)
            #expect(profile["experiences"][0]["occupation"]["uri"].string == Fixture.softwareDeveloper)
            #expect(profile["experiences"][0]["description"].string?.contains("Wrote the first program") == true)
            let skills = try await api.call(.get, "/api/v1/users/me/skills", token: token).1["items"].array
            #expect(Set(skills.compactMap { $0["level"].int }) == [4, 5])

            // Again: everything is already there.
            (status, body) = try await Self.post(api, "/api/v1/users/me/imports/json-resume?dry_run=true", data, token: token)
            #expect(body["experiences"].array.isEmpty && body["skills"].array.isEmpty)
            #expect(body["already_there"].int == 5)
        }
    }

    @Test func aBrokenFileIsAnErrorAndChangesNothing() async throws {
        try await CareerTests.withCareerApp { _, api in
            let token = try await api.signUp("ada@example.com").accessToken
            for (file, field) in [("{", "file"), ("{}", "file"), ("[1,2]", "file"), ("", "file"),
                                  (#"{"work":[{"name":"X","position":"Y"}]}"#, "work[0].startDate"),
                                  (#"{"work":[{"name":"X","position":"Y","startDate":"last spring"}]}"#, "work[0].startDate"),
                                  (#"{"skills":"many"}"#, "skills")] {
                let (status, body) = try await Self.post(api, "/api/v1/users/me/imports/json-resume", Data(file.utf8), token: token)
                #expect(status == .unprocessableContent, "\(file)")
                #expect(body["errors"][field].string != nil, "\(file): \(body)")
            }
            let profile = try await api.call(.get, "/api/v1/users/me/profile", token: token).1
            #expect(profile["experiences"].array.isEmpty && profile["headline"].isNull)

            for zip in [Data("not a zip".utf8), try Self.zip(["Profile.csv": "First Name,Last Name\nAda,Lovelace\n"]).prefix(40),
                        try Self.zip(["notes.txt": "hello"])] {
                let (status, body) = try await Self.post(api, "/api/v1/users/me/imports/linkedin", Data(zip), token: token)
                #expect(status == .unprocessableContent)
                #expect(body["errors"]["file"].string != nil)
            }
        }
    }

    @Test func aLinkedInExportIsImported() async throws {
        try await CareerTests.withCareerApp { _, api in
            let token = try await api.signUp("ada@example.com").accessToken
            let zip = try Self.zip([
                "Profile.csv": "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location\nAda,Lovelace,,,,\"Engineer, mathematician\",\"Loves engines\",,,\"London, United Kingdom\"\n",
                "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On\nAnalytical Engines,Software Developer,\"Wrote programs,\nmany\",London,Apr 2019,Jun 2021\nBabbage & Co,Intern,,London,2018,\n",
                "Education.csv": "School Name,Start Date,End Date,Notes,Degree Name,Activities\nUniversity of London,2014,2017,,BSc,\n",
                "Skills.csv": "Name\ndevelop software prototype\nDifference engines\n",
            ])
            let (status, body) = try await Self.post(api, "/api/v1/users/me/imports/linkedin", zip, token: token)
            #expect(status == .ok, "\(body)")
            #expect(body["saved"].bool == true)
            let profile = try await api.call(.get, "/api/v1/users/me/profile", token: token).1
            #expect(profile["headline"].string == "Engineer, mathematician")
            #expect(profile["experiences"].array.compactMap { $0["started_on"].string } == ["2019-04-01", "2018-01-01"])
            #expect(profile["educations"][0]["degree"].string == "BSc")
            #expect(try await api.call(.get, "/api/v1/users/me/skills", token: token).1["items"].array.count == 2)
        }
    }

    @Test func membersExportEverythingAndDeleteTheirAccount() async throws {
        try await CareerTests.withCareerApp { platform, api in
            let token = try await api.signUp("ada@example.com", name: "Ada Lovelace").accessToken
            _ = try await Self.post(api, "/api/v1/users/me/imports/json-resume", try JSONSerialization.data(withJSONObject: Self.resume), token: token)
            _ = try await api.call(.post, "/api/v1/users/me/goals", ["title": "Ship it", "milestones": [["title": "Start"]]], token: token)

            // The JSON Resume export reads back in as the same profile.
            let resume = try await api.raw(.get, "/api/v1/users/me/export/json-resume", token: token)
            #expect(resume.headers[.contentDisposition]?.contains("attachment") == true)
            let other = try await api.signUp("grace@example.com").accessToken
            let (_, preview) = try await Self.post(api, "/api/v1/users/me/imports/json-resume?dry_run=true", Data(buffer: resume.body), token: other)
            #expect(preview["experiences"].array.count == 2 && preview["skills"].array.count == 2 && preview["educations"].array.count == 1, "\(preview)")

            let export = try JSONValue(Data(buffer: try await api.raw(.get, "/api/v1/users/me/export", token: token).body))
            #expect(export["account"]["email"].string == "ada@example.com")
            #expect(export["skills"].array.count == 2 && export["skills"][0]["history"].array.count == 1)
            #expect(export["goals"][0]["milestones"][0]["title"].string == "Start")
            #expect(export["sessions"].array.count == 1)
            // Only the member exports their data.
            let adaID = try await TestPlatform.userID("ada@example.com", in: platform)
            #expect(try await api.call(.get, "/api/v1/users/\(adaID)/export", token: other).0 == .notFound)

            #expect(try await api.call(.delete, "/api/v1/users/me", ["confirm_email": "someone@example.com"], token: token).1["errors"]["confirm_email"].string != nil)
            // A profile vector (computed for matching), mail to the address, audit entries about her.
            _ = try await api.call(.get, "/api/v1/opportunities/match", token: token)
            _ = try await api.post("/api/v1/auth/password/forgot", ["email": "ada@example.com"])
            _ = try await AuthTests.mail(platform, subject: "Reset")
            struct N: Decodable { let n: Int }
            func count(_ query: SQLQueryString) async throws -> Int { try await platform.persistence.sql.raw(query).first(decoding: N.self)?.n ?? -1 }
            #expect(try await count("SELECT COUNT(*) AS n FROM embeddings WHERE owner_type = 'profile' AND owner_id = \(bind: adaID)") == 1)
            #expect(try await platform.outbox.recent().contains { $0.to == "ada@example.com" })
            #expect(try await count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = \(bind: adaID) OR actor_id = \(bind: adaID)") > 0)
            let deleted = try await api.call(.delete, "/api/v1/users/me", ["confirm_email": "Ada@Example.com"], token: token)
            #expect(deleted.0 == .noContent, "\(deleted.1)")
            #expect(try await api.login("ada@example.com").status == .unauthorized)
            #expect(try await api.call(.get, "/api/v1/users/me/profile", token: token).0 == .unauthorized)
            #expect(try await count("SELECT COUNT(*) AS n FROM embeddings WHERE owner_type = 'profile' AND owner_id = \(bind: adaID)") == 0)
            #expect(try await !platform.outbox.recent().contains { $0.to == "ada@example.com" })
            #expect(try await count("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = \(bind: adaID) OR actor_id = \(bind: adaID)") == 0)
            for table in ["users", "user_skills", "work_experiences", "career_goals", "sessions"] {
                let count = try await platform.persistence.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE \(ident: table == "users" ? "id" : "user_id") = \(bind: adaID)")
                    .first(decoding: N.self)?.n
                #expect(count == 0, "\(table)")
            }
        }
    }

    /// A deflated ZIP archive, written by Python's zipfile as real exports are.
    static func zip(_ files: [String: String]) throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, content) in files { try content.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let archive = directory.appendingPathComponent("export.zip")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sys, zipfile, os
            with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
                for name in sys.argv[2:]: z.write(os.path.join(os.path.dirname(sys.argv[1]), name), 'Basic_LinkedInDataExport/' + name)
            """, archive.path] + files.keys.sorted()
        try process.run()
        process.waitUntilExit()
        return try Data(contentsOf: archive)
    }
}
