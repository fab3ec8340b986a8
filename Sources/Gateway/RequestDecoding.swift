import Core
import Foundation
import Hummingbird

extension Request {
    /// The JSON body as `T`. Decoding errors are left as they are, so that the error mapping can
    /// name the field that is missing or malformed.
    func json<T: Decodable>(_ type: T.Type, context: some GatewayContext) async throws -> T {
        let body = try await self.body.collect(upTo: context.maxUploadSize)
        return try APIJSON.decoder.decode(T.self, from: Data(buffer: body))
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
