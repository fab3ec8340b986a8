import Career
import Core
import Foundation
import Hummingbird
import Identity

/// A coach's team: the members who share with them, their skills, goals and plans at a glance,
/// and each member's skills to endorse. Anyone else's page answers 404.
struct TeamPage {
    struct Row { let id: String; let name: String; let skills: Int; let verified: Int; let goals: String; let plan: String }

    let chrome: Chrome
    let members: [Row]
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
        router.get("team/:id") { request, context in
            try await member(request, context) { principal, csrf in
                try renderer.response(try await teamMember(principal, csrf, id: try await coachee(principal, context)), template: "team-member")
            }
        }
        router.post("team/:id/skills/:skill/endorse") { request, context in
            try await member(request, context) { principal, csrf in
                let memberID = try await coachee(principal, context)
                let skillID = try Self.id(context, "skill")
                let form = try await Self.form(EndorseForm.self, request, context)
                do {
                    _ = try await services.career.endorse(skillID, of: memberID, by: principal.userID, as: .coach, level: Int(form.level ?? "") ?? 0,
                                                          comment: Self.trimmed(form.comment))
                } catch let error as DomainError where error.fieldError != nil {
                    return try renderer.response(try await teamMember(principal, csrf, id: memberID, error: error.fieldError?.reason), template: "team-member",
                                                 status: .unprocessableContent)
                }
                return Self.redirect("/team/\(memberID.uuidString)")
            }
        }
    }

    /// The member the path names, if they share with the caller as their coach.
    func coachee(_ principal: Principal, _ context: Context) async throws -> UUID {
        let id = try Self.id(context)
        guard try await services.policy.isCoach(of: id, viewer: principal) else { throw DomainError.notFound("member") }
        return id
    }

    func team(_ principal: Principal, _ csrf: String) async throws -> TeamPage {
        let ids = try await services.policy.coachees(of: principal)
        // Four independent reads, decoded side by side.
        async let accountsRead = services.auth.accounts(ids: ids)
        async let skillsRead = services.career.skillCounts(of: ids)
        async let goalsRead = services.career.goals(of: ids)
        async let plansRead = services.career.plans(of: ids)
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
        let profile = try await services.career.profile(of: id)
        return TeamMemberPage(
            chrome: renderer.chrome(account.name, for: principal, csrf: csrf, current: "/team"),
            memberID: id.uuidString, member: account.name, headline: profile.headline,
            skills: try await services.career.skills(of: id).sorted { $0.skill.label < $1.skill.label }.map { skill in
                let mine = skill.endorsements.last { $0.endorserID == principal.userID }
                return TeamMemberPage.Skill(id: skill.id.uuidString, label: skill.skill.label, level: skill.level, verification: Format.words(skill.verification.rawValue),
                                            yours: mine.map { "you endorsed level \($0.level)" }, levels: Format.levels(selected: mine?.level ?? skill.level))
            },
            goals: try await services.career.goals(of: id).filter { $0.status == .active }.map(\.title), error: error)
    }
}
