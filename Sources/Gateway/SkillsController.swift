import Career
import Core
import Foundation
import Hummingbird
import Identity

/// A member's skills (`/api/v1/users/:user/skills`), endorsements by colleagues and coaches,
/// and the seed's `POST /api/v1/skills/verify`.
struct SkillsController<Context: GatewayContext>: Sendable {
    let access: MemberAccess
    var career: CareerService { access.career }

    struct NewEndorsement: Codable {
        let level: Int
        let comment: String?
    }

    struct Verification: Codable {
        let userSkillId: UUID
        let source: String
        let level: Int
        let reference: String?
        let comment: String?
    }

    struct History: ResponseEncodable {
        let skillId: String
        let items: [LevelChangeView]
    }

    func addRoutes(to api: RouterGroup<Context>) {
        let skills = api.group("users/:user/skills")
        skills.get { request, context -> Response in
            let (_, member) = try await access.read(context)
            let page = try request.page()
            return try ETag.respond(Paged(all: try await career.skills(of: member).map(SkillView.init), request: page), to: request, context: context)
        }
        skills.post { request, context -> EditedResponse<SkillView> in
            let (_, member) = try await access.write(context)
            let input = try await request.json(SkillInput.self, context: context)
            return .init(status: .created, response: SkillView(try await career.addSkill(to: member, input)))
        }
        skills.get(":id") { request, context -> Response in
            let (_, member) = try await access.read(context)
            return try ETag.respond(SkillView(try await career.skill(try pathID("id", context), of: member)), to: request, context: context)
        }
        skills.patch(":id") { request, context -> SkillView in
            let (_, member) = try await access.write(context)
            let change = try await request.json(SkillChange.self, context: context)
            return SkillView(try await career.updateSkill(try pathID("id", context), of: member, change))
        }
        skills.delete(":id") { _, context -> HTTPResponse.Status in
            let (_, member) = try await access.write(context)
            try await career.removeSkill(try pathID("id", context), of: member)
            return .noContent
        }
        skills.get(":id/history") { _, context -> History in
            let (_, member) = try await access.read(context)
            let id = try pathID("id", context)
            return History(skillId: id.uuidString.lowercased(),
                           items: try await career.history(of: id, of: member).map { LevelChangeView(level: $0.level, changedAt: $0.changedAt) })
        }
        skills.post(":id/endorsements") { request, context -> EditedResponse<EndorsementView> in
            let (principal, member) = try await access.read(context)
            let input = try await request.json(NewEndorsement.self, context: context)
            let source: RatingSource = try await access.policy.isCoach(of: member, viewer: principal) ? .coach : .peer
            let endorsement = try await career.endorse(try pathID("id", context), of: member, by: principal.userID, as: source,
                                                       level: input.level, comment: input.comment)
            return .init(status: .created, response: EndorsementView(endorsement))
        }
        api.post("skills/verify") { request, context -> EditedResponse<EndorsementView> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(Verification.self, context: context)
            guard let source = RatingSource(rawValue: input.source), [.certificate, .assessment, .coach].contains(source) else {
                throw DomainError.invalid(field: "source", reason: "must be certificate, assessment or coach")
            }
            let member = try await career.owner(ofSkill: input.userSkillId)
            guard let member, try await access.canRead(member, by: principal) else { throw DomainError.notFound("skill") }
            // A coach's review comes from a coach the member shares with; certificates and
            // assessment results are recorded by the member or by an administrator.
            let allowed = switch source {
            case .coach: try await access.policy.isCoach(of: member, viewer: principal)
            default: principal.userID == member || principal.isPlatformAdmin || principal.memberships.contains { $0.role == .orgAdmin }
            }
            guard allowed else { throw DomainError.forbidden }
            let verification = try await career.verify(input.userSkillId, of: member, by: principal.userID, source: source,
                                                       level: input.level, comment: input.comment, reference: input.reference)
            return .init(status: .created, response: EndorsementView(verification))
        }
    }
}
