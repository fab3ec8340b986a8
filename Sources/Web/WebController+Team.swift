import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// A coach's team (the members who share with them: skills, goals and plans at a glance), the
/// people of one's organizations, and a member's page to endorse their skills from: as their
/// coach, or as a peer. A member whose profile the caller may not see answers 404.
struct TeamPage {
    struct Row { let id: String; let name: String; let skills: Int; let verified: Int; let goals: String; let plan: String }

    let chrome: Chrome
    let members: [Row]
}

struct PeoplePage {
    struct Person { let id: String; let name: String; let role: String }

    let chrome: Chrome
    let people: [Person]
}

struct TeamMemberPage {
    struct Skill { let id: String; let label: String; let level: Int; let verification: String; let yours: String?; let levels: [Option] }

    let chrome: Chrome
    let memberID: String
    let member: String
    let headline: String?
    let skills: [Skill]
    let goals: [String]
    let error: String?
}

extension WebController {
    struct EndorseForm: Decodable { let level: String?; let comment: String? }

    func addTeamRoutes(to router: Router<Context>) {
        router.get("team") { request, context in
            try await member(request, context) { principal, csrf in try renderer.response(try await team(principal, csrf), template: "team") }
        }
        router.get("people") { request, context in
            try await member(request, context) { principal, csrf in
                var people: [PeoplePage.Person] = []
                for person in try await services.organizations.colleagues(of: principal) where try await visible(person.userID, to: principal) {
                    people.append(PeoplePage.Person(id: person.userID.uuidString, name: person.name, role: Format.words(person.role.rawValue)))
                }
                return try renderer.response(PeoplePage(chrome: renderer.chrome("People", for: principal, csrf: csrf, current: "/people"), people: people),
                                             template: "people")
            }
        }
        router.get("people/:id") { request, context in
            try await member(request, context) { principal, csrf in
                try renderer.response(try await teamMember(principal, csrf, id: try await person(principal, context)), template: "team-member")
            }
        }
        router.post("people/:id/skills/:skill/endorse") { request, context in
            try await member(request, context) { principal, csrf in
                let memberID = try await person(principal, context)
                let skillID = try Self.id(context, "skill")
                let form = try await Self.form(EndorseForm.self, request, context)
                do {
                    // As their coach when they share with the caller as one; else as a peer.
                    _ = try await services.career.endorse(skillID, of: memberID, as: principal, level: Int(form.level ?? "") ?? 0,
                                                          comment: Self.trimmed(form.comment))
                } catch let error as DomainError where error.fieldError != nil {
                    return try renderer.response(try await teamMember(principal, csrf, id: memberID, error: error.fieldError?.reason), template: "team-member",
                                                 status: .unprocessableContent)
                }
                return Self.redirect("/people/\(memberID.uuidString)")
            }
        }
    }

    /// Whether the caller may see the member's profile (its visibility, through the policy);
    /// never themselves, whose page is their own profile.
    func visible(_ id: UUID, to principal: Principal) async throws -> Bool {
        guard id != principal.userID else { return false }
        return try await services.career.access.canRead(id, by: principal)
    }

    /// The member the path names, if the caller may see them.
    func person(_ principal: Principal, _ context: Context) async throws -> UUID {
        let id = try Self.id(context)
        guard try await visible(id, to: principal) else { throw DomainError.notFound("member") }
        return id
    }

    func team(_ principal: Principal, _ csrf: String) async throws -> TeamPage {
        let ids = try await services.career.coachees(as: principal)
        // Four independent reads, decoded side by side.
        async let accountsRead = services.auth.accounts(ids: ids)
        async let skillsRead = services.career.skillCounts(of: ids, as: principal)
        async let goalsRead = services.career.goals(of: ids, as: principal)
        async let plansRead = services.career.plans(of: ids, as: principal)
        let (accounts, skills, goals, plans) = try await (accountsRead, skillsRead, goalsRead, plansRead)
        return TeamPage(
            chrome: renderer.chrome("Your team", for: principal, csrf: csrf, current: "/team"),
            members: accounts.sorted { $0.name < $1.name }.map { account in
                let held = skills[account.id] ?? SkillCounts(skills: 0, rated: 0)
                let active = (goals[account.id] ?? []).filter { $0.status == .active }
                let actions = (plans[account.id] ?? []).max { $0.updatedAt < $1.updatedAt }?.phases.flatMap(\.actions) ?? []
                return TeamPage.Row(id: account.id.uuidString, name: account.name, skills: held.skills, verified: held.rated,
                                    goals: active.isEmpty ? "none active" : active.map(\.title).joined(separator: "; "),
                                    plan: actions.isEmpty ? "no plan" : "\(100 * actions.filter { $0.status == .done }.count / actions.count)% done")
            })
    }

    func teamMember(_ principal: Principal, _ csrf: String, id: UUID, error: String? = nil) async throws -> TeamMemberPage {
        guard let account = try await services.auth.account(id: id) else { throw DomainError.notFound("member") }
        let profile = try await services.career.profile(of: id, as: principal)
        return TeamMemberPage(
            chrome: renderer.chrome(account.name, for: principal, csrf: csrf, current: "/people"),
            memberID: id.uuidString, member: account.name, headline: profile.headline,
            skills: try await services.career.skills(of: id, as: principal).sorted { $0.skill.label < $1.skill.label }.map { skill in
                let mine = skill.endorsements.last { $0.endorserID == principal.userID }
                return TeamMemberPage.Skill(id: skill.id.uuidString, label: skill.skill.label, level: skill.level, verification: Format.words(skill.verification.rawValue),
                                            yours: mine.map { "you endorsed level \($0.level)" }, levels: Format.levels(selected: mine?.level ?? skill.level))
            },
            goals: try await services.career.goals(of: id, as: principal).filter { $0.status == .active }.map(\.title), error: error)
    }
}
