import Core
import Foundation
import HTTPEdge
import Hummingbird
import Identity

/// `/api/v1/auth/*`: sign-up, sign-in (tokens or a browser session), refresh, sign-out,
/// e-mail verification and password recovery; and the public signing keys.
public struct AuthController<Context: EdgeContext>: Sendable {
    let auth: AuthService

    public init(auth: AuthService) { self.auth = auth }

    struct SignUp: Codable { let email: String; let password: String; let name: String }
    struct Credentials: Codable { let email: String; let password: String }
    struct Refresh: Codable { let refreshToken: String }
    struct TokenOnly: Codable { let token: String }
    struct EmailOnly: Codable { let email: String }
    struct Reset: Codable { let token: String; let password: String }
    struct ChangePassword: Codable { let currentPassword: String; let newPassword: String }
    struct BrowserSession: ResponseEncodable { let csrfToken: String; let expiresAt: Date }

    public func addRoutes(to api: RouterGroup<Context>, root: Router<Context>) {
        root.get(".well-known/jwks.json") { _, _ -> Response in
            let body = try JSONEncoder().encode(auth.issuer.jwks)
            return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"],
                            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        let group = api.group("auth")
        group.post("signup") { request, context -> EditedResponse<TokenPair> in
            let input = try await request.json(SignUp.self, context: context)
            let origin = context.origin(request)
            _ = try await auth.signUp(email: input.email, password: input.password, name: input.name, origin: origin)
            return .init(status: .created, response: try await auth.signIn(email: input.email, password: input.password, origin: origin))
        }
        group.post("login") { request, context -> TokenPair in
            let input = try await request.json(Credentials.self, context: context)
            return try await auth.signIn(email: input.email, password: input.password, origin: context.origin(request))
        }
        group.post("refresh") { request, context -> TokenPair in
            let input = try await request.json(Refresh.self, context: context)
            return try await auth.refresh(input.refreshToken, origin: context.origin(request))
        }
        group.post("logout") { request, context -> Response in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            try await auth.signOut(principal, origin: context.origin(request))
            var response = Response(status: .noContent)
            if case .session = principal.credential { response.setCookie(expiredSessionCookie) }
            return response
        }
        group.post("session") { request, context -> Response in
            let input = try await request.json(Credentials.self, context: context)
            let web = try await auth.signInToBrowser(email: input.email, password: input.password, origin: context.origin(request))
            var response = try BrowserSession(csrfToken: AuthService.csrfToken(forSession: web.cookieToken), expiresAt: web.session.expiresAt)
                .response(from: request, context: context)
            response.setCookie(Cookie(name: AuthMiddleware<Context>.sessionCookie, value: web.cookieToken,
                                      maxAge: Int(web.session.expiresAt.timeIntervalSince(web.session.createdAt)), path: "/",
                                      secure: true, httpOnly: true, sameSite: .lax))
            return response
        }
        group.post("verify-email") { request, context -> HTTPResponse.Status in
            let input = try await request.json(TokenOnly.self, context: context)
            try await auth.verifyEmail(token: input.token, origin: context.origin(request))
            return .noContent
        }
        group.post("password/forgot") { request, context -> HTTPResponse.Status in
            let input = try await request.json(EmailOnly.self, context: context)
            try await auth.requestPasswordReset(email: input.email, origin: context.origin(request))
            return .accepted
        }
        group.post("password/reset") { request, context -> HTTPResponse.Status in
            let input = try await request.json(Reset.self, context: context)
            try await auth.resetPassword(token: input.token, newPassword: input.password, origin: context.origin(request))
            return .noContent
        }
        group.post("password/change") { request, context -> HTTPResponse.Status in
            let principal = try AccessPolicy.requireSignedIn(context.principal)
            let input = try await request.json(ChangePassword.self, context: context)
            try await auth.changePassword(principal, current: input.currentPassword, new: input.newPassword, origin: context.origin(request))
            return .noContent
        }
    }

    var expiredSessionCookie: Cookie {
        Cookie(name: AuthMiddleware<Context>.sessionCookie, value: "", maxAge: 0, path: "/", secure: true, httpOnly: true, sameSite: .lax)
    }
}

extension TokenPair: ResponseEncodable {}

