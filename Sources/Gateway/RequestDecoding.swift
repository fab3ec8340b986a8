import Core
import Foundation
import HTTPEdge
import Hummingbird

extension Request {
    /// The JSON body as `T`. Decoding errors are left as they are, so that the error mapping can
    /// name the field that is missing or malformed.
    /// Only a body declared as JSON is read: a browser sends `text/plain` across sites without
    /// asking first, which would let another site's page post JSON here.
    func json<T: Decodable>(_ type: T.Type, context: some EdgeContext) async throws -> T {
        try APIJSON.decoder.decode(T.self, from: Data(buffer: try await jsonBody(upTo: context.maxUploadSize)))
    }

    /// The body of a request that declares it JSON, up to `limit` bytes.
    func jsonBody(upTo limit: Int) async throws -> ByteBuffer {
        guard let declared = headers[.contentType], Self.isJSON(declared) else {
            throw HTTPError(.unsupportedMediaType, message: "the body must be JSON, sent with Content-Type: application/json")
        }
        return try await body.collect(upTo: limit)
    }

    /// `application/json` or a `+json` type such as `application/merge-patch+json`.
    static func isJSON(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }
}

extension Request {
    /// `?limit=&cursor=` (or `offset=`) as a validated page; a bad value names its field.
    func page(defaultLimit: Int = 50) throws -> PageRequest {
        let query = uri.queryParameters
        func number(_ name: String, _ fallback: Int) throws -> Int {
            guard let text = query[Substring(name)] else { return fallback }
            guard let value = Int(String(text)) else { throw DomainError.invalid(field: name, reason: "must be a whole number") }
            return value
        }
        let offset = try query["cursor"].map { cursor throws(DomainError) in try PageCursor.decode(String(cursor)) } ?? number("offset", 0)
        return try PageRequest(limit: try number("limit", defaultLimit), offset: offset)
    }
}
