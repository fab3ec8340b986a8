@testable import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

extension AuthClient {
    /// A JSON request with a bearer token; answers the status and the decoded JSON body.
    @discardableResult
    func call(_ method: HTTPRequest.Method, _ uri: String, _ body: Any? = nil, token: String?, headers: HTTPFields = [:]) async throws -> (HTTPResponse.Status, JSONValue) {
        let response = try await raw(method, uri, body, token: token, headers: headers)
        let data = Data(buffer: response.body)
        return (response.status, data.isEmpty ? .null : try JSONValue(data))
    }

    func raw(_ method: HTTPRequest.Method, _ uri: String, _ body: Any? = nil, token: String?, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: buffer)
    }
}

/// Parsed JSON, read by subscripts: `json["items"][0]["name"].string`.
enum JSONValue: Equatable, CustomStringConvertible {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(_ data: Data) throws {
        self = Self.wrap(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    static func wrap(_ value: Any) -> JSONValue {
        switch value {
        case let value as [String: Any]: .object(value.mapValues(wrap))
        case let value as [Any]: .array(value.map(wrap))
        case let value as String: .string(value)
        case _ where type(of: value) == Bool.self: .bool(value as! Bool)
        // Foundation on Linux hands JSON booleans back as NSNumbers of type `c` (char).
        case let value as NSNumber: String(cString: value.objCType) == "c" ? .bool(value.boolValue) : .number(value.doubleValue)
        default: .null
        }
    }

    subscript(key: String) -> JSONValue {
        if case .object(let object) = self { return object[key] ?? .null }
        return .null
    }

    subscript(index: Int) -> JSONValue {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return .null
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var number: Double? { if case .number(let value) = self { value } else { nil } }
    var int: Int? { number.map { Int($0) } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var array: [JSONValue] { if case .array(let value) = self { value } else { [] } }
    var isNull: Bool { self == .null }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let value): "[" + value.map(\.description).joined(separator: ",") + "]"
        case .object(let value): "{" + value.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
    }
}

enum Fixture {
    static let softwareDeveloper = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"
    static let prototypeSkill = "http://data.europa.eu/esco/skill/797a4416-0b8d-44f3-8fcd-eb10bd0be6b4"
}
