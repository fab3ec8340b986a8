import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// `/api/v1/users/:user/profile`, `…/experiences`, `…/educations`: a member's profile, work
/// history and education. `:user` may be `me`.
struct ProfileController<Context: EdgeContext>: Sendable {
    let career: CareerService

    func addRoutes(to api: RouterGroup<Context>) {
        let user = api.group("users/:user")
        user.get("profile") { request, context -> Response in
            let (principal, member) = try MemberPath.member(context)
            return try ETag.respond(ProfileView(try await career.profile(of: member, as: principal)), to: request, context: context)
        }
        user.patch("profile") { request, context -> ProfileView in
            let (principal, member) = try MemberPath.member(context)
            let change = try await request.json(ProfileChange.self, context: context)
            return ProfileView(try await career.updateProfile(of: member, as: principal, change))
        }
        user.post("experiences") { request, context -> EditedResponse<ExperienceView> in
            let (principal, member) = try MemberPath.member(context)
            let input = try await request.json(ExperienceInput.self, context: context)
            return .init(status: .created, response: ExperienceView(try await career.addExperience(to: member, as: principal, input)))
        }
        user.put("experiences/:id") { request, context -> ExperienceView in
            let (principal, member) = try MemberPath.member(context)
            let input = try await request.json(ExperienceInput.self, context: context)
            return ExperienceView(try await career.updateExperience(try pathID("id", context), of: member, as: principal, input))
        }
        user.delete("experiences/:id") { _, context -> HTTPResponse.Status in
            let (principal, member) = try MemberPath.member(context)
            try await career.removeExperience(try pathID("id", context), of: member, as: principal)
            return .noContent
        }
        user.post("educations") { request, context -> EditedResponse<EducationView> in
            let (principal, member) = try MemberPath.member(context)
            let input = try await request.json(EducationInput.self, context: context)
            return .init(status: .created, response: EducationView(try await career.addEducation(to: member, as: principal, input)))
        }
        user.delete("educations/:id") { _, context -> HTTPResponse.Status in
            let (principal, member) = try MemberPath.member(context)
            try await career.removeEducation(try pathID("id", context), of: member, as: principal)
            return .noContent
        }
    }
}
