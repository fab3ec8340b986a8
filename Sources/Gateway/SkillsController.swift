import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity
import Insights

/// A member's skills (`/api/v1/users/:user/skills`), endorsements by colleagues and coaches,
/// the seed's `POST /api/v1/skills/verify`, and the skills the member's own words propose
/// (`/api/v1/users/:user/skill-proposals`, confirmed by `…/confirm`).
struct SkillsController<Context: EdgeContext>: Sendable {
    let career: CareerService
    let proposals: SkillProposals

    struct Confirmation: Codable {
        let uris: [String]
        let level: Int
    }

    struct Proposals: ResponseEncodable { let items: [SkillProposalView] }
    struct Added: ResponseEncodable { let items: [SkillView] }

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
            let (principal, member) = try MemberPath.member(context)
            let page = try request.page()
            return try ETag.respond(Paged(all: try await career.skills(of: member, as: principal).map(SkillView.init), request: page), to: request, context: context)
        }
        skills.post { request, context -> EditedResponse<SkillView> in
            let (principal, member) = try MemberPath.member(context)
            let input = try await request.json(SkillInput.self, context: context)
            return .init(status: .created, response: SkillView(try await career.addSkill(to: member, as: principal, input)))
        }
        skills.get(":id") { request, context -> Response in
            let (principal, member) = try MemberPath.member(context)
            return try ETag.respond(SkillView(try await career.skill(try pathID("id", context), of: member, as: principal)), to: request, context: context)
        }
        skills.patch(":id") { request, context -> SkillView in
            let (principal, member) = try MemberPath.member(context)
            let change = try await request.json(SkillChange.self, context: context)
            return SkillView(try await career.updateSkill(try pathID("id", context), of: member, as: principal, change))
        }
        skills.delete(":id") { _, context -> HTTPResponse.Status in
            let (principal, member) = try MemberPath.member(context)
            try await career.removeSkill(try pathID("id", context), of: member, as: principal)
            return .noContent
        }
        skills.get(":id/history") { _, context -> History in
            let (principal, member) = try MemberPath.member(context)
            let id = try pathID("id", context)
            return History(skillId: id.uuidString.lowercased(),
                           items: try await career.history(of: id, of: member, as: principal).map { LevelChangeView(level: $0.level, changedAt: $0.changedAt) })
        }
        skills.post(":id/endorsements") { request, context -> EditedResponse<EndorsementView> in
            let (principal, member) = try MemberPath.member(context)
            let input = try await request.json(NewEndorsement.self, context: context)
            let endorsement = try await career.endorse(try pathID("id", context), of: member, as: principal, level: input.level, comment: input.comment)
            return .init(status: .created, response: EndorsementView(endorsement))
        }
        api.get("users/:user/skill-proposals") { _, context -> Proposals in
            let (principal, member) = try MemberPath.member(context)
            return Proposals(items: try await proposals.proposals(of: member, as: principal).map(SkillProposalView.init))
        }
        api.post("users/:user/skill-proposals/confirm") { request, context -> EditedResponse<Added> in
            let (principal, member) = try MemberPath.member(context)
            let input = try await request.json(Confirmation.self, context: context)
            return .init(status: .created, response: Added(items: try await proposals.confirm(input.uris, level: input.level, of: member, as: principal).map(SkillView.init)))
        }
        api.post("skills/verify") { request, context -> EditedResponse<EndorsementView> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(Verification.self, context: context)
            guard let source = RatingSource(rawValue: input.source), [.certificate, .assessment, .coach].contains(source) else {
                throw DomainError.invalid(field: "source", reason: "must be certificate, assessment or coach")
            }
            let verification = try await career.verify(input.userSkillId, as: principal, source: source, level: input.level,
                                                       comment: input.comment, reference: input.reference)
            return .init(status: .created, response: EndorsementView(verification))
        }
    }
}
