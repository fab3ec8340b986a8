import Analytics
import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity
import Insights

extension WebController {
    struct SkillForm: Decodable { let name: String?; let uri: String?; let level: String?; let evidence: String? }
    struct LevelForm: Decodable { let level: String? }
    struct ProposalForm: Decodable { let uris: [String]?; let level: String? }
    struct GoalForm: Decodable { let title: String?; let target_role: String?; let due_on: String? }
    struct RatingForm: Decodable { let rating: String? }
    struct MilestoneForm: Decodable { let title: String? }
    struct StatusForm: Decodable { let status: String? }
    struct DeleteForm: Decodable { let confirm_email: String? }

    func addMemberRoutes(to router: Router<Context>) {
        router.get("dashboard") { request, context in
            try await member(request, context) { principal, csrf in try renderer.response(try await dashboard(principal, csrf), template: "dashboard") }
        }
        router.get("profile") { request, context in
            try await member(request, context) { principal, csrf in
                try renderer.response(try await profile(principal, csrf, imported: request.uri.queryParameters["imported"].flatMap { Int($0) },
                                                        confirmed: request.uri.queryParameters["confirmed"].flatMap { Int($0) }), template: "profile")
            }
        }
        router.post("profile/skills") { request, context in
            try await member(request, context) { principal, csrf in
                let form = try await Self.form(SkillForm.self, request, context)
                let level = Int(form.level ?? "") ?? 0
                do {
                    // Evidence is a link or a sentence about where the skill was used.
                    let evidence = Self.trimmed(form.evidence).map { text in
                        text.hasPrefix("https://") || text.hasPrefix("http://") ? Evidence(url: text) : Evidence(note: text)
                    }
                    _ = try await services.career.addSkill(to: principal.userID, as: principal, SkillInput(
                        uri: Self.trimmed(form.uri), name: Self.trimmed(form.uri) == nil ? (form.name ?? "") : nil, level: level,
                        evidence: evidence.map { [$0] }))
                    return Self.redirect("/profile")
                } catch let error as DomainError where error.fieldError != nil {
                    return try renderer.response(try await profile(principal, csrf, typed: form.name ?? "", typedEvidence: form.evidence ?? "", level: level, error: error),
                                                 template: "profile", status: .unprocessableContent)
                }
            }
        }
        router.get("profile/proposals") { request, context in
            try await member(request, context) { principal, csrf in try renderer.response(try await proposals(principal, csrf), template: "proposals") }
        }
        router.post("profile/proposals") { request, context in
            try await member(request, context) { principal, csrf in
                let form = try await Self.form(ProposalForm.self, request, context)
                let level = Int(form.level ?? "") ?? 0
                do {
                    let added = try await services.proposals.confirm(form.uris ?? [], level: level, of: principal.userID, as: principal)
                    return Self.redirect("/profile?confirmed=\(added.count)")
                } catch let error as DomainError where error.fieldError != nil {
                    return try renderer.response(try await proposals(principal, csrf, level: level, error: error), template: "proposals", status: .unprocessableContent)
                }
            }
        }
        router.post("profile/skills/:id") { request, context in
            try await member(request, context) { principal, _ in
                let id = try Self.id(context)
                let form = try await Self.form(LevelForm.self, request, context)
                _ = try await services.career.updateSkill(id, of: principal.userID, as: principal, SkillChange(level: Int(form.level ?? "") ?? 0))
                return Self.redirect("/profile")
            }
        }
        router.get("goals") { request, context in
            try await member(request, context) { principal, csrf in try renderer.response(try await goals(principal, csrf), template: "goals") }
        }
        router.post("goals") { request, context in
            try await member(request, context) { principal, csrf in
                let form = try await Self.form(GoalForm.self, request, context)
                do {
                    let due = try Self.trimmed(form.due_on).map { text -> Day in
                        guard let day = Day(text) else { throw DomainError.invalid(field: "due_on", reason: "is not a date (YYYY-MM-DD)") }
                        return day
                    }
                    // A target role makes it a role goal, the kind a plan is generated towards.
                    var role: OccupationRef?
                    if let text = Self.trimmed(form.target_role) { role = try await services.insights.resolveRole(text).occupation }
                    _ = try await services.career.createGoal(for: principal.userID, as: principal, GoalInput(title: form.title ?? "", kind: role == nil ? nil : .role,
                                                                                             targetOccupationUri: role?.uri, dueOn: due))
                    return Self.redirect("/goals")
                } catch let error as DomainError where error.fieldError != nil {
                    return try renderer.response(try await goals(principal, csrf, form: form, error: error), template: "goals", status: .unprocessableContent)
                }
            }
        }
        router.post("goals/:goal/milestones") { request, context in
            try await member(request, context) { principal, csrf in
                let form = try await Self.form(MilestoneForm.self, request, context)
                do {
                    _ = try await services.career.addMilestone(to: try Self.id(context, "goal"), of: principal.userID, as: principal, MilestoneInput(title: form.title ?? ""))
                } catch let error as DomainError where error.fieldError != nil {
                    return try renderer.response(try await goals(principal, csrf, error: error), template: "goals", status: .unprocessableContent)
                }
                return Self.redirect("/goals")
            }
        }
        router.post("goals/:goal/milestones/:id/done") { request, context in
            try await member(request, context) { principal, _ in
                _ = try await services.career.updateMilestone(try Self.id(context), of: try Self.id(context, "goal"), of: principal.userID, as: principal, MilestoneChange(completed: true))
                return Self.redirect("/goals")
            }
        }
        router.post("goals/:goal/status") { request, context in
            try await member(request, context) { principal, _ in
                let form = try await Self.form(StatusForm.self, request, context)
                guard let status = form.status.flatMap(Goal.Status.init(rawValue:)) else { throw DomainError.invalid(field: "status", reason: "must be active, completed or abandoned") }
                _ = try await services.career.updateGoal(try Self.id(context, "goal"), of: principal.userID, as: principal, GoalChange(status: status))
                return Self.redirect("/goals")
            }
        }
        router.get("plan") { request, context in
            try await member(request, context) { principal, csrf in
                try renderer.response(try await plan(principal, csrf, changes: nil), template: "plan")
            }
        }
        router.post("plan/generate") { request, context in
            try await member(request, context) { principal, csrf in
                let changes: PlanChanges
                do {
                    (_, changes) = try await services.insights.generatePlan(for: principal.userID, as: principal)
                } catch let error as DomainError where error.fieldError != nil {
                    return try renderer.response(try await plan(principal, csrf, changes: nil, error: error.fieldError?.reason), template: "plan", status: .unprocessableContent)
                }
                // Shown at once (not redirected), with what changed named.
                return try renderer.response(try await plan(principal, csrf, changes: "Regenerated: \(changes.added.count) added, \(changes.removed.count) removed, \(changes.kept.count) kept.",
                                                            added: changes.added, removed: changes.removed), template: "plan")
            }
        }
        router.post("plan/:plan/actions/:id/done") { request, context in
            try await member(request, context) { principal, _ in
                _ = try await services.career.updateAction(try Self.id(context), of: try Self.id(context, "plan"), of: principal.userID, as: principal, ActionChange(status: .done))
                return Self.redirect("/plan")
            }
        }
        router.get("opportunities") { request, context in
            try await member(request, context) { principal, csrf in
                let query = request.uri.queryParameters
                let words = Self.trimmed(query["q"].map(String.init)), place = Self.trimmed(query["location"].map(String.init))
                let remoteOnly = query["remote"] == "1"
                let matches = try await services.insights.matches(of: principal.userID, as: principal).filter { match in
                    let posting = match.opportunity
                    return (words.map { "\(posting.title) \(posting.employer)".localizedCaseInsensitiveContains($0) } ?? true)
                        && (place.map { (posting.location ?? "").localizedCaseInsensitiveContains($0) } ?? true)
                        && (!remoteOnly || posting.remote)
                }
                return try renderer.response(OpportunitiesPage(
                    chrome: renderer.chrome("Opportunities that fit you", for: principal, csrf: csrf, current: "/opportunities"),
                    words: Field(id: "q", name: "q", label: "Title or employer", type: "search", value: words ?? ""),
                    place: Field(id: "location", name: "location", label: "Location", value: place ?? ""), remoteOnly: remoteOnly,
                    matches: matches.prefix(25).map(Self.matchRow)), template: "opportunities")
            }
        }
        router.get("opportunities/:id") { request, context in
            try await member(request, context) { principal, csrf in try renderer.response(try await match(principal, csrf, id: try Self.id(context)), template: "match") }
        }
        router.get("learning") { request, context in
            try await member(request, context) { principal, csrf in try renderer.response(try await learning(principal, csrf), template: "learning") }
        }
        router.post("learning/:id/complete") { request, context in
            try await member(request, context) { principal, _ in
                try await services.learning.complete(try Self.id(context), as: principal)
                return Self.redirect("/learning")
            }
        }
        router.post("learning/:id/rate") { request, context in
            try await member(request, context) { principal, _ in
                let form = try await Self.form(RatingForm.self, request, context)
                try await services.learning.rate(try Self.id(context), as: principal, rating: Int(form.rating ?? "") ?? 0)
                return Self.redirect("/learning")
            }
        }
        router.get("settings") { request, context in
            try await member(request, context) { principal, csrf in try renderer.response(try await settings(principal, csrf), template: "settings") }
        }
        router.post("invitations/:id/accept") { request, context in
            try await member(request, context) { principal, _ in
                _ = try await services.organizations.accept(try Self.id(context), by: principal, origin: context.origin(request))
                return Self.redirect("/settings#invitations")
            }
        }
        router.post("invitations/:id/decline") { request, context in
            try await member(request, context) { principal, _ in
                try await services.organizations.decline(try Self.id(context), by: principal)
                return Self.redirect("/settings#invitations")
            }
        }
        router.post("settings/delete") { request, context in
            try await member(request, context) { principal, csrf in
                let form = try await Self.form(DeleteForm.self, request, context)
                do {
                    try await services.auth.deleteAccount(principal, confirmEmail: form.confirm_email ?? "", origin: context.origin(request))
                } catch let error as DomainError where error.fieldError != nil {
                    return try renderer.response(try await settings(principal, csrf, error: error), template: "settings", status: .unprocessableContent)
                }
                var response = Self.redirect("/")
                response.setCookie(Self.expiredSessionCookie)
                return response
            }
        }
    }

    /// The UUID a path parameter names; anything else names nothing.
    static func id(_ context: Context, _ parameter: String = "id") throws -> UUID {
        guard let id = context.parameters.get(parameter).flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("page") }
        return id
    }

    static func matchRow(_ match: OpportunityMatch) -> DashboardPage.MatchRow {
        DashboardPage.MatchRow(id: match.opportunity.id.uuidString, title: match.opportunity.title, employer: match.opportunity.employer,
                               score: match.breakdown.score, summary: match.breakdown.summary)
    }

    // MARK: Page models

    func dashboard(_ principal: Principal, _ csrf: String) async throws -> DashboardPage {
        let userID = principal.userID
        let account = try await services.auth.account(of: principal)
        let today = Day(services.clock.now())
        let progress = try await services.reports.progress(of: userID, ReportQuery(from: Day(epochDay: today.epochDay - 89).description, to: today.description), by: principal)
        let chart: String? = progress.points.contains { $0.skills != nil } ? Charts.line(
            title: "Your skills over the last 90 days", labels: progress.points.map { String($0.day.description.dropFirst(5)) },
            series: [Charts.Series(name: "Level sum", values: progress.points.map(\.levelSum)),
                     Charts.Series(name: "Skills", values: progress.points.map(\.skills))]) : nil
        let goals = try await services.career.goals(of: userID, as: principal).filter { $0.status != .abandoned }.prefix(5).map { goal in
            DashboardPage.GoalRow(title: goal.title, status: goal.status.rawValue,
                                  milestones: goal.milestones.isEmpty ? nil : "\(goal.milestones.filter { $0.completedAt != nil }.count) of \(goal.milestones.count) milestones")
        }
        let plan = try await services.career.plans(of: userID, as: principal).max { $0.updatedAt < $1.updatedAt }
        let steps = (plan?.phases ?? []).flatMap { phase in
            phase.actions.filter(\.status.isOpen).map { DashboardPage.Step(title: $0.title, kind: Format.words($0.kind.rawValue), phase: phase.title) }
        }.prefix(5)
        let matches = try await services.insights.matches(of: userID, as: principal).prefix(3).map(Self.matchRow)
        return DashboardPage(chrome: renderer.chrome("Dashboard", for: principal, csrf: csrf, current: "/dashboard"),
                             greeting: "Welcome back, \(account.name)", chart: chart, goals: Array(goals), steps: Array(steps), matches: Array(matches))
    }

    func profile(_ principal: Principal, _ csrf: String, imported: Int? = nil, confirmed: Int? = nil, typed: String = "", typedEvidence: String = "", level: Int = 3,
                 error: DomainError? = nil) async throws -> ProfilePage {
        let profile = try await services.career.profile(of: principal.userID, as: principal)
        let skills = try await services.career.skills(of: principal.userID, as: principal).sorted { ($0.level, $1.skill.label) > ($1.level, $0.skill.label) }
        let rejected = error?.fieldError
        return ProfilePage(
            chrome: renderer.chrome("Profile & skills", for: principal, csrf: csrf, current: "/profile",
                                    notice: imported.map { "Imported \($0) entries from your résumé." } ?? confirmed.map { "Added \($0) skills from your own words." }),
            headline: profile.headline,
            skills: skills.map { skill in
                ProfilePage.SkillRow(id: skill.id.uuidString, label: skill.skill.label, uri: skill.skill.uri, level: skill.level, levels: Format.levels(selected: skill.level),
                                     verification: Format.words(skill.verification.rawValue), endorsements: skill.endorsements.count,
                                     endorsedBy: skill.endorsements.isEmpty ? nil : skill.endorsements.map { "\(Format.words($0.source.rawValue)), level \($0.level)" }.joined(separator: "; "),
                                     evidence: skill.evidence.compactMap { $0.url ?? $0.note })
            },
            skill: Field(id: "skill-name", name: "name", label: "Skill", value: typed, hint: "Start typing; pick a skill from the catalog or keep your own words.",
                         error: rejected.flatMap { ["name", "uri"].contains($0.field) ? $0.reason : nil }, required: true, autocomplete: "off", list: "skill-suggestions"),
            level: Format.levels(selected: level), levelError: rejected?.field == "level" ? rejected?.reason : nil,
            evidence: Field(id: "skill-evidence", name: "evidence", label: "Evidence (optional)", value: typedEvidence,
                            hint: "A link to your work, or a sentence on where you used it.",
                            error: rejected.flatMap { $0.field.hasPrefix("evidence") ? $0.reason : nil }))
    }

    func proposals(_ principal: Principal, _ csrf: String, level: Int = 3, error: DomainError? = nil) async throws -> ProposalsPage {
        let proposals = try await services.proposals.proposals(of: principal.userID, as: principal)
        return ProposalsPage(
            chrome: renderer.chrome("Skills in your own words", for: principal, csrf: csrf, current: "/profile"),
            proposals: proposals.map { proposal in
                ProposalsPage.Row(uri: proposal.uri, label: proposal.label, concept: proposal.concept?.label,
                                  sources: proposal.sources.map { "“\($0.words)” in your \($0.place)" },
                                  confidence: String(format: "%.0f%%", proposal.confidence * 100))
            },
            level: Format.levels(selected: level), error: error?.fieldError?.reason)
    }

    func goals(_ principal: Principal, _ csrf: String, form: GoalForm? = nil, error: DomainError? = nil) async throws -> GoalsPage {
        let rejected = error?.fieldError
        let goals = try await services.career.goals(of: principal.userID, as: principal).sorted { $0.createdAt > $1.createdAt }
        return GoalsPage(
            chrome: renderer.chrome("Goals", for: principal, csrf: csrf, current: "/goals"),
            goals: goals.map { goal in
                GoalsPage.GoalRow(id: goal.id.uuidString, title: goal.title, status: goal.status.rawValue, active: goal.status == .active, due: goal.dueOn?.description,
                                  milestones: goal.milestones.sorted { $0.position < $1.position }.map {
                                      GoalsPage.Milestone(action: "/goals/\(goal.id.uuidString)/milestones/\($0.id.uuidString)/done", title: $0.title, done: $0.completedAt != nil)
                                  })
            },
            title: Field(id: "goal-title", name: "title", label: "What do you want to achieve?", value: form?.title ?? "",
                         error: rejected?.field == "title" ? rejected?.reason : nil, required: true),
            role: Field(id: "goal-role", name: "target_role", label: "Target role (optional)", value: form?.target_role ?? "",
                        hint: "A role such as “software developer”: your plan is made towards it.", error: rejected?.field == "target_role" ? rejected?.reason : nil),
            due: Field(id: "goal-due", name: "due_on", label: "By when (optional)", type: "date", value: form?.due_on ?? "",
                       error: rejected?.field == "due_on" ? rejected?.reason : nil))
    }

    func plan(_ principal: Principal, _ csrf: String, changes: String?, added: [String] = [], removed: [String] = [], error: String? = nil) async throws -> PlanPage {
        let plan = try await services.career.plans(of: principal.userID, as: principal).max { $0.updatedAt < $1.updatedAt }
        let actions = plan?.phases.flatMap(\.actions) ?? []
        return PlanPage(
            chrome: renderer.chrome("Your career plan", for: principal, csrf: csrf, current: "/plan", notice: changes),
            title: plan?.title,
            phases: (plan?.phases ?? []).sorted { $0.position < $1.position }.map { phase in
                PlanPage.Phase(title: phase.title, actions: phase.actions.sorted { $0.position < $1.position }.map {
                    PlanPage.Action(id: "\(plan!.id.uuidString)/actions/\($0.id.uuidString)", title: $0.title, kind: Format.words($0.kind.rawValue),
                                    status: Format.words($0.status.rawValue), open: $0.status.isOpen)
                }, done: phase.actions.filter { $0.status == .done }.count, total: phase.actions.count)
            },
            changes: changes, added: added, removed: removed, error: error, completion: actions.isEmpty ? nil : 100 * actions.filter { $0.status == .done }.count / actions.count)
    }

    func match(_ principal: Principal, _ csrf: String, id: UUID) async throws -> MatchPage {
        let opportunity = try await services.opportunities.opportunity(id, as: principal)
        let found = try await services.insights.matches(of: principal.userID, as: principal).first { $0.opportunity.id == id }
        func skill(_ skill: MatchBreakdown.Skill) -> MatchPage.Skill {
            MatchPage.Skill(label: skill.label, uri: skill.uri, wanted: skill.wantedLevel.map { "level \($0)" } ?? "any level",
                            yours: skill.yourLevel.map { "level \($0)" } ?? "not yet")
        }
        return MatchPage(
            chrome: renderer.chrome(opportunity.title, for: principal, csrf: csrf, current: "/opportunities"),
            employer: opportunity.employer, location: opportunity.location, description: opportunity.description,
            score: found?.breakdown.score, summary: found?.breakdown.summary,
            parts: found?.breakdown.parts.map {
                MatchPage.Part(name: Format.words($0.name).capitalized, points: String(format: "%.1f", $0.points), maximum: String(format: "%.0f", $0.maximum),
                               value: $0.points, max: $0.maximum, detail: $0.detail)
            } ?? [],
            matched: found?.breakdown.matchedSkills.map(skill) ?? [], missing: found?.breakdown.missingSkills.map(skill) ?? [])
    }

    func learning(_ principal: Principal, _ csrf: String) async throws -> LearningPage {
        let recommendations = try await services.insights.recommendations(for: principal.userID, as: principal, limit: 10)
        let records = try await services.learning.records(of: principal.userID, as: principal).filter { $0.completedAt != nil }
        let resources = try await services.learning.resources(ids: records.map(\.resourceID), as: principal)
        let titles = Dictionary(resources.map { ($0.id, $0.title) }) { a, _ in a }
        return LearningPage(
            chrome: renderer.chrome("Learning", for: principal, csrf: csrf, current: "/learning"),
            recommendations: recommendations.map {
                LearningPage.Recommendation(id: $0.resource.id.uuidString, title: $0.resource.title, provider: $0.resource.provider, format: $0.resource.format,
                                            minutes: $0.resource.durationMinutes, reasons: $0.reasons, url: $0.resource.url)
            },
            completed: records.compactMap { record in
                titles[record.resourceID].map {
                    LearningPage.Done(id: record.resourceID.uuidString, title: $0, completed: record.completedAt.map(Format.day) ?? "", rating: record.rating,
                                      ratings: (1...5).map { Option(value: "\($0)", label: String(repeating: "★", count: $0), selected: $0 == record.rating) })
                }
            })
    }

    func settings(_ principal: Principal, _ csrf: String, error: DomainError? = nil) async throws -> SettingsPage {
        let account = try await services.auth.account(of: principal)
        let current: UUID? = if case .session(let id) = principal.credential { id } else { nil }
        let sessions = try await services.auth.sessions(of: principal)
        return SettingsPage(
            chrome: renderer.chrome("Settings", for: principal, csrf: csrf, current: "/settings"),
            email: account.email,
            invitations: try await services.organizations.invitations(of: principal).map {
                SettingsPage.Invitation(id: $0.id.uuidString, organization: $0.organizationName, role: Format.words($0.role.rawValue), until: Format.day($0.expiresAt))
            },
            connected: try await services.sso.connected(principal.userID).map(\.name),
            sessions: sessions.map {
                SettingsPage.Session(id: $0.id.uuidString, kind: $0.kind.rawValue, agent: $0.userAgent ?? "unknown device", lastSeen: Format.day($0.lastSeenAt), current: $0.id == current)
            },
            confirm: Field(id: "confirm-email", name: "confirm_email", label: "Type your e-mail address to confirm", type: "email",
                           error: error?.fieldError?.reason, required: true, autocomplete: "off"))
    }
}
