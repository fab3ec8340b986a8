import Core
import Foundation
import HTTPEdge
import HTTPTypes
import Hummingbird
import Identity

struct AuthPage {
    struct Provider { let id: String; let name: String }

    let chrome: Chrome
    let providers: [Provider]
    let email: Field
    let password: Field
    let name: Field?
    let next: String
    let error: String?
}

struct LandingPage {
    let chrome: Chrome
}

extension WebController {
    struct SignInForm: Decodable { let email: String?; let password: String?; let next: String? }
    struct SignUpForm: Decodable { let name: String?; let email: String?; let password: String? }

    func addAccountRoutes(to router: Router<Context>) {
        router.get("/") { request, context -> Response in
            if context.principal != nil { return Self.redirect("/dashboard") }
            return try renderer.response(LandingPage(chrome: renderer.chrome("Grow your career, on your own terms", for: nil, csrf: nil)), template: "landing")
        }
        router.get("sign-in") { request, context -> Response in
            if context.principal != nil { return Self.redirect(Self.safeNext(request.uri.queryParameters["next"].map(String.init))) }
            return try renderer.response(signInPage(email: "", next: Self.safeNext(request.uri.queryParameters["next"].map(String.init)), error: nil,
                                                    notice: request.uri.queryParameters["signed_out"] != nil ? "You are signed out." : nil), template: "sign-in")
        }
        router.post("sign-in") { request, context -> Response in
            let form = try await Self.form(SignInForm.self, request, context)
            let next = Self.safeNext(form.next)
            do {
                let web = try await services.auth.signInToBrowser(email: form.email ?? "", password: form.password ?? "", origin: context.origin(request))
                var response = Self.redirect(next)
                response.setCookie(Self.sessionCookie(web))
                return response
            } catch let error as DomainError {
                let message = if case .unauthenticated = error { "That e-mail address and password do not match an account." } else { "\(error)" }
                return try renderer.response(signInPage(email: form.email ?? "", next: next, error: message), template: "sign-in", status: .unauthorized)
            }
        }
        router.get("sign-up") { _, context -> Response in
            if context.principal != nil { return Self.redirect("/dashboard") }
            return try renderer.response(signUpPage(SignUpForm(name: nil, email: nil, password: nil), error: nil), template: "sign-up")
        }
        router.post("sign-up") { request, context -> Response in
            let form = try await Self.form(SignUpForm.self, request, context)
            do {
                _ = try await services.auth.signUp(email: form.email ?? "", password: form.password ?? "", name: form.name ?? "", origin: context.origin(request))
                let web = try await services.auth.signInToBrowser(email: form.email ?? "", password: form.password ?? "", origin: context.origin(request))
                var response = Self.redirect("/onboarding?welcome=1")
                response.setCookie(Self.sessionCookie(web))
                return response
            } catch let error as DomainError {
                return try renderer.response(signUpPage(form, error: error), template: "sign-up", status: .unprocessableContent)
            }
        }
        router.post("sign-out") { request, context -> Response in
            if let principal = context.principal { try await services.auth.signOut(principal, origin: context.origin(request)) }
            var response = Self.redirect("/sign-in?signed_out=1")
            response.setCookie(Self.expiredSessionCookie)
            return response
        }
    }

    /// Tells the browser to forget its session (signed out, or the account deleted).
    static var expiredSessionCookie: Cookie {
        Cookie(name: WebSession.cookieName, value: "", maxAge: 0, path: "/", secure: true, httpOnly: true, sameSite: .lax)
    }

    static func sessionCookie(_ web: WebSession) -> Cookie {
        Cookie(name: WebSession.cookieName, value: web.cookieToken, maxAge: Int(web.session.expiresAt.timeIntervalSince(web.session.createdAt)),
               path: "/", secure: true, httpOnly: true, sameSite: .lax)
    }

    /// The single sign-on providers this server is configured for.
    var providers: [AuthPage.Provider] { services.sso.available.map { AuthPage.Provider(id: $0.id, name: $0.displayName) } }

    func signInPage(email: String, next: String, error: String?, notice: String? = nil) -> AuthPage {
        AuthPage(chrome: renderer.chrome("Sign in", for: nil, csrf: nil, notice: notice), providers: providers,
                 email: Field(id: "email", name: "email", label: "E-mail address", type: "email", value: email, required: true, autocomplete: "username"),
                 password: Field(id: "password", name: "password", label: "Password", type: "password", required: true, autocomplete: "current-password"),
                 name: nil, next: next, error: error)
    }

    func signUpPage(_ form: SignUpForm, error: DomainError?) -> AuthPage {
        let rejected = error?.fieldError
        func problem(_ field: String) -> String? { rejected?.field == field ? rejected?.reason : nil }
        var general: String?
        if let error, !(rejected.map { ["email", "password", "name"].contains($0.field) } ?? false) { general = "\(error)" }
        return AuthPage(
            chrome: renderer.chrome("Create your account", for: nil, csrf: nil), providers: providers,
            email: Field(id: "email", name: "email", label: "E-mail address", type: "email", value: form.email ?? "", error: problem("email"), required: true, autocomplete: "email"),
            password: Field(id: "password", name: "password", label: "Password", type: "password", hint: "At least 12 characters; a long phrase is best.",
                            error: problem("password"), required: true, autocomplete: "new-password"),
            name: Field(id: "name", name: "name", label: "Your name", value: form.name ?? "", error: problem("name"), required: true, autocomplete: "name"),
            next: "/onboarding", error: general)
    }
}
