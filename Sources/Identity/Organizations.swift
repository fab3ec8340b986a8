import Core
import Foundation

/// An organization as its admins see it.
public struct OrganizationRecord: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let slug: String

    public init(id: UUID, name: String, slug: String) {
        self.id = id
        self.name = name
        self.slug = slug
    }
}

/// One member of an organization, with their role and teams.
public struct MemberRecord: Sendable, Equatable {
    public let userID: UUID
    public let name: String
    public let role: OrganizationRole
    public let teams: [String]

    public init(userID: UUID, name: String, role: OrganizationRole, teams: [String]) {
        self.userID = userID
        self.name = name
        self.role = role
        self.teams = teams
    }
}

public struct TeamRecord: Sendable, Equatable {
    public let id: UUID
    public let organizationID: UUID
    public let name: String

    public init(id: UUID, organizationID: UUID, name: String) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
    }
}

/// An offer of membership in an organization, made to an e-mail address.
public struct OrganizationInvitation: Sendable, Equatable {
    public let id: UUID
    public let organizationID: UUID
    public let organizationName: String
    public let role: OrganizationRole
    public let createdAt: Date
    public let expiresAt: Date

    public init(id: UUID, organizationID: UUID, organizationName: String, role: OrganizationRole, createdAt: Date, expiresAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.organizationName = organizationName
        self.role = role
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Organizations, memberships, teams and coach sharing; Storage implements it.
public protocol OrganizationStore: Sendable {
    func create(_ organization: OrganizationRecord, admin: UUID, at: Date) async throws
    func organization(id: UUID) async throws -> OrganizationRecord?
    func role(of userID: UUID, in organization: UUID) async throws -> OrganizationRole?
    /// Adds the member or changes their role.
    func setRole(_ role: OrganizationRole, of userID: UUID, in organization: UUID, at: Date) async throws
    func remove(_ userID: UUID, from organization: UUID) async throws -> Bool
    func members(of organization: UUID, limit: Int, offset: Int) async throws -> [MemberRecord]
    func createTeam(_ team: TeamRecord, at: Date) async throws
    func team(id: UUID) async throws -> TeamRecord?
    func addToTeam(_ userID: UUID, team: UUID, at: Date) async throws
    func share(_ member: UUID, with coach: UUID, at: Date) async throws
    func unshare(_ member: UUID, with coach: UUID) async throws -> Bool
    func coaches(sharedWithBy member: UUID) async throws -> [UUID]
    /// Each team of the organization with its members, and the organization's members.
    func groups(of organization: UUID) async throws -> (teams: [UUID: Set<UUID>], members: Set<UUID>)
    /// Stores an invitation for the address (sealed, found by its blind index).
    func invite(_ invitation: OrganizationInvitation, email: String, by inviter: UUID) async throws
    /// The unanswered, unexpired invitations to the address.
    func invitations(email: String, at: Date) async throws -> [OrganizationInvitation]
    /// Marks the invitation answered; false when it is not one of the address's open ones.
    func answer(_ id: UUID, email: String, at: Date) async throws -> OrganizationInvitation?
}

/// Managing organizations: platform admins create them; an organization's admins (and platform
/// admins) invite people, who join by accepting, and manage members' roles and teams; members
/// choose which coaches see their data.
/// Whoever may not manage an organization is told it does not exist.
public struct OrganizationService: Sendable {
    let store: any OrganizationStore
    let accounts: any AccountStore
    let audit: any AuditLog
    let mailer: any Mailer
    let deferred: DeferredWork
    let clock: any WallClock
    let ids: any IdentifierSource
    let publicURL: String

    public init(store: any OrganizationStore, accounts: any AccountStore, audit: any AuditLog, mailer: any Mailer, deferred: DeferredWork,
                clock: any WallClock, ids: any IdentifierSource = RandomIdentifiers(), publicURL: String) {
        self.store = store
        self.accounts = accounts
        self.audit = audit
        self.mailer = mailer
        self.deferred = deferred
        self.clock = clock
        self.ids = ids
        self.publicURL = publicURL
    }

    public func create(name rawName: String, slug rawSlug: String, by principal: Principal, origin: RequestOrigin) async throws -> OrganizationRecord {
        guard principal.isPlatformAdmin else { throw DomainError.notFound("resource") }
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count) else { throw DomainError.invalid(field: "name", reason: "must be 1 to 200 characters") }
        let slug = rawSlug.lowercased()
        guard (2...60).contains(slug.count), slug.allSatisfy({ ($0.isLetter && $0.isASCII) || $0.isNumber || $0 == "-" }) else {
            throw DomainError.invalid(field: "slug", reason: "must be 2 to 60 letters, digits or dashes")
        }
        let organization = OrganizationRecord(id: ids.next(), name: name, slug: slug)
        try await store.create(organization, admin: principal.userID, at: clock.now())
        return organization
    }

    /// The organization, if the caller may manage it.
    func managed(_ id: UUID, by principal: Principal) async throws -> OrganizationRecord {
        guard let organization = try await store.organization(id: id),
              principal.isPlatformAdmin || principal.role(in: id) == .orgAdmin
        else { throw DomainError.notFound("organization") }
        return organization
    }

    /// Whose figures an analytics report may show the caller: the organization asked for, if they
    /// manage it (404 otherwise); without one, the platform for a platform admin, or the first
    /// organization an org admin runs. Plain members read no reports.
    public func reportOrganization(_ requested: UUID?, by principal: Principal) async throws -> UUID? {
        if let requested { return try await managed(requested, by: principal).id }
        if principal.isPlatformAdmin { return nil }
        guard let own = principal.memberships.filter({ $0.role == .orgAdmin }).map(\.organizationID).min(by: { $0.uuidString < $1.uuidString }) else {
            throw DomainError.forbidden
        }
        return own
    }

    /// A team of an organization the caller manages (404 for any other).
    public func managedTeam(_ teamID: UUID, by principal: Principal) async throws -> TeamRecord {
        guard let team = try await store.team(id: teamID) else { throw DomainError.notFound("team") }
        do {
            _ = try await managed(team.organizationID, by: principal)
        } catch DomainError.notFound {
            throw DomainError.notFound("team")
        }
        return team
    }

    /// A team whose figures a report may show the caller: one of an organization they manage,
    /// and one that cannot be subtracted from another group to single people out. Figures about
    /// fewer than `k` members are withheld in every report, but two teams (or a team and its
    /// organization) differing by fewer than `k` members would give those members' figures by
    /// subtraction; such a team is refused, naming the field.
    public func reportableTeam(_ teamID: UUID, by principal: Principal, k: Int) async throws -> TeamRecord {
        let team = try await managedTeam(teamID, by: principal)
        let (teams, members) = try await store.groups(of: team.organizationID)
        let group = teams[team.id] ?? []
        let others = teams.filter { $0.key != team.id }.map(\.value) + [members]
        if others.contains(where: { let apart = $0.symmetricDifference(group).count; return apart > 0 && apart < k }) {
            throw DomainError.invalid(field: "team", reason: "differs from another team or the whole organization by fewer than \(k) members, so its figures would single people out")
        }
        return team
    }

    /// The people of the caller's organizations besides the caller, by name (at most `limit`
    /// from each organization). Who may see whose profile is the caller's policy to apply.
    public func colleagues(of principal: Principal, limit: Int = 200) async throws -> [MemberRecord] {
        var seen: Set<UUID> = [principal.userID], people: [MemberRecord] = []
        for grant in principal.memberships {
            for member in try await store.members(of: grant.organizationID, limit: limit, offset: 0) where seen.insert(member.userID).inserted {
                people.append(member)
            }
        }
        return people.sorted { ($0.name, $0.userID.uuidString) < ($1.name, $1.userID.uuidString) }
    }

    public func members(of id: UUID, by principal: Principal, page: PageRequest) async throws -> [MemberRecord] {
        _ = try await managed(id, by: principal)
        return try await store.members(of: id, limit: page.limit, offset: page.offset)
    }

    /// How long an invitation may be taken up.
    public static let invitationLifetime: TimeInterval = 14 * 86_400

    /// Offers the address a role in the organization. The answer is the same whether or not
    /// the address has an account (the admin learns nothing of it); whoever verifies the address
    /// takes it up, or not (`accept`). The address is told by mail.
    public func invite(email rawEmail: String, role: OrganizationRole, to id: UUID, by principal: Principal, origin: RequestOrigin) async throws -> OrganizationInvitation {
        let organization = try await managed(id, by: principal)
        guard principal.allows(.write) else { throw DomainError.forbidden }
        let email = try AccountInput.email(rawEmail)
        let now = clock.now()
        let invitation = OrganizationInvitation(id: ids.next(), organizationID: id, organizationName: organization.name, role: role, createdAt: now,
                                                expiresAt: now.addingTimeInterval(Self.invitationLifetime))
        try await store.invite(invitation, email: email, by: principal.userID)
        try await audit.record(AuditEntry(actorID: principal.userID, action: .roleChanged, targetType: "invitation", targetID: invitation.id,
                                          address: origin.address, requestID: origin.requestID,
                                          details: "organization \(id.uuidString.lowercased()): invited as \(role.rawValue)", at: now))
        let link = publicURL + "/settings#invitations"
        deferred.enqueue { [mailer] in
            try await mailer.send(Mail(to: email, subject: "You are invited to \(organization.name) on CareerOps", body: """
                You are invited to join \(organization.name) on CareerOps as \(role.rawValue.replacingOccurrences(of: "_", with: " ")).

                Sign in (or sign up) with this address, confirm it, and open \(link) to accept or decline.
                The invitation lasts 14 days. If you did not expect it, ignore this message.
                """))
        }
        return invitation
    }

    /// The open invitations to the caller's address, once they have verified it.
    public func invitations(of principal: Principal) async throws -> [OrganizationInvitation] {
        guard let email = try await verifiedEmail(of: principal) else { return [] }
        return try await store.invitations(email: email, at: clock.now())
    }

    /// Takes an invitation to the caller's verified address up: they join with its role.
    public func accept(_ invitationID: UUID, by principal: Principal, origin: RequestOrigin) async throws -> OrganizationInvitation {
        guard principal.allows(.write) else { throw DomainError.forbidden }
        guard let email = try await verifiedEmail(of: principal),
              let invitation = try await store.answer(invitationID, email: email, at: clock.now())
        else { throw DomainError.notFound("invitation") }
        let previous = try await store.role(of: principal.userID, in: invitation.organizationID)
        if previous == nil || previous == .member {
            try await store.setRole(invitation.role, of: principal.userID, in: invitation.organizationID, at: clock.now())
        }
        try await audit.record(AuditEntry(actorID: principal.userID, action: .roleChanged, targetType: "user", targetID: principal.userID,
                                          address: origin.address, requestID: origin.requestID,
                                          details: "organization \(invitation.organizationID.uuidString.lowercased()): invitation accepted", at: clock.now()))
        return invitation
    }

    public func decline(_ invitationID: UUID, by principal: Principal) async throws {
        guard let email = try await verifiedEmail(of: principal), try await store.answer(invitationID, email: email, at: clock.now()) != nil else {
            throw DomainError.notFound("invitation")
        }
    }

    private func verifiedEmail(of principal: Principal) async throws -> String? {
        guard let account = try await accounts.account(id: principal.userID), account.isEmailVerified else { return nil }
        return account.email
    }

    /// Changes the role of someone already a member (joining is by invitation), audited.
    public func setRole(_ role: OrganizationRole, of userID: UUID, in id: UUID, by principal: Principal, origin: RequestOrigin) async throws {
        _ = try await managed(id, by: principal)
        guard let previous = try await store.role(of: userID, in: id) else { throw DomainError.notFound("member") }
        guard previous != role else { return }
        let now = clock.now()
        try await store.setRole(role, of: userID, in: id, at: now)
        try await audit.record(AuditEntry(actorID: principal.userID, action: .roleChanged, targetType: "user", targetID: userID, address: origin.address,
                                          requestID: origin.requestID, details: "organization \(id.uuidString.lowercased()): \(previous.rawValue) -> \(role.rawValue)", at: now))
    }

    public func remove(_ userID: UUID, from id: UUID, by principal: Principal, origin: RequestOrigin) async throws {
        _ = try await managed(id, by: principal)
        guard try await store.remove(userID, from: id) else { throw DomainError.notFound("member") }
        try await audit.record(AuditEntry(actorID: principal.userID, action: .roleChanged, targetType: "user", targetID: userID, address: origin.address,
                                          requestID: origin.requestID, details: "organization \(id.uuidString.lowercased()): removed", at: clock.now()))
    }

    public func createTeam(named rawName: String, in id: UUID, by principal: Principal) async throws -> TeamRecord {
        _ = try await managed(id, by: principal)
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { throw DomainError.invalid(field: "name", reason: "must be 1 to 100 characters") }
        let team = TeamRecord(id: ids.next(), organizationID: id, name: name)
        try await store.createTeam(team, at: clock.now())
        return team
    }

    public func addToTeam(_ userID: UUID, team teamID: UUID, in id: UUID, by principal: Principal) async throws {
        _ = try await managed(id, by: principal)
        guard let team = try await store.team(id: teamID), team.organizationID == id else { throw DomainError.notFound("team") }
        guard try await store.role(of: userID, in: id) != nil else { throw DomainError.conflict("only members of the organization join its teams") }
        try await store.addToTeam(userID, team: teamID, at: clock.now())
    }

    /// A member shares their data with a coach of one of their organizations.
    public func share(with coach: UUID, by principal: Principal) async throws {
        let shared = principal.memberships.map(\.organizationID)
        var isCoach = false
        for organization in shared where try await store.role(of: coach, in: organization) == .coach {
            isCoach = true
        }
        guard isCoach, coach != principal.userID else { throw DomainError.notFound("coach") }
        try await store.share(principal.userID, with: coach, at: clock.now())
    }

    public func unshare(with coach: UUID, by principal: Principal) async throws {
        guard try await store.unshare(principal.userID, with: coach) else { throw DomainError.notFound("share") }
    }

    public func coaches(sharedWithBy principal: Principal) async throws -> [UUID] {
        try await store.coaches(sharedWithBy: principal.userID)
    }
}
