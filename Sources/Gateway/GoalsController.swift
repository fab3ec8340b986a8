import Career
import Core
import Foundation
import Hummingbird
import Identity

/// `/api/v1/users/:user/goals`: career goals and their milestones.
struct GoalsController<Context: GatewayContext>: Sendable {
    let access: MemberAccess
    var career: CareerService { access.career }

    func addRoutes(to api: RouterGroup<Context>) {
        let goals = api.group("users/:user/goals")
        goals.get { request, context -> Response in
            let (_, member) = try await access.read(context)
            let page = try request.page()
            return try ETag.respond(Paged(all: try await career.goals(of: member).map(GoalView.init), request: page), to: request, context: context)
        }
        goals.post { request, context -> EditedResponse<GoalView> in
            let (_, member) = try await access.write(context)
            let input = try await request.json(GoalInput.self, context: context)
            return .init(status: .created, response: GoalView(try await career.createGoal(for: member, input)))
        }
        goals.get(":id") { request, context -> Response in
            let (_, member) = try await access.read(context)
            return try ETag.respond(GoalView(try await career.goal(try pathID("id", context), of: member)), to: request, context: context)
        }
        goals.patch(":id") { request, context -> GoalView in
            let (_, member) = try await access.write(context)
            let change = try await request.json(GoalChange.self, context: context)
            return GoalView(try await career.updateGoal(try pathID("id", context), of: member, change))
        }
        goals.delete(":id") { _, context -> HTTPResponse.Status in
            let (_, member) = try await access.write(context)
            try await career.removeGoal(try pathID("id", context), of: member)
            return .noContent
        }
        goals.post(":id/milestones") { request, context -> EditedResponse<GoalView> in
            let (_, member) = try await access.write(context)
            let input = try await request.json(MilestoneInput.self, context: context)
            return .init(status: .created, response: GoalView(try await career.addMilestone(to: try pathID("id", context), of: member, input)))
        }
        goals.patch(":id/milestones/:milestone") { request, context -> GoalView in
            let (_, member) = try await access.write(context)
            let change = try await request.json(MilestoneChange.self, context: context)
            return GoalView(try await career.updateMilestone(try pathID("milestone", context), of: try pathID("id", context), of: member, change))
        }
        goals.delete(":id/milestones/:milestone") { _, context -> GoalView in
            let (_, member) = try await access.write(context)
            return GoalView(try await career.removeMilestone(try pathID("milestone", context), of: try pathID("id", context), of: member))
        }
    }
}
