import Core
import Foundation
import HTTPTypes
import Hummingbird
import Identity

/// The pages behind the links in account mail: confirm an address, choose a new password.
/// Opening a link shows a form; only submitting it spends the single-use token, so that mail
/// scanners that follow links do not use it up.
public struct AccountLinksController<Context: RequestContext>: Sendable {
    let auth: AuthService

    public init(auth: AuthService) { self.auth = auth }

    struct TokenForm: Decodable { let token: String }
    struct ResetForm: Decodable { let token: String; let password: String }

    public func addRoutes(to router: Router<Context>) {
        router.get("auth/verify-email") { request, _ -> Response in
            let token = request.uri.queryParameters["token"].map(String.init) ?? ""
            return Self.html("Confirm your e-mail address", """
                <form method="post" action="/auth/verify-email">
                <input type="hidden" name="token" value="\(HTML.escape(token))">
                <button type="submit">Confirm my address</button>
                </form>
                """)
        }
        router.post("auth/verify-email") { request, context -> Response in
            let form = try await URLEncodedFormDecoder().decode(TokenForm.self, from: request, context: context)
            do {
                try await auth.verifyEmail(token: form.token, origin: Self.origin(request))
                return Self.html("Address confirmed", "<p>Thank you: your e-mail address is confirmed.</p>")
            } catch let error as DomainError {
                return Self.html("Link not valid", "<p class=\"error\" role=\"alert\">This link \(HTML.escape(Self.reason(error))). Ask for a new one from your settings.</p>", status: .unprocessableContent)
            }
        }
        router.get("auth/reset-password") { request, _ -> Response in
            Self.resetForm(token: request.uri.queryParameters["token"].map(String.init) ?? "", error: nil)
        }
        router.post("auth/reset-password") { request, context -> Response in
            let form = try await URLEncodedFormDecoder().decode(ResetForm.self, from: request, context: context)
            do {
                try await auth.resetPassword(token: form.token, newPassword: form.password, origin: Self.origin(request))
                return Self.html("Password changed", "<p>Your password is changed and every session is signed out. Sign in with the new one.</p>")
            } catch let error as DomainError {
                return Self.resetForm(token: form.token, error: error)
            }
        }
    }

    static func resetForm(token: String, error: DomainError?) -> Response {
        var message = ""
        if case .invalid(let field, let reason)? = error {
            message = field == "token"
                ? "<p class=\"error\" role=\"alert\">This link \(HTML.escape(reason)). Ask for a new one.</p>"
                : "<p class=\"error\" id=\"password-error\" role=\"alert\">The password \(HTML.escape(reason)).</p>"
        }
        return html("Choose a new password", """
            <form method="post" action="/auth/reset-password">
            <input type="hidden" name="token" value="\(HTML.escape(token))">
            <label for="password">New password (at least 10 characters)</label>
            <input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required aria-describedby="password-error">
            \(message)
            <button type="submit">Set password</button>
            </form>
            """, status: error == nil ? .ok : .unprocessableContent)
    }

    static func reason(_ error: DomainError) -> String {
        if case .invalid(_, let reason) = error { return reason }
        return "cannot be used"
    }

    static func origin(_ request: Request) -> RequestOrigin {
        RequestOrigin(address: nil, userAgent: request.headers[.userAgent], requestID: nil)
    }

    static func html(_ title: String, _ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", HTTPField.Name("Referrer-Policy")!: "no-referrer"],
                 body: .init(byteBuffer: ByteBuffer(string: HTML.page(title: title, body: body))))
    }
}
