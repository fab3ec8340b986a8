import Analytics
import Career
import Core
import Foundation
import Hummingbird
import Identity
import Insights

/// The OpenAPI 3.1 description of REST v1, served at `GET /api/v1/openapi.json`. Every route
/// is listed here with the types its handler reads and writes; their schemas are recorded from
/// those types, and a test checks both the list against the router and real answers against
/// the schemas, so the document cannot drift from the code unnoticed.
enum APIDocument {
    struct Operation {
        enum Body {
            case json(SchemaNode)
            case raw(String, String)
        }

        let method: String
        let path: String
        let tag: String
        let summary: String
        var query: [(String, String)] = []
        var body: Body?
        /// Status → schema of the answer (nil: no body).
        var responses: [(Int, SchemaNode?)]
        var authenticated = true
    }

    typealias Context = DocumentContext

    static let reportQuery = [("from", "YYYY-MM-DD, default 89 days before to"), ("to", "YYYY-MM-DD, default today"),
                              ("organization", "an organization id; platform admins may leave it out for the whole platform"), ("format", "json (default) or csv")]
    static let reportRules = ". Platform admins and the organization's admins only; figures about fewer than k (5) members are withheld."

    static let invitation = OrganizationsController<Context>.InvitationView(id: Samples.id, organizationId: Samples.id, organizationName: "Acme",
                                                                          role: "member", expiresAt: Samples.date)

    static func operations() throws -> [Operation] {
        func schema(_ sample: some Encodable) throws -> SchemaNode { try SchemaRecorder.schema(of: sample) }
        func ref(_ name: String) -> SchemaNode { .reference(name) }
        func paged(_ name: String) -> SchemaNode {
            .object([.init(name: "items", node: .array(.reference(name)), required: true), .init(name: "next_cursor", node: .nullable(.string(format: nil)), required: false)])
        }
        let page = [("limit", "page size, 1–100"), ("cursor", "the next_cursor of the page before")]
        typealias Auth = AuthController<Context>
        typealias Me = MeController<Context>
        typealias Orgs = OrganizationsController<Context>
        typealias Skills = SkillsController<Context>
        typealias Plans = PlansController<Context>
        typealias Opportunities = OpportunitiesController<Context>
        typealias Learning = LearningController<Context>
        typealias Transfer = ImportExportController<Context>
        let user = "/api/v1/users/{user}"

        return [
            // Accounts and sign-in
            Operation(method: "post", path: "/api/v1/auth/signup", tag: "auth", summary: "Create an account and sign in",
                      body: .json(try schema(Auth.SignUp(email: "ada@example.com", password: "…", name: "Ada"))), responses: [(201, ref("TokenPair"))], authenticated: false),
            Operation(method: "post", path: "/api/v1/auth/login", tag: "auth", summary: "Sign in for a token pair",
                      body: .json(try schema(Auth.Credentials(email: "ada@example.com", password: "…"))), responses: [(200, ref("TokenPair"))], authenticated: false),
            Operation(method: "post", path: "/api/v1/auth/refresh", tag: "auth", summary: "Trade a refresh token for a new pair",
                      body: .json(try schema(Auth.Refresh(refreshToken: "rt_…"))), responses: [(200, ref("TokenPair"))], authenticated: false),
            Operation(method: "post", path: "/api/v1/auth/logout", tag: "auth", summary: "End the session", responses: [(204, nil)]),
            Operation(method: "post", path: "/api/v1/auth/session", tag: "auth", summary: "Sign in a browser (session cookie and CSRF token)",
                      body: .json(try schema(Auth.Credentials(email: "ada@example.com", password: "…"))),
                      responses: [(200, try schema(Auth.BrowserSession(csrfToken: "…", expiresAt: Samples.date)))], authenticated: false),
            Operation(method: "post", path: "/api/v1/auth/verify-email", tag: "auth", summary: "Confirm the e-mail address with the mailed token",
                      body: .json(try schema(Auth.TokenOnly(token: "…"))), responses: [(204, nil)], authenticated: false),
            Operation(method: "post", path: "/api/v1/auth/password/forgot", tag: "auth", summary: "Mail a password-reset link",
                      body: .json(try schema(Auth.EmailOnly(email: "ada@example.com"))), responses: [(202, nil)], authenticated: false),
            Operation(method: "post", path: "/api/v1/auth/password/reset", tag: "auth", summary: "Set a new password with the mailed token",
                      body: .json(try schema(Auth.Reset(token: "…", password: "…"))), responses: [(204, nil)], authenticated: false),
            Operation(method: "post", path: "/api/v1/auth/password/change", tag: "auth", summary: "Change the password",
                      body: .json(try schema(Auth.ChangePassword(currentPassword: "…", newPassword: "…"))), responses: [(204, nil)]),
            Operation(method: "get", path: "/api/v1/me", tag: "me", summary: "The caller, with roles and organizations", responses: [(200, ref("Caller"))]),
            Operation(method: "get", path: "/api/v1/me/sessions", tag: "me", summary: "The caller's sessions",
                      responses: [(200, try schema(Me.Items(items: [Me.SessionView(id: Samples.id, kind: "api", userAgent: "curl", address: "127.0.0.1", createdAt: Samples.date,
                                                                                      lastSeenAt: Samples.date, expiresAt: Samples.date, revoked: false, current: true)])))]),
            Operation(method: "delete", path: "/api/v1/me/sessions/{id}", tag: "me", summary: "End one of the caller's sessions", responses: [(204, nil)]),
            Operation(method: "get", path: "/api/v1/me/tokens", tag: "me", summary: "The caller's personal access tokens",
                      responses: [(200, try schema(Me.Items(items: [Me.view(Self.token)])))]),
            Operation(method: "post", path: "/api/v1/me/tokens", tag: "me", summary: "Create a personal access token (shown once)",
                      body: .json(try schema(Me.NewToken(name: "ci", scopes: ["read"], expiresInDays: 30))),
                      responses: [(201, try schema(Me.CreatedToken(token: "cop_…", details: Me.view(Self.token))))]),
            Operation(method: "delete", path: "/api/v1/me/tokens/{id}", tag: "me", summary: "Revoke a personal access token", responses: [(204, nil)]),
            Operation(method: "get", path: "/api/v1/me/shares", tag: "me", summary: "The coaches the caller shares their data with",
                      responses: [(200, try schema(Orgs.Coaches(coachIds: [Samples.id])))]),
            Operation(method: "put", path: "/api/v1/me/shares/{coach}", tag: "me", summary: "Share data with a coach of a common organization", responses: [(204, nil)]),
            Operation(method: "delete", path: "/api/v1/me/shares/{coach}", tag: "me", summary: "Stop sharing with a coach", responses: [(204, nil)]),

            // Organizations and administration
            Operation(method: "post", path: "/api/v1/orgs", tag: "organizations", summary: "Create an organization (platform admins)",
                      body: .json(try schema(Orgs.NewOrganization(name: "Acme", slug: "acme"))),
                      responses: [(201, try schema(Orgs.OrganizationView(id: Samples.id, name: "Acme", slug: "acme")))]),
            Operation(method: "get", path: "/api/v1/orgs/{org}/members", tag: "organizations", summary: "Members with roles and teams", query: page,
                      responses: [(200, try schema(Orgs.Members(items: [Orgs.MemberView(userId: Samples.id, name: "Ada", role: "member", teams: ["Platform"])])))]),
            Operation(method: "post", path: "/api/v1/orgs/{org}/members", tag: "organizations",
                      summary: "Invite an address with a role (answered alike whether or not it has an account; the invitee accepts)",
                      body: .json(try schema(Orgs.NewMember(email: "ada@example.com", role: "member"))), responses: [(202, try schema(Self.invitation))]),
            Operation(method: "get", path: "/api/v1/me/invitations", tag: "organizations", summary: "Open invitations to the caller's verified address",
                      responses: [(200, try schema(Orgs.Invitations(items: [Self.invitation])))]),
            Operation(method: "post", path: "/api/v1/me/invitations/{id}/accept", tag: "organizations", summary: "Accept an invitation: join with its role",
                      responses: [(200, try schema(Self.invitation))]),
            Operation(method: "post", path: "/api/v1/me/invitations/{id}/decline", tag: "organizations", summary: "Decline an invitation", responses: [(204, nil)]),
            Operation(method: "put", path: "/api/v1/orgs/{org}/members/{user}", tag: "organizations", summary: "Change a member's role",
                      body: .json(try schema(Orgs.RoleOnly(role: "coach"))), responses: [(204, nil)]),
            Operation(method: "delete", path: "/api/v1/orgs/{org}/members/{user}", tag: "organizations", summary: "Remove a member", responses: [(204, nil)]),
            Operation(method: "post", path: "/api/v1/orgs/{org}/teams", tag: "organizations", summary: "Create a team",
                      body: .json(try schema(Orgs.NameOnly(name: "Platform"))), responses: [(201, try schema(Orgs.TeamView(id: Samples.id, name: "Platform")))]),
            Operation(method: "put", path: "/api/v1/orgs/{org}/teams/{team}/members/{user}", tag: "organizations", summary: "Put a member in a team", responses: [(204, nil)]),
            Operation(method: "get", path: "/api/v1/admin/audit", tag: "admin", summary: "The audit log (platform admins, allowed networks)", query: [("actor", "a user id")] + page,
                      responses: [(200, try schema(AdminController<Context>.Items(items: [.init(action: "sign_in", actorId: Samples.id, targetType: "user", targetId: Samples.id,
                                                                                             address: "127.0.0.1", requestId: "…", details: "…", at: Samples.date)])))]),
            Operation(method: "put", path: "/api/v1/admin/users/{id}/role", tag: "admin", summary: "Make an account a platform admin or member",
                      body: .json(try schema(AdminController<Context>.RoleChange(platformRole: "platform_admin"))), responses: [(204, nil)]),
            Operation(method: "post", path: "/api/v1/admin/recommender/train", tag: "admin",
                      summary: "Train a new version of the learning recommender now (the worker does every six hours)",
                      responses: [(200, try schema(AdminController<Context>.TrainingView(version: 3, members: 50, resources: 290, interactions: 310, seconds: 0.08)))]),

            // Members' career data
            Operation(method: "get", path: user, tag: "members", summary: "A member (the seed's endpoint), with the career data the caller may read",
                      responses: [(200, ref("User"))]),
            Operation(method: "delete", path: user, tag: "members", summary: "Delete the caller's account and all its data",
                      body: .json(try schema(Transfer.Deletion(confirmEmail: "ada@example.com"))), responses: [(204, nil)]),
            Operation(method: "get", path: "\(user)/profile", tag: "profile", summary: "Profile, work history and education", responses: [(200, ref("Profile"))]),
            Operation(method: "patch", path: "\(user)/profile", tag: "profile", summary: "Change the profile (fields left out stay)",
                      body: .json(try schema(ProfileChange(headline: "x", summary: "x", location: "x", timeZone: "UTC", visibility: .coaches, preferences: Samples.profile.preferences))),
                      responses: [(200, ref("Profile"))]),
            Operation(method: "post", path: "\(user)/experiences", tag: "profile", summary: "Add a position (the title is resolved to an ESCO occupation)",
                      body: .json(ref("ExperienceInput")), responses: [(201, ref("Experience"))]),
            Operation(method: "put", path: "\(user)/experiences/{id}", tag: "profile", summary: "Replace a position", body: .json(ref("ExperienceInput")), responses: [(200, ref("Experience"))]),
            Operation(method: "delete", path: "\(user)/experiences/{id}", tag: "profile", summary: "Remove a position", responses: [(204, nil)]),
            Operation(method: "post", path: "\(user)/educations", tag: "profile", summary: "Add education",
                      body: .json(try schema(Samples.preview.educations[0])), responses: [(201, try schema(EducationView(Samples.profile.educations[0])))]),
            Operation(method: "delete", path: "\(user)/educations/{id}", tag: "profile", summary: "Remove education", responses: [(204, nil)]),
            Operation(method: "get", path: "\(user)/skills", tag: "skills", summary: "A member's skills", query: page, responses: [(200, paged("Skill"))]),
            Operation(method: "post", path: "\(user)/skills", tag: "skills", summary: "Add a skill by ESCO URI, or by name for a custom one",
                      body: .json(try schema(SkillInput(uri: Samples.skill.uri, name: "x", level: 3, years: 2, lastUsedOn: Samples.day, evidence: Samples.memberSkill.evidence))),
                      responses: [(201, ref("Skill"))]),
            Operation(method: "get", path: "\(user)/skills/{id}", tag: "skills", summary: "One skill with its endorsements", responses: [(200, ref("Skill"))]),
            Operation(method: "patch", path: "\(user)/skills/{id}", tag: "skills", summary: "Change level, years, last use or evidence",
                      body: .json(try schema(SkillChange(level: 4, years: 3, lastUsedOn: Samples.day, evidence: Samples.memberSkill.evidence))), responses: [(200, ref("Skill"))]),
            Operation(method: "delete", path: "\(user)/skills/{id}", tag: "skills", summary: "Remove a skill", responses: [(204, nil)]),
            Operation(method: "get", path: "\(user)/skills/{id}/history", tag: "skills", summary: "Every level the skill has had",
                      responses: [(200, try schema(Skills.History(skillId: "…", items: [LevelChangeView(level: 3, changedAt: Samples.date)])))]),
            Operation(method: "post", path: "\(user)/skills/{id}/endorsements", tag: "skills", summary: "Endorse someone's skill (as a peer, or as their coach)",
                      body: .json(try schema(Skills.NewEndorsement(level: 3, comment: "x"))), responses: [(201, ref("Endorsement"))]),
            Operation(method: "get", path: "\(user)/skill-proposals", tag: "skills",
                      summary: "Skills the member's headline, summary and latest positions name that their profile lacks, each with the words behind it: proposed, added only when confirmed (the member alone)",
                      responses: [(200, try schema(SkillsController<Context>.Proposals(items: [SkillProposalView(Self.proposal)])))]),
            Operation(method: "post", path: "\(user)/skill-proposals/confirm", tag: "skills",
                      summary: "Add the proposed skills named by URI at one level, each with its words as evidence; a URI not proposed is refused and nothing is added",
                      body: .json(try schema(SkillsController<Context>.Confirmation(uris: [Samples.skill.uri], level: 3))),
                      responses: [(201, .object([.init(name: "items", node: .array(.reference("Skill")), required: true)]))]),
            Operation(method: "post", path: "/api/v1/skills/verify", tag: "skills", summary: "Record a verification: certificate, assessment or coach review",
                      body: .json(try schema(Skills.Verification(userSkillId: Samples.id, source: "certificate", level: 4, reference: "https://…", comment: "x"))),
                      responses: [(201, ref("Endorsement"))]),
            Operation(method: "get", path: "/api/v1/skills/catalog", tag: "skills", summary: "Catalog autocomplete by prefix of any label",
                      query: [("q", "the start of a skill's name"), ("limit", "1–50")],
                      responses: [(200, try schema(CatalogController<Context>.Answer(items: [CatalogMatch(uri: Samples.skill.uri, preferredLabel: "x", matchedLabel: "x", kind: .skill)])))],
                      authenticated: false),
            Operation(method: "get", path: "\(user)/goals", tag: "goals", summary: "A member's goals", query: page, responses: [(200, paged("Goal"))]),
            Operation(method: "post", path: "\(user)/goals", tag: "goals", summary: "Set a goal (the seed's GoalInput)",
                      body: .json(try schema(GoalInput(title: "x", kind: .skill, targetOccupationUri: "x", targetSkillUri: "x", targetLevel: 4, dueOn: Samples.day,
                                                       milestones: [MilestoneInput(title: "x", dueOn: Samples.day, position: 0)]))),
                      responses: [(201, ref("Goal"))]),
            Operation(method: "get", path: "\(user)/goals/{id}", tag: "goals", summary: "One goal", responses: [(200, ref("Goal"))]),
            Operation(method: "patch", path: "\(user)/goals/{id}", tag: "goals", summary: "Change a goal",
                      body: .json(try schema(GoalChange(title: "x", dueOn: Samples.day, status: .completed, targetLevel: 4))), responses: [(200, ref("Goal"))]),
            Operation(method: "delete", path: "\(user)/goals/{id}", tag: "goals", summary: "Remove a goal", responses: [(204, nil)]),
            Operation(method: "post", path: "\(user)/goals/{id}/milestones", tag: "goals", summary: "Add a milestone",
                      body: .json(try schema(MilestoneInput(title: "x", dueOn: Samples.day, position: 0))), responses: [(201, ref("Goal"))]),
            Operation(method: "patch", path: "\(user)/goals/{id}/milestones/{milestone}", tag: "goals", summary: "Change or complete a milestone",
                      body: .json(try schema(MilestoneChange(title: "x", dueOn: Samples.day, position: 0, completed: true))), responses: [(200, ref("Goal"))]),
            Operation(method: "delete", path: "\(user)/goals/{id}/milestones/{milestone}", tag: "goals", summary: "Remove a milestone", responses: [(200, ref("Goal"))]),
            Operation(method: "get", path: "\(user)/plans", tag: "plans", summary: "A member's career plans", query: page, responses: [(200, paged("Plan"))]),
            Operation(method: "post", path: "\(user)/plans", tag: "plans", summary: "Create a plan with phases and actions", body: .json(ref("PlanInput")), responses: [(201, ref("Plan"))]),
            Operation(method: "post", path: "\(user)/plans/generate", tag: "plans",
                      summary: "The seed's generateCareerPlan: a plan towards the member's role goal (or target role) from their skill gap, learning recommendations, matches and pace; regenerating keeps what is done or started and says what changed; a 422 naming `goal` when there is nothing to plan towards",
                      responses: [(200, try schema(GeneratedPlanView(plan: PlanView(Samples.plan), changes: PlanChanges(added: ["Learn SQL with “SQL in practice”"], removed: [], kept: ["Talk to two people who work as data analyst"]))))]),
            Operation(method: "get", path: "\(user)/plans/{id}", tag: "plans", summary: "One plan", responses: [(200, ref("Plan"))]),
            Operation(method: "patch", path: "\(user)/plans/{id}", tag: "plans", summary: "Rename, complete or archive a plan",
                      body: .json(try schema(PlanChange(title: "x", status: .archived))), responses: [(200, ref("Plan"))]),
            Operation(method: "delete", path: "\(user)/plans/{id}", tag: "plans", summary: "Remove a plan", responses: [(204, nil)]),
            Operation(method: "post", path: "\(user)/plans/{id}/phases", tag: "plans", summary: "Add a phase", body: .json(ref("PhaseInput")), responses: [(201, ref("Plan"))]),
            Operation(method: "patch", path: "\(user)/plans/{id}/phases/{phase}", tag: "plans", summary: "Rename or move a phase",
                      body: .json(try schema(Plans.PhaseChange(title: "x", position: 1))), responses: [(200, ref("Plan"))]),
            Operation(method: "delete", path: "\(user)/plans/{id}/phases/{phase}", tag: "plans", summary: "Remove a phase", responses: [(200, ref("Plan"))]),
            Operation(method: "post", path: "\(user)/plans/{id}/phases/{phase}/actions", tag: "plans", summary: "Add an action",
                      body: .json(ref("ActionInput")), responses: [(201, ref("Plan"))]),
            Operation(method: "patch", path: "\(user)/plans/{id}/actions/{action}", tag: "plans", summary: "Change an action (mark it done)",
                      body: .json(try schema(ActionChange(title: "x", status: .done, position: 0, dueOn: Samples.day))), responses: [(200, ref("Plan"))]),
            Operation(method: "delete", path: "\(user)/plans/{id}/actions/{action}", tag: "plans", summary: "Remove an action", responses: [(200, ref("Plan"))]),
            Operation(method: "get", path: "\(user)/learning", tag: "learning", summary: "A member's completions and ratings", query: page,
                      responses: [(200, try schema(Paged(all: [Learning.RecordView(resourceId: "…", completedAt: Samples.date, rating: 4)], request: PageRequest())))]),
            Operation(method: "post", path: "\(user)/imports/json-resume", tag: "import and export", summary: "Import a JSON Resume (dry_run=true shows what would be added)",
                      query: [("dry_run", "true to preview without saving")], body: .raw("application/json", "a JSON Resume document"), responses: [(200, ref("ImportPreview"))]),
            Operation(method: "post", path: "\(user)/imports/linkedin", tag: "import and export", summary: "Import LinkedIn's data-export ZIP",
                      query: [("dry_run", "true to preview without saving")], body: .raw("application/zip", "the export archive"), responses: [(200, ref("ImportPreview"))]),
            Operation(method: "get", path: "\(user)/export/json-resume", tag: "import and export", summary: "The profile as a JSON Resume document",
                      responses: [(200, try SchemaRecorder.schema(of: JSONResume(name: "Ada", email: "ada@example.com", profile: Samples.profile, skills: [Samples.memberSkill]), snakeCase: false))]),
            Operation(method: "get", path: "\(user)/export", tag: "import and export", summary: "All of the member's data in one document", responses: [(200, ref("Export"))]),

            // Opportunities and learning
            Operation(method: "get", path: "/api/v1/opportunities", tag: "opportunities", summary: "Opportunities the caller may see",
                      query: page + [("status", "open (default), closed or all"), ("q", "words in title or employer"), ("location", "part of the location"),
                                     ("occupation", "an ESCO occupation URI"), ("remote", "true or false")],
                      responses: [(200, paged("Opportunity"))]),
            Operation(method: "post", path: "/api/v1/opportunities", tag: "opportunities", summary: "Create an opportunity (admins)", body: .json(ref("OpportunityInput")),
                      responses: [(201, ref("Opportunity"))]),
            Operation(method: "get", path: "/api/v1/opportunities/{id}", tag: "opportunities", summary: "One opportunity", responses: [(200, ref("Opportunity"))]),
            Operation(method: "put", path: "/api/v1/opportunities/{id}", tag: "opportunities", summary: "Replace an opportunity (admins)", body: .json(ref("OpportunityInput")),
                      responses: [(200, ref("Opportunity"))]),
            Operation(method: "patch", path: "/api/v1/opportunities/{id}", tag: "opportunities", summary: "Open or close an opportunity (admins)",
                      body: .json(try schema(Opportunities.StatusChange(status: .closed))), responses: [(200, ref("Opportunity"))]),
            Operation(method: "post", path: "/api/v1/opportunities/{id}/close", tag: "opportunities", summary: "Close an opportunity (admins)", responses: [(200, ref("Opportunity"))]),
            Operation(method: "post", path: "/api/v1/opportunities/import", tag: "opportunities", summary: "Import schema.org JobPosting JSON or JSON lines (admins)",
                      query: [("organization_id", "import into this organization")], body: .raw("application/json", "JobPosting JSON, an array, or JSON lines"),
                      responses: [(200, try schema(JobPostingImport.Report(created: 1, updated: 1, rejected: [.init(row: 2, reason: "title: is required")], ids: [Samples.id])))]),
            Operation(method: "get", path: "/api/v1/learning-resources", tag: "learning", summary: "Learning resources the caller may see",
                      query: page + [("skill", "an ESCO skill URI taught"), ("q", "words in the title")], responses: [(200, paged("LearningResource"))]),
            Operation(method: "post", path: "/api/v1/learning-resources", tag: "learning", summary: "Create a learning resource (admins)",
                      body: .json(ref("LearningResourceInput")), responses: [(201, ref("LearningResource"))]),
            Operation(method: "get", path: "/api/v1/learning-resources/{id}", tag: "learning", summary: "One learning resource", responses: [(200, ref("LearningResource"))]),
            Operation(method: "put", path: "/api/v1/learning-resources/{id}", tag: "learning", summary: "Replace a learning resource (admins)",
                      body: .json(ref("LearningResourceInput")), responses: [(200, ref("LearningResource"))]),
            Operation(method: "put", path: "/api/v1/learning-resources/{id}/completion", tag: "learning", summary: "Mark it completed", responses: [(204, nil)]),
            Operation(method: "delete", path: "/api/v1/learning-resources/{id}/completion", tag: "learning", summary: "Unmark it", responses: [(204, nil)]),
            Operation(method: "put", path: "/api/v1/learning-resources/{id}/rating", tag: "learning", summary: "Rate it 1–5",
                      body: .json(try schema(Learning.Rating(rating: 4))), responses: [(204, nil)]),
            Operation(method: "post", path: "/api/v1/jobs/analyze", tag: "intelligence",
                      summary: "The skills a job description asks for (with the words that support each), seniority, years, remote and location hints",
                      body: .json(try schema(JobsController<Context>.Input(text: "…"))), responses: [(200, try schema(Self.analysis))]),
            Operation(method: "get", path: "/api/v1/opportunities/match", tag: "intelligence",
                      summary: "The caller's best open opportunities, each scored 0–100 in named parts and explained (stored, refreshed on change)",
                      query: page, responses: [(200, try schema(Paged(all: [MatchView(Self.match)], request: PageRequest())))]),
            Operation(method: "get", path: "\(user)/skill-gap", tag: "intelligence",
                      summary: "A target role's skills (taxonomy and postings) against the member's, gaps ranked with their evidence",
                      query: [("target_role", "an ESCO occupation URI or a job title")], responses: [(200, try schema(Self.gap))]),
            Operation(method: "get", path: "\(user)/recommendations", tag: "intelligence",
                      summary: "Learning recommended to the member (collaborative filtering blended with their skill gaps, profile and popularity), each with why; cached six hours, recomputed when their skills, goals or completions change",
                      query: [("limit", "1–50, default 10")],
                      responses: [(200, try schema(RecommendationsView(items: [RecommendationView(LearningRecommendation(
                          resource: Samples.resource, score: 81, reasons: ["Closes your gap in SQL, which data analyst needs."]))])))]),
            Operation(method: "post", path: "/api/v1/analytics/track", tag: "analytics",
                      summary: "The seed's event tracking: one event or {\"events\": [...]} with up to 500, each with the client's id (a repeat is stored once), a declared type and its properties, and occurred_at; 202 with the rejected ones and why (the rest lands)",
                      body: .json(try schema(TrackedEvent(id: "c3f1a9e2-01", type: "page_viewed", occurredAt: Samples.date, properties: ["page": .text("/dashboard")]))),
                      responses: [(202, try schema(AnalyticsController<Context>.Receipt(accepted: 1, rejected: [.init(index: 1, id: "x1234567", reason: "type: is not a known event type")])))]),
            Operation(method: "get", path: "/api/v1/analytics/reports/engagement", tag: "analytics",
                      summary: "Active members per day, week or month, and monthly stickiness (mean daily active / monthly active), from the worker's roll-ups" + Self.reportRules,
                      query: Self.reportQuery + [("period", "day (default), week or month")], responses: [(200, .any)]),
            Operation(method: "get", path: "/api/v1/analytics/reports/retention", tag: "analytics",
                      summary: "Weekly retention cohorts: members by the week they were first active, and how many were active each week after" + Self.reportRules,
                      query: Self.reportQuery, responses: [(200, .any)]),
            Operation(method: "get", path: "/api/v1/analytics/reports/funnel", tag: "analytics",
                      summary: "The funnel sign-up → profile → skills → goal → plan for members who signed up in the range, with conversion from the step before and from the start" + Self.reportRules,
                      query: Self.reportQuery, responses: [(200, .any)]),
            Operation(method: "get", path: "/api/v1/analytics/reports/progress", tag: "analytics",
                      summary: "Daily progress snapshots per member (skills, levels, verified skills, goals done, plan completion) as means over the organization or a team" + Self.reportRules,
                      query: Self.reportQuery + [("team", "a team id of the organization")], responses: [(200, .any)]),
            Operation(method: "get", path: "/api/v1/analytics/reports/market", tag: "analytics",
                      summary: "Postings per skill by week or month, growth, the fastest rising and falling skills with a damped-trend outlook, optionally for one occupation and location" + Self.reportRules,
                      query: Self.reportQuery + [("period", "week (default) or month"), ("occupation", "an ESCO occupation URI"), ("location", "text in the posting's location"),
                                                 ("limit", "1–100 skills, default 20")], responses: [(200, .any)]),
            Operation(method: "get", path: "\(user)/progress", tag: "analytics",
                      summary: "The member's own progress, day by day, from the daily snapshots", query: [("from", "YYYY-MM-DD"), ("to", "YYYY-MM-DD"), ("format", "json or csv")],
                      responses: [(200, .any)]),
            Operation(method: "get", path: "/api/v1/market/skills/demand", tag: "intelligence",
                      summary: "Weekly postings asking for a skill (those the caller may see), growth over the last four weeks, and a damped-trend exponential-smoothing forecast with its 80% interval",
                      query: [("skill", "a catalog skill URI: ESCO, a technology or a custom skill"), ("weeks", "8–156, default 26"), ("horizon", "1–26 weeks ahead, default 8")], responses: [(200, .any)]),
            Operation(method: "get", path: "\(user)/trajectory", tag: "intelligence",
                      summary: "When the member reaches their skill targets (skill goals, and what their role goal's role needs most) and finishes their goals' milestones at their pace: Holt's linear trend on their level-ups per month and milestones per week, each date with its 80% interval",
                      responses: [(200, .any)]),
            Operation(method: "get", path: "\(user)/career-paths", tag: "intelligence",
                      summary: "Likely next roles from a role (default: the member's current position), with probabilities from members' moves, typical months and the essential skills still to gain",
                      query: [("from", "an ESCO occupation URI or a job title"), ("limit", "1–20, default 5")], responses: [(200, try schema(Self.paths))]),
            Operation(method: "get", path: "/api/v1/openapi.json", tag: "meta", summary: "This document", responses: [(200, .any)], authenticated: false),
        ]
    }

    static var match: OpportunityMatch {
        let skill = MatchBreakdown.Skill(uri: Samples.skill.uri, label: Samples.skill.label, required: true, wantedLevel: 3, yourLevel: 2)
        return OpportunityMatch(opportunity: Samples.opportunity, breakdown: MatchBreakdown(
            score: 72, parts: [MatchBreakdown.Part(name: "skills", points: 40.5, maximum: 50, detail: "You have 1 of the 1 skills it asks for.")],
            matchedSkills: [skill], missingSkills: [skill], summary: "72/100 — strongest on skills."))
    }

    static var paths: CareerPathsView {
        CareerPathsView(CareerPathReport(origin: Samples.occupation, resolvedBy: "profile", paths: [
            CareerPath(occupation: Samples.occupation, probability: 0.62, typicalMonths: 30, observedMoves: 4, similarity: 0.41,
                       skillsToGain: [Samples.skill], skillsHeld: 5),
        ]))
    }

    static var gap: SkillGapView {
        SkillGapView(SkillGapReport(
            target: .init(occupation: Samples.occupation, resolvedBy: "similarity", similarity: 0.81, alternatives: [Samples.occupation]),
            postingsConsidered: 3, readiness: 40,
            items: [.init(skill: Samples.skill, status: .below, relation: .essential, importance: 0.8, targetLevel: 3, currentLevel: 2,
                          verification: "self", postings: 2, evidence: ["Essential for software developer in the ESCO taxonomy."])]))
    }

    static let proposal = SkillProposal(uri: "urn:careerops:technology:kubernetes", label: "Kubernetes",
                                        concept: .init(uri: Samples.skill.uri, label: "manage ICT virtualisation machines"), confidence: 1,
                                        sources: [.init(field: "experience", position: "Platform engineer at Acme", words: "Kubernetes")])

    static var analysis: JobAnalysisView {
        let span = JobAnalysisSpan(start: 0, end: 6, text: "Python")
        let hint = JobAnalysisHint(value: "senior", evidence: span)
        let tool = JobAnalysisSpan(start: 11, end: 21, text: "Kubernetes")
        return .init(skills: [.init(uri: Samples.skill.uri, label: "Python", confidence: 1, evidence: [span]),
                              .init(uri: "urn:careerops:technology:kubernetes", label: "Kubernetes", confidence: 1, evidence: [tool],
                                    concept: .init(uri: Samples.skill.uri, label: "manage ICT virtualisation machines"))],
                     suggestions: [.init(uri: Samples.skill.uri, label: "use scripting programming", confidence: 0.61, evidence: [span])], seniority: hint,
                     yearsMinimum: 3, yearsMaximum: 5, workplace: hint, location: hint)
    }

    static let token = PersonalToken(id: Samples.id, userID: Samples.id, name: "ci", scopes: [.read], createdAt: Samples.date, lastUsedAt: Samples.date,
                                     expiresAt: Samples.date, revokedAt: Samples.date)

    /// The named schemas responses and bodies refer to.
    static func components() throws -> [(String, SchemaNode)] {
        func schema(_ sample: some Encodable) throws -> SchemaNode { try SchemaRecorder.schema(of: sample) }
        let users = UsersController<DocumentContext>.UserView(
            id: "…", name: "Ada", emailVerified: true, profile: ProfileView(Samples.profile), skills: [SkillView(Samples.memberSkill)],
            goals: [GoalView(Samples.goal)], careerPlan: PlanView(Samples.plan))
        typealias Transfer = ImportExportController<DocumentContext>
        let export = Transfer.Export(
            exportedAt: Samples.date, account: .init(id: "…", name: "Ada", email: "ada@example.com", emailVerified: true, createdAt: Samples.date),
            organizations: CallerView(account: Samples.account, principal: Samples.principal).organizations, profile: ProfileView(Samples.profile),
            skills: [.init(skill: SkillView(Samples.memberSkill), history: [LevelChangeView(level: 3, changedAt: Samples.date)])],
            goals: [GoalView(Samples.goal)], plans: [PlanView(Samples.plan)], learning: [.init(resourceId: "…", completedAt: Samples.date, rating: 4)],
            sessions: [.init(kind: "api", userAgent: "curl", createdAt: Samples.date, lastSeenAt: Samples.date)],
            personalTokens: [.init(name: "ci", scopes: ["read"], createdAt: Samples.date)])
        let action = ActionInput(kind: .learn, title: "x", status: .todo, position: 0, dueOn: Samples.day, skillUri: "x", resourceId: Samples.id, opportunityId: Samples.id)
        let phase = PhaseInput(title: "x", position: 0, actions: [action])
        return [
            ("Problem", try schema(ProblemDetails(status: .unprocessableContent, detail: "x", requestID: "…", errors: ["field": "reason"]))),
            ("TokenPair", try schema(TokenPair(accessToken: "…", refreshToken: "…", tokenType: "Bearer", expiresIn: 900))),
            ("Caller", try schema(CallerView(account: Samples.account, principal: Samples.principal))),
            ("User", try schema(users)),
            ("Profile", try schema(ProfileView(Samples.profile))),
            ("Experience", try schema(ExperienceView(Samples.profile.experiences[0]))),
            ("ExperienceInput", try schema(Samples.preview.experiences[0])),
            ("Skill", try schema(SkillView(Samples.memberSkill))),
            ("Endorsement", try schema(EndorsementView(Samples.memberSkill.endorsements[0]))),
            ("Goal", try schema(GoalView(Samples.goal))),
            ("Plan", try schema(PlanView(Samples.plan))),
            ("PlanInput", try schema(PlanInput(title: "x", goalId: Samples.id, phases: [phase]))),
            ("PhaseInput", try schema(phase)),
            ("ActionInput", try schema(action)),
            ("Opportunity", try schema(OpportunityView(Samples.opportunity))),
            ("OpportunityInput", try schema(OpportunityInput(title: "x", employer: "x", description: "x", location: "x", remote: true, employmentType: "FULL_TIME",
                                                             salaryMinYearly: 1, salaryMaxYearly: 2, salaryCurrency: "EUR", occupationUri: "x", closesOn: Samples.day,
                                                             externalId: "x", organizationId: Samples.id, skills: [.init(uri: "x", required: true, minLevel: 3)]))),
            ("LearningResource", try schema(LearningResourceView(Samples.resource))),
            ("LearningResourceInput", try schema(LearningResourceInput(title: "x", provider: "x", url: "https://x", format: "course", durationMinutes: 60, level: 2,
                                                                       skillUris: ["x"], organizationId: Samples.id))),
            ("ImportPreview", try schema(Transfer.PreviewView(Samples.preview))),
            ("Export", try schema(export)),
        ]
    }
}
