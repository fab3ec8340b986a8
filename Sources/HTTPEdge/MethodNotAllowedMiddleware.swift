import Hummingbird
import HTTPTypes
import Synchronization

/// The paths the router serves with the methods each takes, for answering a method it does not
/// take: 405 with `Allow` (RFC 9110 §15.5.6) instead of the router's 404, and `OPTIONS` with the
/// same list. Filled once every route is registered.
public final class RouteMethods: Sendable {
    struct Template {
        /// Literal segments, nil for a parameter.
        let segments: [String?]
        var methods: Set<String>
    }

    private let templates = Mutex<[Template]>([])

    public init() {}

    /// Learns the routes `(method, path template)` (`users/:user/skills` or `/users/{user}`).
    public func load(_ routes: [(method: HTTPRequest.Method, path: String)]) {
        var byPath: [[String?]: Set<String>] = [:]
        for route in routes {
            let segments = route.path.split(separator: "/").map { part -> String? in
                part.hasPrefix(":") || part.hasPrefix("{") || part == "*" ? nil : String(part)
            }
            byPath[segments, default: []].insert(route.method.rawValue)
        }
        templates.withLock { $0 = byPath.map { Template(segments: $0.key, methods: $0.value) } }
    }

    /// The methods of the route that serves `path`, choosing as the router does: a literal
    /// segment before a parameter. Nil when no route serves the path.
    func methods(for path: String) -> Set<String>? {
        let parts = path.split(separator: "/")
        return templates.withLock { templates in
            templates.filter { template in
                template.segments.count == parts.count && zip(template.segments, parts).allSatisfy { $0 == nil || $0! == $1 }
            }.max { a, b in
                // The first segment where they differ decides: the literal one is more specific.
                guard let index = a.segments.indices.first(where: { (a.segments[$0] == nil) != (b.segments[$0] == nil) }) else { return false }
                return a.segments[index] == nil
            }?.methods
        }
    }
}

/// A method a route does not take: answered 405 naming those it does in `Allow`.
public struct MethodNotAllowed: Error, Equatable {
    public let allowed: [String]
}

/// Answers `OPTIONS` on a served path with its methods (204), and any other method a served
/// path does not take with 405 and `Allow`; paths nobody serves stay 404.
public struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteMethods

    public init(routes: RouteMethods) { self.routes = routes }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            // The router's own "no route": a handler's 404 carries a message, or is a DomainError.
            guard let methods = routes.methods(for: request.uri.path), !methods.contains(request.method.rawValue) else { throw error }
            var allowed = methods
            if allowed.contains("GET") { allowed.insert("HEAD") }
            allowed.insert("OPTIONS")
            if request.method == .options {
                return Response(status: .noContent, headers: [.allow: allowed.sorted().joined(separator: ", ")])
            }
            throw MethodNotAllowed(allowed: allowed.sorted())
        }
    }
}

extension HTTPField.Name {
    static let allow = Self("Allow")!
}
