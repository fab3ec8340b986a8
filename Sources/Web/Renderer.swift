import Foundation
import HTTPTypes
import Hummingbird
import Identity
import Mustache

/// Renders page models through the Mustache templates (escaped unless a template asks for
/// `{{{raw}}}`, which only the SVG charts drawn in Swift use) into HTML responses that load
/// nothing from outside the server.
public struct Renderer: Sendable {
    let library: MustacheLibrary
    public let assets: Assets

    public init(assets: Assets) async throws {
        guard let directory = Bundle.module.url(forResource: "templates", withExtension: nil) else { throw WebError.missingResources("templates") }
        library = try await MustacheLibrary(directory: directory.path)
        self.assets = assets
    }

    public func render(_ page: Any, template: String) throws -> String {
        guard let html = library.render(page, withTemplate: template) else { throw WebError.missingTemplate(template) }
        return html
    }

    func response(_ page: Any, template: String, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: Self.headers, body: .init(byteBuffer: ByteBuffer(string: try render(page, template: template))))
    }

    static let headers: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-store",
        HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]

    func chrome(_ title: String, for principal: Principal?, csrf: String?, current: String? = nil, notice: String? = nil) -> Chrome {
        Chrome(title: title, css: assets.path("app.css"), js: assets.path("app.js"), user: principal != nil,
               links: principal.map { Chrome.links(for: $0, current: current) } ?? [], csrf: csrf ?? "", notice: notice)
    }
}

/// What every page's layout shows: the title, the assets, the navigation and the CSRF token
/// its forms carry.
struct Chrome {
    struct Link { let href: String; let label: String; let current: Bool }

    let title: String
    let css: String
    let js: String
    let user: Bool
    let links: [Link]
    let csrf: String
    let notice: String?

    static func links(for principal: Principal, current: String?) -> [Link] {
        var links: [(String, String)] = [
            ("/dashboard", "Dashboard"), ("/profile", "Profile & skills"), ("/goals", "Goals"), ("/plan", "Plan"),
            ("/opportunities", "Opportunities"), ("/learning", "Learning"), ("/paths", "Career paths"), ("/analyse", "Analyse a posting"),
        ]
        if principal.memberships.contains(where: { $0.role == .coach }) {
            links.append(("/team", "Team"))
        }
        if !principal.memberships.isEmpty {
            links.append(("/people", "People"))
        }
        if principal.isPlatformAdmin || principal.memberships.contains(where: { $0.role == .orgAdmin }) {
            links.append(("/admin/analytics", "Analytics"))
        }
        links.append(("/settings", "Settings"))
        return links.map { Link(href: $0.0, label: $0.1, current: $0.0 == current) }
    }
}

/// One labelled input with its error beside it (the `field` partial).
struct Field {
    let id: String
    let name: String
    let label: String
    var type = "text"
    var value = ""
    var hint: String?
    var error: String?
    var required = false
    var autocomplete: String?
    var list: String?
    var min: String?
    var max: String?
}
