import Foundation
import HTTPTypes
import Hummingbird

/// Refuses a state-changing request that a page of another site made the browser send: the
/// browser says so in `Sec-Fetch-Site`, or (older browsers) its `Origin` names another host.
/// Cookie-authenticated requests carry a CSRF token besides; this also covers the requests
/// that come before any session exists (signing in, signing up), where a forged form or a
/// `text/plain` fetch would sign the victim's browser into the attacker's account. A request
/// with an `Authorization` header is never a browser's doing and is left alone.
public struct CrossSiteMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The origin people use (`CAREEROPS_PUBLIC_URL`), accepted besides the request's own host.
    let publicOrigin: String?

    public init(publicURL: String) {
        publicOrigin = URL(string: publicURL).flatMap(Self.origin(of:))
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if ![.get, .head, .options].contains(request.method), request.headers[.authorization] == nil, isCrossSite(request) {
            throw HTTPError(.forbidden, message: "a request from another site may not change anything here")
        }
        return try await next(request, context)
    }

    func isCrossSite(_ request: Request) -> Bool {
        if let site = request.headers[.secFetchSite] { return site != "same-origin" && site != "none" }
        guard let origin = request.headers[.origin] else { return false }
        guard let url = URL(string: origin), let host = url.host else { return true }
        let authority = host + (url.port.map { ":\($0)" } ?? "")
        return authority != request.head.authority && Self.origin(of: url) != publicOrigin
    }

    static func origin(of url: URL) -> String? {
        guard let scheme = url.scheme, let host = url.host else { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }
}

extension HTTPField.Name {
    static let secFetchSite = Self("Sec-Fetch-Site")!
}
