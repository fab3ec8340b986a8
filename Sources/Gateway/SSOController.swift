import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// `GET /auth/sso/:provider/start` and `/callback`: the browser side of single sign-on. The
/// attempt's secrets travel in a sealed, HttpOnly cookie scoped to these paths, cleared on the
/// callback whatever its outcome.
public struct SSOController<Context: EdgeContext>: Sendable {
    static var attemptCookie: String { "careerops_sso" }
    let sso: SSOService
    let box: any SecretBox

    public init(sso: SSOService, box: any SecretBox) {
        self.sso = sso
        self.box = box
    }

    public func addRoutes(to router: Router<Context>) {
        let group = router.group("auth/sso")
        group.get(":provider/start") { _, context -> Response in
            let provider = context.parameters.get("provider") ?? ""
            let (url, attempt) = try await sso.start(provider: provider)
            let sealed = try box.seal(String(decoding: try JSONEncoder().encode(attempt), as: UTF8.self))
            var response = Response(status: .found, headers: [.location: url, .cacheControl: "no-store"])
            response.setCookie(Cookie(name: Self.attemptCookie, value: sealed,
                                      maxAge: Int(SSOService.attemptLifetime), path: "/auth/sso", secure: true, httpOnly: true, sameSite: .lax))
            return response
        }
        group.get(":provider/callback") { request, context -> Response in
            let query = request.uri.queryParameters
            let attempt: SSOAttempt? = request.cookies[Self.attemptCookie].flatMap { cookie in
                (try? box.open(cookie.value)).flatMap { try? JSONDecoder().decode(SSOAttempt.self, from: Data($0.utf8)) }
            }
            let cleared = Cookie(name: Self.attemptCookie, value: "", maxAge: 0, path: "/auth/sso", secure: true, httpOnly: true, sameSite: .lax)
            let web: WebSession
            do {
                web = try await sso.finish(
                    provider: context.parameters.get("provider") ?? "", code: query["code"].map(String.init), state: query["state"].map(String.init),
                    error: query["error"].map(String.init), attempt: attempt, origin: context.origin(request)
                )
            } catch let failure as SSOFailure {
                context.logger.notice("single sign-on failed", metadata: ["careerops.sso_failure": "\(failure)"])
                var response = ProblemDetails(status: .unauthorized, detail: failure.description, requestID: context.requestID).response()
                response.setCookie(cleared)
                return response
            }
            var response = Response(status: .found, headers: [.location: "/", .cacheControl: "no-store"])
            response.setCookie(cleared)
            response.setCookie(Cookie(name: AuthMiddleware<Context>.sessionCookie, value: web.cookieToken,
                                      maxAge: Int(web.session.expiresAt.timeIntervalSince(web.session.createdAt)), path: "/",
                                      secure: true, httpOnly: true, sameSite: .lax))
            return response
        }
    }
}
