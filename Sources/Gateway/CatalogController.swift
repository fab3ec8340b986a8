import Career
import Core
import HTTPEdge
import Hummingbird

/// `GET /api/v1/skills/catalog?q=&limit=`: catalog autocomplete over every label of a skill.
public struct CatalogController<Context: EdgeContext>: Sendable {
    let search: SkillCatalogSearch

    public init(search: SkillCatalogSearch) { self.search = search }

    struct Answer: ResponseEncodable {
        let items: [CatalogMatch]
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("skills/catalog") { request, _ -> Answer in
            let limitText = request.uri.queryParameters["limit"].map(String.init)
            guard let limit = Int(limitText ?? "10") else {
                throw DomainError.invalid(field: "limit", reason: "must be a whole number")
            }
            return Answer(items: try await search.search(request.uri.queryParameters["q"].map(String.init), limit: limit))
        }
    }
}
