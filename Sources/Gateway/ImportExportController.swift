import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// A member's data in and out: import a JSON Resume or a LinkedIn export (`?dry_run=true`
/// shows what would be added without saving), export the profile as JSON Resume, export
/// everything as one JSON document, and delete the account with all of it.
struct ImportExportController<Context: EdgeContext>: Sendable {
    let career: CareerService
    let auth: AuthService
    let learning: LearningService

    struct PreviewView: ResponseEncodable {
        struct Skill: Codable { let name: String; let uri: String?; let catalogName: String?; let isCustom: Bool; let level: Int }
        let saved: Bool
        let headline: String?
        let summary: String?
        let location: String?
        let experiences: [ExperienceInput]
        let educations: [EducationInput]
        let skills: [Skill]
        let alreadyThere: Int

        init(_ preview: ImportPreview) {
            saved = preview.saved
            headline = preview.headline
            summary = preview.summary
            location = preview.location
            experiences = preview.experiences
            educations = preview.educations
            skills = preview.skills.map { Skill(name: $0.name, uri: $0.catalog?.uri, catalogName: $0.catalog?.label, isCustom: $0.catalog == nil, level: $0.level) }
            alreadyThere = preview.alreadyThere
        }
    }

    struct Deletion: Codable { let confirmEmail: String }

    struct Export: Encodable {
        struct AccountView: Encodable { let id: String; let name: String; let email: String; let emailVerified: Bool; let createdAt: Date }
        struct SkillExport: Encodable { let skill: SkillView; let history: [LevelChangeView] }
        struct Record: Encodable { let resourceId: String; let completedAt: Date?; let rating: Int? }
        struct SessionView: Encodable { let kind: String; let userAgent: String?; let createdAt: Date; let lastSeenAt: Date }
        struct TokenView: Encodable { let name: String; let scopes: [String]; let createdAt: Date }

        let exportedAt: Date
        let account: AccountView
        let organizations: [CallerView.Organization]
        let profile: ProfileView
        let skills: [SkillExport]
        let goals: [GoalView]
        let plans: [PlanView]
        let learning: [Record]
        let sessions: [SessionView]
        let personalTokens: [TokenView]
    }

    func addRoutes(to api: RouterGroup<Context>) {
        let user = api.group("users/:user")
        user.post("imports/json-resume") { request, context -> PreviewView in
            let (principal, member) = try MemberPath.member(context)
            // Asked before the file is read: a stranger's upload costs nothing.
            try await career.access.requireWrite(member, by: principal)
            let body = try await request.jsonBody(upTo: 5 << 20)
            let resume = try ResumeImport.jsonResume(Data(buffer: body))
            return PreviewView(try await career.importResume(resume, into: member, as: principal, apply: !(try Self.dryRun(request))))
        }
        user.post("imports/linkedin") { request, context -> PreviewView in
            let (principal, member) = try MemberPath.member(context)
            try await career.access.requireWrite(member, by: principal)
            let body = try await request.body.collect(upTo: 50 << 20)
            guard body.readableBytes > 0 else { throw DomainError.invalid(field: "file", reason: "is empty") }
            let names: Set<String> = ["Profile.csv", "Positions.csv", "Education.csv", "Skills.csv"]
            let files = try ZipReader(data: Data(buffer: body)).files(named: names).mapValues { String(decoding: $0, as: UTF8.self) }
            let resume = try ResumeImport.linkedIn(files: files)
            return PreviewView(try await career.importResume(resume, into: member, as: principal, apply: !(try Self.dryRun(request))))
        }
        user.get("export/json-resume") { _, context -> Response in
            let (principal, member) = try MemberPath.member(context)
            try await career.access.requireOwner(member, by: principal)
            let account = try await auth.account(of: principal)
            let resume = JSONResume(name: account.name, email: account.email, profile: try await career.profile(of: member, as: principal), skills: try await career.skills(of: member, as: principal))
            // JSON Resume's own field names (camelCase), not the API's snake_case.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return try Self.attachment(resume, name: "resume.json", encoder: encoder)
        }
        user.get("export") { _, context -> Response in
            let (principal, member) = try MemberPath.member(context)
            try await career.access.requireOwner(member, by: principal)
            let account = try await auth.account(of: principal)
            let skills = try await career.skills(of: member, as: principal)
            var skillExports: [Export.SkillExport] = []
            for skill in skills {
                let history = try await career.history(of: skill.id, of: member, as: principal).map { LevelChangeView(level: $0.level, changedAt: $0.changedAt) }
                skillExports.append(.init(skill: SkillView(skill), history: history))
            }
            let export = Export(
                exportedAt: Date(),
                account: .init(id: account.id.uuidString.lowercased(), name: account.name, email: account.email, emailVerified: account.isEmailVerified, createdAt: account.createdAt),
                organizations: CallerView(account: account, principal: principal).organizations,
                profile: ProfileView(try await career.profile(of: member, as: principal)), skills: skillExports,
                goals: try await career.goals(of: member, as: principal).map(GoalView.init), plans: try await career.plans(of: member, as: principal).map(PlanView.init),
                learning: try await learning.records(of: member, as: principal).map { .init(resourceId: $0.resourceID.uuidString.lowercased(), completedAt: $0.completedAt, rating: $0.rating) },
                sessions: try await auth.sessions(of: principal).map { .init(kind: $0.kind.rawValue, userAgent: $0.userAgent, createdAt: $0.createdAt, lastSeenAt: $0.lastSeenAt) },
                personalTokens: try await auth.personalTokens(of: principal).map { .init(name: $0.name, scopes: $0.scopes.map(\.rawValue).sorted(), createdAt: $0.createdAt) }
            )
            return try Self.attachment(export, name: "careerops-export.json")
        }
        user.delete { request, context -> HTTPResponse.Status in
            let (principal, member) = try MemberPath.member(context)
            try await career.access.requireWrite(member, by: principal)
            let input = try await request.json(Deletion.self, context: context)
            try await auth.deleteAccount(principal, confirmEmail: input.confirmEmail, origin: context.origin(request))
            return .noContent
        }
    }

    /// `?dry_run=true` previews; anything but true or false names the field (a typo must not save).
    static func dryRun(_ request: Request) throws -> Bool {
        switch request.uri.queryParameters["dry_run"].map(String.init) {
        case nil, "false": false
        case "true": true
        default: throw DomainError.invalid(field: "dry_run", reason: "must be true or false")
        }
    }

    static func attachment(_ value: some Encodable, name: String, encoder: JSONEncoder = APIJSON.encoder) throws -> Response {
        encoder.outputFormatting.insert(.prettyPrinted)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
                                               .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }
}
