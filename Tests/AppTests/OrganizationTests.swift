@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Testing

/// Organizations, roles, teams and coach sharing over HTTP, with the access rules that keep each
/// organization's business its own.
@Suite struct OrganizationTests {
    struct Created: Decodable { let id: UUID }

    @Test func adminsRunTheirOrganizationAndOthersFindNothing() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let root = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            _ = try await api.signUp("lead@example.com", name: "Lee Lead")
            let member = try await api.signUp("member@example.com", name: "Mia Member").accessToken
            let outsider = try await api.signUp("outsider@example.com").accessToken

            #expect(try await api.post("/api/v1/orgs", ["name": "Acme", "slug": "acme"], headers: Self.bearer(member)).status == .notFound)
            let created = try await api.post("/api/v1/orgs", ["name": "Acme", "slug": "acme"], headers: Self.bearer(root))
            #expect(created.status == .created)
            let org = try AuthClient.decode(Created.self, created).id
            #expect(try await api.post("/api/v1/orgs", ["name": "Acme 2", "slug": "acme"], headers: Self.bearer(root)).status == .conflict)

            // The platform admin invites Lee as an org admin; Lee invites Mia as a member; each accepts.
            try await api.join("lead@example.com", org.uuidString, as: "org_admin", invitedBy: root, in: platform)
            let lead2 = try AuthClient.decode(TokenPair.self, try await api.login("lead@example.com")).accessToken
            try await api.join("member@example.com", org.uuidString, as: "member", invitedBy: lead2, in: platform)
            #expect(try await api.post("/api/v1/orgs/\(org)/members", ["email": "member@example.com", "role": "boss"], headers: Self.bearer(lead2)).status == .unprocessableContent)

            struct Members: Decodable { struct M: Decodable { let user_id: UUID; let name: String; let role: String; let teams: [String] }; let items: [M] }
            let list = try AuthClient.decode(Members.self, try await api.get("/api/v1/orgs/\(org)/members", token: lead2))
            #expect(Set(list.items.map(\.name)) == ["Lee Lead", "Mia Member", "Test Member"])
            // Neither a plain member nor an outsider learns the organization exists.
            #expect(try await api.get("/api/v1/orgs/\(org)/members", token: member).status == .notFound)
            #expect(try await api.get("/api/v1/orgs/\(org)/members", token: outsider).status == .notFound)
            #expect(try await api.get("/api/v1/orgs/\(UUID())/members", token: lead2).status == .notFound)

            // Teams: created by the org admin, holding members of the organization only.
            let team = try AuthClient.decode(Created.self, try await api.post("/api/v1/orgs/\(org)/teams", ["name": "Platform"], headers: Self.bearer(lead2))).id
            let mia = try await TestPlatform.userID("member@example.com", in: platform)
            let outsiderID = try await TestPlatform.userID("outsider@example.com", in: platform)
            #expect(try await api.client.execute(uri: "/api/v1/orgs/\(org)/teams/\(team)/members/\(mia)", method: .put, headers: Self.bearer(lead2)).status == .noContent)
            #expect(try await api.client.execute(uri: "/api/v1/orgs/\(org)/teams/\(team)/members/\(outsiderID)", method: .put, headers: Self.bearer(lead2)).status == .conflict)
            let withTeams = try AuthClient.decode(Members.self, try await api.get("/api/v1/orgs/\(org)/members", token: lead2))
            #expect(withTeams.items.first { $0.user_id == mia }?.teams == ["Platform"])

            // A role change is audited with who did it.
            let change = try await api.client.execute(uri: "/api/v1/orgs/\(org)/members/\(mia)", method: .put,
                                                      headers: Self.bearer(lead2).merging([.contentType: "application/json"]), body: AuthClient.json(["role": "coach"]))
            #expect(change.status == .noContent)
            let audit = try await platform.auth.auditEntries(actorID: nil, page: .init(limit: 100))
            #expect(audit.contains { $0.action == .roleChanged && $0.targetID == mia && ($0.details ?? "").hasSuffix("member -> coach") })
        }
    }

    @Test func aCoachSeesOnlyTheMembersWhoShareWithThem() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let root = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            let org = try AuthClient.decode(Created.self, try await api.post("/api/v1/orgs", ["name": "Team", "slug": "team"], headers: Self.bearer(root))).id
            _ = try await api.signUp("coach@example.com")
            _ = try await api.signUp("ana@example.com")
            _ = try await api.signUp("ben@example.com")
            for (email, role) in [("coach@example.com", "coach"), ("ana@example.com", "member"), ("ben@example.com", "member")] {
                try await api.join(email, org.uuidString, as: role, invitedBy: root, in: platform)
            }
            let coach = try AuthClient.decode(TokenPair.self, try await api.login("coach@example.com")).accessToken
            let ana = try AuthClient.decode(TokenPair.self, try await api.login("ana@example.com")).accessToken
            let coachID = try await TestPlatform.userID("coach@example.com", in: platform)
            let anaID = try await TestPlatform.userID("ana@example.com", in: platform)
            let benID = try await TestPlatform.userID("ben@example.com", in: platform)

            #expect(try await api.get("/api/v1/users/\(anaID)", token: coach).status == .notFound)
            #expect(try await api.client.execute(uri: "/api/v1/me/shares/\(coachID)", method: .put, headers: Self.bearer(ana)).status == .noContent)
            #expect(try await api.get("/api/v1/users/\(anaID)", token: coach).status == .ok)
            #expect(try await api.get("/api/v1/users/\(benID)", token: coach).status == .notFound)
            // Sharing with someone who is not a coach of a common organization is refused.
            #expect(try await api.client.execute(uri: "/api/v1/me/shares/\(benID)", method: .put, headers: Self.bearer(ana)).status == .notFound)
            #expect(try await api.client.execute(uri: "/api/v1/me/shares/\(coachID)", method: .delete, headers: Self.bearer(ana)).status == .noContent)
            #expect(try await api.get("/api/v1/users/\(anaID)", token: coach).status == .notFound)
        }
    }

    /// Membership is by invitation the invitee accepts: an admin learns nothing of an address
    /// (the answer is the same whether it has an account), nobody joins without accepting, only
    /// the owner of the verified address may accept, and a role is changed only for members.
    @Test func nobodyJoinsWithoutAcceptingAndAdminsLearnNothingOfAddresses() async throws {
        try await TestPlatform.withAuthApp { platform, api in
            _ = try await api.signUp("root@example.com")
            try await TestPlatform.makePlatformAdmin("root@example.com", in: platform)
            let root = try AuthClient.decode(TokenPair.self, try await api.login("root@example.com")).accessToken
            let org = try AuthClient.decode(Created.self, try await api.post("/api/v1/orgs", ["name": "Acme", "slug": "acme"], headers: Self.bearer(root))).id
            let target = try await api.signUp("target@example.com", name: "Tara Target").accessToken
            let squatter = try await api.signUp("other@example.com").accessToken
            let targetID = try await TestPlatform.userID("target@example.com", in: platform)

            let (existing, first) = try await api.call(.post, "/api/v1/orgs/\(org)/members", ["email": "target@example.com", "role": "member"], token: root)
            let (missing, second) = try await api.call(.post, "/api/v1/orgs/\(org)/members", ["email": "nobody@example.com", "role": "member"], token: root)
            #expect(existing == .accepted && missing == .accepted)
            if case .object(let a) = first, case .object(let b) = second { #expect(Set(a.keys) == Set(b.keys), "the answers have the same shape") }
            #expect(!first.description.contains(targetID.uuidString.lowercased()), "the answer does not name the account")
            // Not a member until accepted: the admin cannot read, list or re-role them.
            let members = try await api.call(.get, "/api/v1/orgs/\(org)/members", token: root).1["items"].array.compactMap { $0["user_id"].string?.lowercased() }
            #expect(!members.contains(targetID.uuidString.lowercased()))
            #expect(try await api.call(.put, "/api/v1/orgs/\(org)/members/\(targetID)", ["role": "coach"], token: root).0 == .notFound)

            // An unverified address sees no invitation; the owner of the verified one does.
            #expect(try await api.call(.get, "/api/v1/me/invitations", token: target).1["items"].array.isEmpty)
            try await platform.auth.accounts.markEmailVerified(targetID, at: Date())
            let invitations = try await api.call(.get, "/api/v1/me/invitations", token: target).1["items"].array
            #expect(invitations.count == 1 && invitations[0]["organization_name"].string == "Acme")
            let id = try #require(invitations[0]["id"].string)
            // The settings page shows it, with a form to accept.
            let session = try await api.post("/api/v1/auth/session", ["email": "target@example.com", "password": AuthClient.password])
            let cookie = try #require(session.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let page = String(buffer: try await api.get("/settings", headers: [.cookie: cookie]).body)
            #expect(page.contains("Acme invites you as member") && page.contains("/invitations/\(id.uppercased())/accept"), "\(page)")
            // Someone else cannot take it up, even with the id.
            try await platform.auth.accounts.markEmailVerified(try await TestPlatform.userID("other@example.com", in: platform), at: Date())
            #expect(try await api.call(.post, "/api/v1/me/invitations/\(id)/accept", token: squatter).0 == .notFound)
            #expect(try await api.call(.post, "/api/v1/me/invitations/\(id)/accept", token: target).0 == .ok)
            #expect(try await api.call(.post, "/api/v1/me/invitations/\(id)/accept", token: target).0 == .notFound, "answered once")
            let after = try await api.call(.get, "/api/v1/orgs/\(org)/members", token: root).1["items"].array.compactMap { $0["user_id"].string?.lowercased() }
            #expect(after.contains(targetID.uuidString.lowercased()))
            // A declined invitation joins nobody.
            _ = try await api.call(.post, "/api/v1/orgs/\(org)/members", ["email": "other@example.com", "role": "coach"], token: root)
            let offer = try #require(try await api.call(.get, "/api/v1/me/invitations", token: squatter).1["items"][0]["id"].string)
            #expect(try await api.call(.post, "/api/v1/me/invitations/\(offer)/decline", token: squatter).0 == .noContent)
            #expect(try await api.call(.get, "/api/v1/me", token: squatter).1["organizations"].array.isEmpty)
            // The invitee was told by mail.
            #expect(try await AuthTests.mail(platform, subject: "invited to Acme").to == "other@example.com")
        }
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var result = self
        for field in other { result[field.name] = field.value }
        return result
    }
}
