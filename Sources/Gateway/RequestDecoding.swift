import Foundation
import Hummingbird

extension Request {
    /// The JSON body as `T`. Decoding errors are left as they are, so that the error mapping can
    /// name the field that is missing or malformed.
    func json<T: Decodable>(_ type: T.Type, context: some GatewayContext) async throws -> T {
        let body = try await self.body.collect(upTo: context.maxUploadSize)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: body))
    }
}
