import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity
import Insights

/// `/api/v1/users/:user/plans`: career plans, their phases and actions, and
/// `POST …/plans/generate` (the seed's `generateCareerPlan`).
struct PlansController<Context: EdgeContext>: Sendable {
    let career: CareerService
    let insights: Insights

    struct PhaseChange: Codable {
        let title: String?
        let position: Int?
    }

    func addRoutes(to api: RouterGroup<Context>) {
        let plans = api.group("users/:user/plans")
        plans.get { request, context -> Response in
            let (principal, member) = try MemberPath.member(context)
            let page = try request.page()
            return try ETag.respond(Paged(all: try await career.plans(of: member, as: principal).map(PlanView.init), request: page), to: request, context: context)
        }
        plans.post { request, context -> EditedResponse<PlanView> in
            let (principal, member) = try MemberPath.member(context)
            let input = try await request.json(PlanInput.self, context: context)
            return .init(status: .created, response: PlanView(try await career.createPlan(for: member, as: principal, input)))
        }
        plans.post("generate") { _, context -> GeneratedPlanView in
            let (principal, member) = try MemberPath.member(context)
            let (plan, changes) = try await insights.generatePlan(for: member, as: principal)
            return GeneratedPlanView(plan: PlanView(plan), changes: changes)
        }
        plans.get(":id") { request, context -> Response in
            let (principal, member) = try MemberPath.member(context)
            return try ETag.respond(PlanView(try await career.plan(try pathID("id", context), of: member, as: principal)), to: request, context: context)
        }
        plans.patch(":id") { request, context -> PlanView in
            let (principal, member) = try MemberPath.member(context)
            let change = try await request.json(PlanChange.self, context: context)
            return PlanView(try await career.updatePlan(try pathID("id", context), of: member, as: principal, change))
        }
        plans.delete(":id") { _, context -> HTTPResponse.Status in
            let (principal, member) = try MemberPath.member(context)
            try await career.removePlan(try pathID("id", context), of: member, as: principal)
            return .noContent
        }
        plans.post(":id/phases") { request, context -> EditedResponse<PlanView> in
            let (principal, member) = try MemberPath.member(context)
            let input = try await request.json(PhaseInput.self, context: context)
            return .init(status: .created, response: PlanView(try await career.addPhase(to: try pathID("id", context), of: member, as: principal, input)))
        }
        plans.patch(":id/phases/:phase") { request, context -> PlanView in
            let (principal, member) = try MemberPath.member(context)
            let change = try await request.json(PhaseChange.self, context: context)
            return PlanView(try await career.renamePhase(try pathID("phase", context), of: try pathID("id", context), of: member, as: principal,
                                                        title: change.title, position: change.position))
        }
        plans.delete(":id/phases/:phase") { _, context -> PlanView in
            let (principal, member) = try MemberPath.member(context)
            return PlanView(try await career.removePhase(try pathID("phase", context), of: try pathID("id", context), of: member, as: principal))
        }
        plans.post(":id/phases/:phase/actions") { request, context -> EditedResponse<PlanView> in
            let (principal, member) = try MemberPath.member(context)
            let input = try await request.json(ActionInput.self, context: context)
            return .init(status: .created, response: PlanView(try await career.addAction(
                to: try pathID("phase", context), of: try pathID("id", context), of: member, as: principal, input)))
        }
        plans.patch(":id/actions/:action") { request, context -> PlanView in
            let (principal, member) = try MemberPath.member(context)
            let change = try await request.json(ActionChange.self, context: context)
            return PlanView(try await career.updateAction(try pathID("action", context), of: try pathID("id", context), of: member, as: principal, change))
        }
        plans.delete(":id/actions/:action") { _, context -> PlanView in
            let (principal, member) = try MemberPath.member(context)
            return PlanView(try await career.removeAction(try pathID("action", context), of: try pathID("id", context), of: member, as: principal))
        }
    }
}

/// A generated plan and what generating it changed.
struct GeneratedPlanView: Codable, Sendable, ResponseEncodable {
    let plan: PlanView
    let changes: PlanChanges
}
