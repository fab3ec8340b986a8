import Core
import Foundation
import HTTPTypes
import Hummingbird
import Identity

/// Finds the caller: a bearer credential (an access token, or a personal access token starting
/// `cop_`) or the session cookie. A bad bearer credential is refused at once (401); a stale
/// cookie is ignored. Cookie-authenticated requests that change state must carry the session's
/// CSRF token in `X-CSRF-Token`; personal tokens are held to their scopes.
public struct AuthMiddleware<Context: EdgeContext>: RouterMiddleware {
    public static var sessionCookie: String { WebSession.cookieName }
    let auth: AuthService

    public init(auth: AuthService) { self.auth = auth }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request, context = context
        let safe = [.get, .head, .options].contains(request.method)
        if let header = request.headers[.authorization] {
            guard header.count > 7, header.prefix(7).lowercased() == "bearer " else { throw DomainError.unauthenticated }
            let credential = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            let principal = credential.hasPrefix(AuthService.personalTokenPrefix)
                ? try await auth.principal(personalToken: credential)
                : try await auth.principal(accessToken: credential)
            // GraphQL answers queries and mutations over POST alike; its resolvers hold
            // personal tokens to their scopes (mutations need `write`).
            guard principal.allows(safe || request.uri.path == "/graphql" ? .read : .write) else { throw DomainError.forbidden }
            context.principal = principal
        } else if let cookie = request.cookies[Self.sessionCookie]?.value,
                  let principal = try? await auth.principal(sessionToken: cookie) {
            if !safe {
                // A script sends the token as a header; a plain HTML form, as its `csrf_token` field.
                var sent = request.headers[.csrfToken]
                if sent == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
                    sent = Self.formField("csrf_token", in: String(buffer: try await request.collectBody(upTo: Self.formLimit)))
                }
                guard let sent, sent == AuthService.csrfToken(forSession: cookie) else {
                    throw HTTPError(.forbidden, message: "missing or wrong CSRF token (X-CSRF-Token, or a form's csrf_token) for a cookie-authenticated request")
                }
            }
            context.principal = principal
        }
        return try await next(request, context)
    }
}

extension AuthMiddleware {
    /// The largest form body read for its token (a pasted résumé fits).
    static var formLimit: Int { 2 << 20 }

    /// One field of a URL-encoded form body, decoded.
    static func formField(_ name: String, in body: String) -> String? {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.first == Substring(name) else { continue }
            return parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding : ""
        }
        return nil
    }
}

extension HTTPField.Name {
    static let csrfToken = Self("X-CSRF-Token")!
}
