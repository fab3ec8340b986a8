import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// `/api/v1/orgs/*`: organizations, their members, roles and teams; and `/api/v1/me/shares`,
/// the coaches a member lets see their data.
public struct OrganizationsController<Context: EdgeContext>: Sendable {
    let organizations: OrganizationService

    public init(organizations: OrganizationService) { self.organizations = organizations }

    struct NewOrganization: Codable { let name: String; let slug: String }
    struct OrganizationView: ResponseEncodable { let id: UUID; let name: String; let slug: String }
    struct NewMember: Codable { let email: String; let role: String }
    struct RoleOnly: Codable { let role: String }
    struct NameOnly: Codable { let name: String }
    struct MemberView: Codable { let userId: UUID; let name: String; let role: String; let teams: [String] }
    struct TeamView: ResponseEncodable { let id: UUID; let name: String }
    struct Members: ResponseEncodable { let items: [MemberView] }
    struct Coaches: ResponseEncodable { let coachIds: [UUID] }
    /// An invitation as its admin and its invitee see it (never whether the address has an account).
    struct InvitationView: ResponseEncodable, Codable {
        let id: UUID
        let organizationId: UUID
        let organizationName: String
        let role: String
        let expiresAt: Date

        init(_ invitation: OrganizationInvitation) {
            id = invitation.id
            organizationId = invitation.organizationID
            organizationName = invitation.organizationName
            role = invitation.role.rawValue
            expiresAt = invitation.expiresAt
        }

        init(id: UUID, organizationId: UUID, organizationName: String, role: String, expiresAt: Date) {
            self.id = id
            self.organizationId = organizationId
            self.organizationName = organizationName
            self.role = role
            self.expiresAt = expiresAt
        }
    }

    struct Invitations: ResponseEncodable { let items: [InvitationView] }

    public func addRoutes(to api: RouterGroup<Context>) {
        api.post("orgs") { request, context -> EditedResponse<OrganizationView> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(NewOrganization.self, context: context)
            let organization = try await organizations.create(name: input.name, slug: input.slug, by: principal, origin: context.origin(request))
            return .init(status: .created, response: OrganizationView(id: organization.id, name: organization.name, slug: organization.slug))
        }
        api.get("orgs/:org/members") { request, context -> Members in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let page = try request.page()
            return Members(items: try await organizations.members(of: try pathID("org", context, what: "org"), by: principal, page: page).map {
                MemberView(userId: $0.userID, name: $0.name, role: $0.role.rawValue, teams: $0.teams)
            })
        }
        api.post("orgs/:org/members") { request, context -> EditedResponse<InvitationView> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(NewMember.self, context: context)
            let invitation = try await organizations.invite(email: input.email, role: try Self.role(input.role), to: try pathID("org", context, what: "org"),
                                                            by: principal, origin: context.origin(request))
            return .init(status: .accepted, response: InvitationView(invitation))
        }
        api.get("me/invitations") { _, context -> Invitations in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            return Invitations(items: try await organizations.invitations(of: principal).map(InvitationView.init))
        }
        api.post("me/invitations/:id/accept") { request, context -> InvitationView in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            return InvitationView(try await organizations.accept(try pathID("id", context, what: "invitation"), by: principal, origin: context.origin(request)))
        }
        api.post("me/invitations/:id/decline") { _, context -> HTTPResponse.Status in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            try await organizations.decline(try pathID("id", context, what: "invitation"), by: principal)
            return .noContent
        }
        api.put("orgs/:org/members/:user") { request, context -> HTTPResponse.Status in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(RoleOnly.self, context: context)
            try await organizations.setRole(try Self.role(input.role), of: try pathID("user", context, what: "user"), in: try pathID("org", context, what: "org"), by: principal, origin: context.origin(request))
            return .noContent
        }
        api.delete("orgs/:org/members/:user") { request, context -> HTTPResponse.Status in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            try await organizations.remove(try pathID("user", context, what: "user"), from: try pathID("org", context, what: "org"), by: principal, origin: context.origin(request))
            return .noContent
        }
        api.post("orgs/:org/teams") { request, context -> EditedResponse<TeamView> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(NameOnly.self, context: context)
            let team = try await organizations.createTeam(named: input.name, in: try pathID("org", context, what: "org"), by: principal)
            return .init(status: .created, response: TeamView(id: team.id, name: team.name))
        }
        api.put("orgs/:org/teams/:team/members/:user") { _, context -> HTTPResponse.Status in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            try await organizations.addToTeam(try pathID("user", context, what: "user"), team: try pathID("team", context, what: "team"), in: try pathID("org", context, what: "org"), by: principal)
            return .noContent
        }
        api.get("me/shares") { _, context -> Coaches in
            Coaches(coachIds: try await organizations.coaches(sharedWithBy: try AccessPolicy.requireSignedIn(context.principal)))
        }
        api.put("me/shares/:coach") { _, context -> HTTPResponse.Status in
            try await organizations.share(with: try pathID("coach", context, what: "coach"), by: try AccessPolicy.requireSignedIn(context.principal))
            return .noContent
        }
        api.delete("me/shares/:coach") { _, context -> HTTPResponse.Status in
            try await organizations.unshare(with: try pathID("coach", context, what: "coach"), by: try AccessPolicy.requireSignedIn(context.principal))
            return .noContent
        }
    }

    static func role(_ text: String) throws -> OrganizationRole {
        guard let role = OrganizationRole(rawValue: text) else { throw DomainError.invalid(field: "role", reason: "must be member, coach or org_admin") }
        return role
    }
}
