import Career
import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// `/api/v1/opportunities`: members browse open opportunities; platform admins and the admins
/// of an organization create, change, close and import them (schema.org `JobPosting`).
struct OpportunitiesController<Context: EdgeContext>: Sendable {
    let opportunities: OpportunityService

    struct StatusChange: Codable { let status: Opportunity.Status }

    func addRoutes(to api: RouterGroup<Context>) {
        let group = api.group("opportunities")
        group.get { request, context -> Response in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let query = request.uri.queryParameters
            var filter = OpportunityFilter()
            if let status = query["status"].map(String.init) {
                if status == "all" { filter.status = nil } else {
                    guard let value = Opportunity.Status(rawValue: status) else { throw DomainError.invalid(field: "status", reason: "must be open, closed or all") }
                    filter.status = value
                }
            }
            filter.query = query["q"].map(String.init)
            filter.location = query["location"].map(String.init)
            filter.occupationURI = query["occupation"].map(String.init)
            if let remote = query["remote"].map(String.init) {
                guard let value = Bool(remote) else { throw DomainError.invalid(field: "remote", reason: "must be true or false") }
                filter.remote = value
            }
            let page = try await opportunities.list(filter, as: principal, page: try request.page(defaultLimit: 20))
            return try ETag.respond(Paged(page.map(OpportunityView.init)), to: request, context: context)
        }
        group.get(":id") { request, context -> Response in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let opportunity = try await opportunities.opportunity(try pathID("id", context), as: principal)
            return try ETag.respond(OpportunityView(opportunity), to: request, context: context)
        }
        group.post { request, context -> EditedResponse<OpportunityView> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(OpportunityInput.self, context: context)
            return .init(status: .created, response: OpportunityView(try await opportunities.create(input, as: principal)))
        }
        group.put(":id") { request, context -> OpportunityView in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(OpportunityInput.self, context: context)
            return OpportunityView(try await opportunities.replace(try pathID("id", context), with: input, as: principal))
        }
        group.patch(":id") { request, context -> OpportunityView in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let change = try await request.json(StatusChange.self, context: context)
            return OpportunityView(try await opportunities.setStatus(try pathID("id", context), to: change.status, as: principal))
        }
        group.post(":id/close") { _, context -> OpportunityView in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            return OpportunityView(try await opportunities.setStatus(try pathID("id", context), to: .closed, as: principal))
        }
        group.post("import") { request, context -> JobPostingImport.Report in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            var organization: UUID?
            if let text = request.uri.queryParameters["organization_id"].map(String.init) {
                guard let id = UUID(uuidString: text) else { throw DomainError.invalid(field: "organization_id", reason: "is not an id") }
                organization = id
            }
            let body = try await request.body.collect(upTo: 20 << 20)
            return try await opportunities.importPostings(Data(buffer: body), organization: organization, as: principal)
        }
    }
}

extension JobPostingImport.Report: ResponseEncodable {}

/// `/api/v1/learning-resources`: the catalog of learning, kept by admins; members record what
/// they completed and rate it 1–5.
struct LearningController<Context: EdgeContext>: Sendable {
    let learning: LearningService

    struct Rating: Codable { let rating: Int }

    struct RecordView: Codable, Sendable {
        let resourceId: String
        let completedAt: Date?
        let rating: Int?
    }

    func addRoutes(to api: RouterGroup<Context>) {
        let group = api.group("learning-resources")
        group.get { request, context -> Response in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let query = request.uri.queryParameters
            let page = try await learning.list(as: principal, skillURI: query["skill"].map(String.init),
                                               query: query["q"].map(String.init), page: try request.page(defaultLimit: 20))
            return try ETag.respond(Paged(page.map(LearningResourceView.init)), to: request, context: context)
        }
        group.get(":id") { request, context -> Response in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let resource = try await learning.resource(try pathID("id", context), as: principal)
            return try ETag.respond(LearningResourceView(resource), to: request, context: context)
        }
        group.post { request, context -> EditedResponse<LearningResourceView> in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(LearningResourceInput.self, context: context)
            return .init(status: .created, response: LearningResourceView(try await learning.create(input, as: principal)))
        }
        group.put(":id") { request, context -> LearningResourceView in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(LearningResourceInput.self, context: context)
            return LearningResourceView(try await learning.replace(try pathID("id", context), with: input, as: principal))
        }
        group.put(":id/completion") { _, context -> HTTPResponse.Status in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            try await learning.complete(try pathID("id", context), as: principal)
            return .noContent
        }
        group.delete(":id/completion") { _, context -> HTTPResponse.Status in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            try await learning.uncomplete(try pathID("id", context), as: principal)
            return .noContent
        }
        group.put(":id/rating") { request, context -> HTTPResponse.Status in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(Rating.self, context: context)
            try await learning.rate(try pathID("id", context), as: principal, rating: input.rating)
            return .noContent
        }
        api.get("users/:user/learning") { request, context -> Paged<RecordView> in
            let (principal, member) = try MemberPath.member(context)
            let records = try await learning.records(of: member, as: principal).map {
                RecordView(resourceId: $0.resourceID.uuidString.lowercased(), completedAt: $0.completedAt, rating: $0.rating)
            }
            return Paged(all: records, request: try request.page())
        }
    }
}
