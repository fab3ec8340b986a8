import Career
import Core
import Foundation
import Hummingbird
import Identity

/// `/api/v1/users/:user/profile`, `…/experiences`, `…/educations`: a member's profile, work
/// history and education. `:user` may be `me`.
struct ProfileController<Context: GatewayContext>: Sendable {
    let access: MemberAccess
    var career: CareerService { access.career }

    func addRoutes(to api: RouterGroup<Context>) {
        let user = api.group("users/:user")
        user.get("profile") { request, context -> Response in
            let (_, member) = try await access.read(context)
            return try ETag.respond(ProfileView(try await career.profile(of: member)), to: request, context: context)
        }
        user.patch("profile") { request, context -> ProfileView in
            let (_, member) = try await access.write(context)
            let change = try await request.json(ProfileChange.self, context: context)
            return ProfileView(try await career.updateProfile(of: member, change))
        }
        user.post("experiences") { request, context -> EditedResponse<ExperienceView> in
            let (_, member) = try await access.write(context)
            let input = try await request.json(ExperienceInput.self, context: context)
            return .init(status: .created, response: ExperienceView(try await career.addExperience(to: member, input)))
        }
        user.put("experiences/:id") { request, context -> ExperienceView in
            let (_, member) = try await access.write(context)
            let input = try await request.json(ExperienceInput.self, context: context)
            return ExperienceView(try await career.updateExperience(try pathID("id", context), of: member, input))
        }
        user.delete("experiences/:id") { _, context -> HTTPResponse.Status in
            let (_, member) = try await access.write(context)
            try await career.removeExperience(try pathID("id", context), of: member)
            return .noContent
        }
        user.post("educations") { request, context -> EditedResponse<EducationView> in
            let (_, member) = try await access.write(context)
            let input = try await request.json(EducationInput.self, context: context)
            return .init(status: .created, response: EducationView(try await career.addEducation(to: member, input)))
        }
        user.delete("educations/:id") { _, context -> HTTPResponse.Status in
            let (_, member) = try await access.write(context)
            try await career.removeEducation(try pathID("id", context), of: member)
            return .noContent
        }
    }
}
