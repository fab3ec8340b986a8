import AsyncHTTPClient
import Foundation
import Identity
import NIOCore
import NIOHTTP1

/// SSO's outbound HTTP on AsyncHTTPClient's shared client: no redirects, bounded bodies, a
/// timeout on every call.
struct SSOHTTP: SSOHTTPClient {
    static let maximumBody = 1 << 20
    let timeout: TimeAmount = .seconds(10)

    func get(_ url: String, bearer: String?) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "CareerOps")
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        return try await execute(request)
    }

    func postForm(_ url: String, _ form: [(String, String)]) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "CareerOps")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let body = form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: body))
        return try await execute(request)
    }

    private func execute(_ request: HTTPClientRequest) async throws -> (status: Int, body: Data) {
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: Self.maximumBody)
        return (Int(response.status.code), Data(buffer: body))
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
