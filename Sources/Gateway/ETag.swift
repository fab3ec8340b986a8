import Crypto
import Foundation
import Hummingbird

/// How the API writes JSON: snake_case keys, ISO 8601 dates, keys sorted (so that equal data
/// gives equal bytes, and equal entity tags).
public enum APIJSON {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// Entity tags for GET answers: the tag is a hash of the body, so a client that sends it back
/// in `If-None-Match` gets `304 Not Modified` with no body when nothing changed.
enum ETag {
    static func respond(_ value: some Encodable, to request: Request, context: some RequestContext) throws -> Response {
        let data = try APIJSON.encoder.encode(value)
        let tag = "\"" + SHA256.hash(data: data).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
        var headers: HTTPFields = [.eTag: tag, .cacheControl: "private, no-cache"]
        if let match = request.headers[.ifNoneMatch], match == "*" || match.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "") == tag
        }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
