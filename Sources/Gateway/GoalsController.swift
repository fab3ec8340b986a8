import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// `/api/v1/users/:user/goals`: career goals and their milestones.
struct GoalsController<Context: EdgeContext>: Sendable {
    let career: CareerService

    func addRoutes(to api: RouterGroup<Context>) {
        let goals = api.group("users/:user/goals")
        goals.get { request, context -> Response in
            let (principal, member) = try MemberPath.member(context)
            let page = try request.page()
            return try ETag.respond(Paged(all: try await career.goals(of: member, as: principal).map(GoalView.init), request: page), to: request, context: context)
        }
        goals.post { request, context -> EditedResponse<GoalView> in
            let (principal, member) = try MemberPath.member(context)
            let input = try await request.json(GoalInput.self, context: context)
            return .init(status: .created, response: GoalView(try await career.createGoal(for: member, as: principal, input)))
        }
        goals.get(":id") { request, context -> Response in
            let (principal, member) = try MemberPath.member(context)
            return try ETag.respond(GoalView(try await career.goal(try pathID("id", context), of: member, as: principal)), to: request, context: context)
        }
        goals.patch(":id") { request, context -> GoalView in
            let (principal, member) = try MemberPath.member(context)
            let change = try await request.json(GoalChange.self, context: context)
            return GoalView(try await career.updateGoal(try pathID("id", context), of: member, as: principal, change))
        }
        goals.delete(":id") { _, context -> HTTPResponse.Status in
            let (principal, member) = try MemberPath.member(context)
            try await career.removeGoal(try pathID("id", context), of: member, as: principal)
            return .noContent
        }
        goals.post(":id/milestones") { request, context -> EditedResponse<GoalView> in
            let (principal, member) = try MemberPath.member(context)
            let input = try await request.json(MilestoneInput.self, context: context)
            return .init(status: .created, response: GoalView(try await career.addMilestone(to: try pathID("id", context), of: member, as: principal, input)))
        }
        goals.patch(":id/milestones/:milestone") { request, context -> GoalView in
            let (principal, member) = try MemberPath.member(context)
            let change = try await request.json(MilestoneChange.self, context: context)
            return GoalView(try await career.updateMilestone(try pathID("milestone", context), of: try pathID("id", context), of: member, as: principal, change))
        }
        goals.delete(":id/milestones/:milestone") { _, context -> GoalView in
            let (principal, member) = try MemberPath.member(context)
            return GoalView(try await career.removeMilestone(try pathID("milestone", context), of: try pathID("id", context), of: member, as: principal))
        }
    }
}
