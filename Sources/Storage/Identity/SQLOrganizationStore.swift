import Core
import FluentKit
import Foundation
import Identity
import SQLKit

/// Organizations, memberships, teams and coach sharing, in SQL.
public struct SQLOrganizationStore: OrganizationStore {
    let persistence: Persistence
    let cipher: FieldCipher

    public init(persistence: Persistence, cipher: FieldCipher) {
        self.persistence = persistence
        self.cipher = cipher
    }

    public func create(_ organization: OrganizationRecord, admin: UUID, at now: Date) async throws {
        let sql = persistence.sql
        if try await sql.select().column("id").from("organizations").where("slug", .equal, organization.slug).first() != nil {
            throw DomainError.conflict("an organization with this slug exists")
        }
        try await persistence.transaction { sql in
            try await sql.insert(into: "organizations").columns("id", "name", "slug", "is_demo", "created_at", "updated_at")
                .values(SQLBind(organization.id), SQLBind(organization.name), SQLBind(organization.slug), SQLBind(false), SQLBind(now), SQLBind(now))
                .run()
            try await sql.insert(into: "memberships").columns("id", "user_id", "organization_id", "role", "created_at", "updated_at")
                .values(SQLBind(UUID()), SQLBind(admin), SQLBind(organization.id), SQLBind(OrganizationRole.orgAdmin.rawValue), SQLBind(now), SQLBind(now))
                .run()
        }
    }

    public func organization(id: UUID) async throws -> OrganizationRecord? {
        struct Row: Decodable { let id: UUID; let name: String; let slug: String }
        return try await persistence.sql.select().columns("id", "name", "slug").from("organizations").where("id", .equal, id)
            .first(decoding: Row.self).map { OrganizationRecord(id: $0.id, name: $0.name, slug: $0.slug) }
    }

    public func role(of userID: UUID, in organization: UUID) async throws -> OrganizationRole? {
        struct Row: Decodable { let role: String }
        return try await persistence.sql.select().column("role").from("memberships")
            .where("user_id", .equal, userID).where("organization_id", .equal, organization)
            .first(decoding: Row.self).flatMap { OrganizationRole(rawValue: $0.role) }
    }

    public func setRole(_ role: OrganizationRole, of userID: UUID, in organization: UUID, at now: Date) async throws {
        try await persistence.sql.insert(into: "memberships").columns("id", "user_id", "organization_id", "role", "created_at", "updated_at")
            .values(SQLBind(UUID()), SQLBind(userID), SQLBind(organization), SQLBind(role.rawValue), SQLBind(now), SQLBind(now))
            .onConflict(with: ["user_id", "organization_id"]) { $0.set(excludedValueOf: "role").set(excludedValueOf: "updated_at") }
            .run()
        try await pruneShares(of: userID)
    }

    /// Removes the member with their teams there; shares their role granted go with it.
    public func remove(_ userID: UUID, from organization: UUID) async throws -> Bool {
        let removed = try await !persistence.sql.raw("""
            DELETE FROM memberships WHERE user_id = \(bind: userID) AND organization_id = \(bind: organization) RETURNING id
            """).all().isEmpty
        try await persistence.sql.raw("""
            DELETE FROM team_members WHERE user_id = \(bind: userID) AND team_id IN (SELECT id FROM teams WHERE organization_id = \(bind: organization))
            """).run()
        try await pruneShares(of: userID)
        return removed
    }

    /// Drops the shares to or from `userID` that no organization supports any more: a share
    /// lasts while its coach is a coach of an organization its member belongs to.
    private func pruneShares(of userID: UUID) async throws {
        try await persistence.sql.raw("""
            DELETE FROM coach_shares WHERE (coach_id = \(bind: userID) OR member_id = \(bind: userID)) AND NOT EXISTS (\(unsafeRaw: Self.activeShare))
            """).run()
    }

    /// Whether the share in `coach_shares` is held up by a common organization where its coach coaches.
    static let activeShare = """
        SELECT 1 FROM memberships c JOIN memberships m ON m.organization_id = c.organization_id
        WHERE c.user_id = coach_shares.coach_id AND c.role = 'coach' AND m.user_id = coach_shares.member_id
        """

    public func members(of organization: UUID, limit: Int, offset: Int) async throws -> [MemberRecord] {
        struct Row: Decodable { let user_id: UUID; let name_sealed: String; let role: String }
        struct TeamRow: Decodable { let user_id: UUID; let name: String }
        let rows = try await persistence.sql.raw("""
            SELECT m.user_id, u.name_sealed, m.role FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.organization_id = \(bind: organization) ORDER BY m.created_at, m.user_id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all(decoding: Row.self)
        let teams = try await persistence.sql.raw("""
            SELECT tm.user_id, t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id
            WHERE t.organization_id = \(bind: organization) ORDER BY t.name
            """).all(decoding: TeamRow.self)
        let teamsByUser = Dictionary(grouping: teams, by: \.user_id)
        return try rows.map {
            MemberRecord(userID: $0.user_id, name: try cipher.open($0.name_sealed), role: OrganizationRole(rawValue: $0.role) ?? .member,
                         teams: teamsByUser[$0.user_id]?.map(\.name) ?? [])
        }
    }

    public func createTeam(_ team: TeamRecord, at now: Date) async throws {
        let sql = persistence.sql
        if try await sql.select().column("id").from("teams").where("organization_id", .equal, team.organizationID).where("name", .equal, team.name).first() != nil {
            throw DomainError.conflict("a team with this name exists")
        }
        try await sql.insert(into: "teams").columns("id", "organization_id", "name", "created_at", "updated_at")
            .values(SQLBind(team.id), SQLBind(team.organizationID), SQLBind(team.name), SQLBind(now), SQLBind(now)).run()
    }

    public func team(id: UUID) async throws -> TeamRecord? {
        struct Row: Decodable { let id: UUID; let organization_id: UUID; let name: String }
        return try await persistence.sql.select().columns("id", "organization_id", "name").from("teams").where("id", .equal, id)
            .first(decoding: Row.self).map { TeamRecord(id: $0.id, organizationID: $0.organization_id, name: $0.name) }
    }

    public func addToTeam(_ userID: UUID, team: UUID, at now: Date) async throws {
        try await persistence.sql.insert(into: "team_members").columns("id", "team_id", "user_id", "created_at")
            .values(SQLBind(UUID()), SQLBind(team), SQLBind(userID), SQLBind(now))
            .ignoringConflicts(with: ["team_id", "user_id"]).run()
    }

    public func share(_ member: UUID, with coach: UUID, at now: Date) async throws {
        try await persistence.sql.insert(into: "coach_shares").columns("id", "member_id", "coach_id", "created_at")
            .values(SQLBind(UUID()), SQLBind(member), SQLBind(coach), SQLBind(now))
            .ignoringConflicts(with: ["member_id", "coach_id"]).run()
    }

    public func unshare(_ member: UUID, with coach: UUID) async throws -> Bool {
        try await !persistence.sql.raw("""
            DELETE FROM coach_shares WHERE member_id = \(bind: member) AND coach_id = \(bind: coach) RETURNING id
            """).all().isEmpty
    }

    public func coaches(sharedWithBy member: UUID) async throws -> [UUID] {
        struct Row: Decodable { let coach_id: UUID }
        return try await persistence.sql.select().column("coach_id").from("coach_shares").where("member_id", .equal, member)
            .orderBy("created_at").all(decoding: Row.self).map(\.coach_id)
    }

    public func groups(of organization: UUID) async throws -> (teams: [UUID: Set<UUID>], members: Set<UUID>) {
        struct TeamRow: Decodable { let team_id: UUID; let user_id: UUID }
        struct MemberRow: Decodable { let user_id: UUID }
        let rows = try await persistence.sql.raw("""
            SELECT tm.team_id, tm.user_id FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE t.organization_id = \(bind: organization)
            """).all(decoding: TeamRow.self)
        var teams = Dictionary(grouping: rows, by: \.team_id).mapValues { Set($0.map(\.user_id)) }
        struct IDRow: Decodable { let id: UUID }
        for row in try await persistence.sql.select().column("id").from("teams").where("organization_id", .equal, organization)
            .all(decoding: IDRow.self) where teams[row.id] == nil { teams[row.id] = [] }
        let members = try await persistence.sql.select().column("user_id").from("memberships").where("organization_id", .equal, organization)
            .all(decoding: MemberRow.self)
        return (teams, Set(members.map(\.user_id)))
    }

    // MARK: Invitations

    struct InvitationRow: Decodable {
        let id: UUID
        let organization_id: UUID
        let name: String
        let role: String
        let created_at: Date
        let expires_at: Date

        var invitation: OrganizationInvitation {
            OrganizationInvitation(id: id, organizationID: organization_id, organizationName: name, role: OrganizationRole(rawValue: role) ?? .member,
                                   createdAt: created_at, expiresAt: expires_at)
        }
    }

    private func index(_ email: String) -> String { cipher.blindIndex(NewAccount.normalize(email: email)) }

    public func invite(_ invitation: OrganizationInvitation, email: String, by inviter: UUID) async throws {
        try await persistence.sql.insert(into: "organization_invitations")
            .columns("id", "organization_id", "email_index", "email_sealed", "role", "invited_by", "created_at", "expires_at")
            .values(SQLBind(invitation.id), SQLBind(invitation.organizationID), SQLBind(index(email)), SQLBind(try cipher.seal(email)),
                    SQLBind(invitation.role.rawValue), SQLBind(inviter), SQLBind(invitation.createdAt), SQLBind(invitation.expiresAt))
            .run()
    }

    public func invitations(email: String, at now: Date) async throws -> [OrganizationInvitation] {
        try await persistence.sql.raw("""
            SELECT i.id, i.organization_id, o.name, i.role, i.created_at, i.expires_at FROM organization_invitations i
            JOIN organizations o ON o.id = i.organization_id
            WHERE i.email_index = \(bind: index(email)) AND i.answered_at IS NULL AND i.expires_at > \(bind: now)
            ORDER BY i.created_at LIMIT 100
            """).all(decoding: InvitationRow.self).map(\.invitation)
    }

    public func answer(_ id: UUID, email: String, at now: Date) async throws -> OrganizationInvitation? {
        struct Answered: Decodable { let id: UUID }
        guard try await persistence.sql.raw("""
            UPDATE organization_invitations SET answered_at = \(bind: now)
            WHERE id = \(bind: id) AND email_index = \(bind: index(email)) AND answered_at IS NULL AND expires_at > \(bind: now) RETURNING id
            """).first(decoding: Answered.self) != nil else { return nil }
        return try await persistence.sql.raw("""
            SELECT i.id, i.organization_id, o.name, i.role, i.created_at, i.expires_at FROM organization_invitations i
            JOIN organizations o ON o.id = i.organization_id WHERE i.id = \(bind: id)
            """).first(decoding: InvitationRow.self)?.invitation
    }
}
