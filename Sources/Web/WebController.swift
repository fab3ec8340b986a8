import Core
import Foundation
import HTTPEdge
import HTTPTypes
import Hummingbird
import Identity

/// The web app's pages: server-rendered, each built from a page model that a template only
/// renders. Forms post back to the page; a rejected field is shown beside its input with what
/// was typed kept. Pages for members need a session (else they lead to sign-in); objects of
/// others answer 404.
public struct WebController<Context: EdgeContext>: Sendable {
    let services: WebServices
    let renderer: Renderer

    public init(services: WebServices, renderer: Renderer) {
        self.services = services
        self.renderer = renderer
    }

    public func addRoutes(to router: Router<Context>) {
        renderer.assets.addRoutes(to: router)
        addAccountRoutes(to: router)
        addMemberRoutes(to: router)
        addOnboardingRoutes(to: router)
        addInsightRoutes(to: router)
        addTeamRoutes(to: router)
        addAdminRoutes(to: router)
    }

    // MARK: Plumbing shared by the pages

    /// A signed-in member's page: without a session, a redirect to sign-in that comes back here.
    func member(_ request: Request, _ context: Context, _ build: (Principal, String) async throws -> Response) async throws -> Response {
        guard let principal = context.principal else {
            return Self.redirect("/sign-in?next=\(request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/dashboard")")
        }
        do {
            return try await build(principal, Self.csrf(request))
        } catch DomainError.notFound {
            return try renderer.response(MessagePage(chrome: renderer.chrome("Not found", for: principal, csrf: Self.csrf(request)),
                                                     message: "There is nothing here, or it is not yours to see."),
                                         template: "message", status: .notFound)
        } catch DomainError.forbidden {
            return try renderer.response(MessagePage(chrome: renderer.chrome("Not allowed", for: principal, csrf: Self.csrf(request)),
                                                     message: "This page is for administrators."),
                                         template: "message", status: .forbidden)
        } catch DomainError.unavailable(let why, let retryAfter) {
            var response = try renderer.response(MessagePage(chrome: renderer.chrome("Not ready yet", for: principal, csrf: Self.csrf(request)),
                                                             message: "CareerOps is still getting this ready (\(why)). Please try again in \(retryAfter) seconds."),
                                                 template: "message", status: .serviceUnavailable)
            response.headers[.retryAfter] = String(retryAfter)
            return response
        } catch let error as DomainError {
            // What a page does not show beside a field of its own (a bad rating, a conflict).
            return try renderer.response(MessagePage(chrome: renderer.chrome("That did not work", for: principal, csrf: Self.csrf(request)),
                                                     message: error.fieldError.map { "The \(Format.words($0.field)) \($0.reason)." } ?? "\(error)"),
                                         template: "message", status: error.fieldError != nil ? .unprocessableContent : .conflict)
        }
    }

    /// The CSRF token of the request's browser session ("" without one).
    static func csrf(_ request: Request) -> String {
        request.cookies[WebSession.cookieName].map { AuthService.csrfToken(forSession: $0.value) } ?? ""
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// Where to go after signing in: a path of this site only. Browsers drop tabs and line
    /// breaks from a `Location` and read `\` as `/`, so `/\t/evil.example` is `//evil.example`,
    /// another site: only the characters of a plain path and query pass.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.utf8.count <= 1_000, next.hasPrefix("/"), !next.hasPrefix("//"),
              next.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/-._~?=&%+".unicodeScalars.contains($0)) })
        else { return "/dashboard" }
        return next
    }

    static func form<T: Decodable>(_ type: T.Type, _ request: Request, _ context: Context) async throws -> T {
        try await URLEncodedFormDecoder().decode(T.self, from: request, context: context)
    }

    static func trimmed(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}

/// A page that only says something (not found, not allowed).
struct MessagePage {
    let chrome: Chrome
    let message: String
}

extension DomainError {
    /// The field a rejection names and its reason, for showing beside the input.
    var fieldError: (field: String, reason: String)? {
        if case .invalid(let field, let reason) = self { return (field, reason) }
        return nil
    }
}
