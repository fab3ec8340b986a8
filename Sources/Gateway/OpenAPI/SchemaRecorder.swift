import Foundation

/// The shape of a JSON value, as JSON Schema (2020-12, which OpenAPI 3.1 uses).
indirect enum SchemaNode: Sendable, Equatable {
    struct Property: Sendable, Equatable {
        let name: String
        let node: SchemaNode
        let required: Bool
    }

    case any
    case string(format: String?)
    case integer
    case number
    case boolean
    case array(SchemaNode)
    case object([Property])
    case nullable(SchemaNode)
    case reference(String)
    /// An object with free keys, every value of one shape.
    case map(SchemaNode)

    /// The schema as a JSON object.
    var json: JSONDocument {
        switch self {
        case .any: return .object([])
        case .string(let format):
            return .object([("type", "string")] + (format.map { [("format", .string($0))] } ?? []))
        case .integer: return .object([("type", "integer")])
        case .number: return .object([("type", "number")])
        case .boolean: return .object([("type", "boolean")])
        case .array(let items): return .object([("type", "array"), ("items", items.json)])
        case .object(let properties):
            return .object([
                ("type", "object"),
                ("properties", .object(properties.map { ($0.name, $0.node.json) })),
                ("required", .array(properties.filter(\.required).map { .string($0.name) })),
                ("additionalProperties", .bool(false)),
            ])
        case .nullable(let node):
            // `type: [T, "null"]` for a simple type; `anyOf` with null around anything else.
            if case .object(let members) = node.json, case .string(let type)? = members.first(where: { $0.0 == "type" })?.1, members.count <= 2 {
                return .object(members.map { $0.0 == "type" ? ("type", .array([.string(type), "null"])) : $0 })
            }
            return .object([("anyOf", .array([node.json, .object([("type", "null")])]))])
        case .reference(let name): return .object([("$ref", .string("#/components/schemas/\(name)"))])
        case .map(let values): return .object([("type", "object"), ("additionalProperties", values.json)])
        }
    }
}

/// Learns the schema of an `Encodable` type by encoding a sample of it: every property the
/// type writes, with the type of its value; optional properties (written with
/// `encodeIfPresent`) are nullable and not required. Samples should fill every optional and
/// hold one element in every list, so that their types are seen.
enum SchemaRecorder {
    static func schema(of value: some Encodable, snakeCase: Bool = true) throws -> SchemaNode {
        try node(of: value, snakeCase: snakeCase)
    }

    static func node(of value: some Encodable, snakeCase: Bool) throws -> SchemaNode {
        switch value {
        case is Date: return .string(format: "date-time")
        case is UUID: return .string(format: "uuid")
        case is String: return .string(format: nil)
        case is Bool: return .boolean
        case is Int, is Int32, is Int64, is UInt, is UInt32, is UInt64: return .integer
        case is Double, is Float: return .number
        case is Data: return .string(format: "byte")
        case is [String: String]: return .map(.string(format: nil))
        default:
            let box = Box(snakeCase: snakeCase)
            try value.encode(to: Recorder(box: box))
            return box.node
        }
    }

    final class Box {
        var node: SchemaNode = .any
        var properties: [SchemaNode.Property] = []
        let snakeCase: Bool

        init(snakeCase: Bool) { self.snakeCase = snakeCase }

        func add(_ key: any CodingKey, _ node: SchemaNode, required: Bool) {
            let name = snakeCase ? Self.snakeCased(key.stringValue) : key.stringValue
            properties.removeAll { $0.name == name }
            properties.append(.init(name: name, node: node, required: required))
            self.node = .object(properties)
        }

        /// As Foundation's `convertToSnakeCase` writes it: `verifiedLevel` → `verified_level`.
        static func snakeCased(_ key: String) -> String {
            var result = ""
            let characters = Array(key)
            for (index, character) in characters.enumerated() {
                if character.isUppercase, index > 0 {
                    let previous = characters[index - 1]
                    let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                    if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { result += "_" }
                }
                result += character.lowercased()
            }
            return result
        }
    }

    struct Recorder: Encoder {
        let box: Box
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            box.node = .object(box.properties)
            return KeyedEncodingContainer(Keyed<Key>(box: box))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer { Unkeyed(box: box) }
        func singleValueContainer() -> any SingleValueEncodingContainer { Single(box: box) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Box
        var codingPath: [any CodingKey] = []

        mutating func encodeNil(forKey key: Key) throws { box.add(key, .nullable(.any), required: false) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            box.add(key, try SchemaRecorder.node(of: value, snakeCase: box.snakeCase), required: true)
        }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            box.add(key, .nullable(try value.map { try SchemaRecorder.node(of: $0, snakeCase: box.snakeCase) } ?? .any), required: false)
        }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { box.add(key, .nullable(.boolean), required: false) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { box.add(key, .nullable(.string(format: nil)), required: false) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { box.add(key, .nullable(.number), required: false) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { box.add(key, .nullable(.number), required: false) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { box.add(key, .nullable(.integer), required: false) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { box.add(key, .nullable(.integer), required: false) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { box.add(key, .nullable(.integer), required: false) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { box.add(key, .nullable(.integer), required: false) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { box.add(key, .nullable(.integer), required: false) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { box.add(key, .nullable(.integer), required: false) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { box.add(key, .nullable(.integer), required: false) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { box.add(key, .nullable(.integer), required: false) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { box.add(key, .nullable(.integer), required: false) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { box.add(key, .nullable(.integer), required: false) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = Box(snakeCase: box.snakeCase)
            nested.node = .object([])
            box.add(key, .object([]), required: true)
            return KeyedEncodingContainer(Keyed<NestedKey>(box: nested))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            box.add(key, .array(.any), required: true)
            return Unkeyed(box: Box(snakeCase: box.snakeCase))
        }
        mutating func superEncoder() -> any Encoder { Recorder(box: box) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { Recorder(box: box) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: Box
        var codingPath: [any CodingKey] = []
        var count = 0

        init(box: Box) {
            self.box = box
            box.node = .array(.any)
        }

        mutating func encodeNil() throws { count += 1 }
        mutating func encode<T: Encodable>(_ value: T) throws {
            if count == 0 { box.node = .array(try SchemaRecorder.node(of: value, snakeCase: box.snakeCase)) }
            count += 1
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Keyed<NestedKey>(box: Box(snakeCase: box.snakeCase)))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { Unkeyed(box: Box(snakeCase: box.snakeCase)) }
        mutating func superEncoder() -> any Encoder { Recorder(box: box) }
    }

    struct Single: SingleValueEncodingContainer {
        let box: Box
        var codingPath: [any CodingKey] = []

        mutating func encodeNil() throws { box.node = .nullable(.any) }
        mutating func encode<T: Encodable>(_ value: T) throws { box.node = try SchemaRecorder.node(of: value, snakeCase: box.snakeCase) }
    }
}

/// A JSON value with its keys in the order written, for documents people read.
enum JSONDocument: Encodable, Sendable, ExpressibleByStringLiteral {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONDocument])
    case object([(String, JSONDocument)])

    init(stringLiteral value: String) { self = .string(value) }

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let value):
            var container = encoder.singleValueContainer()
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int(value)) } else { try container.encode(value) }
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in members { try container.encode(value, forKey: Key(key)) }
        }
    }
}

/// Editing a recorded document in place: members by key, nested paths, schema properties.
extension JSONDocument {
    subscript(_ key: String) -> JSONDocument? {
        get {
            guard case .object(let members) = self else { return nil }
            return members.first { $0.0 == key }?.1
        }
        set {
            guard case .object(var members) = self else { return }
            if let index = members.firstIndex(where: { $0.0 == key }) {
                if let newValue { members[index].1 = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
            self = .object(members)
        }
    }

    /// Changes the member at the path of keys, when it is there.
    mutating func update(_ keys: String..., change: (inout JSONDocument) -> Void) {
        update(path: keys[...], change: change)
    }

    private mutating func update(path keys: ArraySlice<String>, change: (inout JSONDocument) -> Void) {
        guard let key = keys.first else { return change(&self) }
        guard var member = self[key] else { return }
        member.update(path: keys.dropFirst(), change: change)
        self[key] = member
    }

    /// Each member of the object at `key`, changed in place.
    mutating func each(in key: String, _ change: (String, inout JSONDocument) throws -> Void) rethrows {
        guard var object = self[key] else { return }
        try object.eachMember(change)
        self[key] = object
    }

    mutating func eachMember(_ change: (String, inout JSONDocument) throws -> Void) rethrows {
        guard case .object(var members) = self else { return }
        for index in members.indices { try change(members[index].0, &members[index].1) }
        self = .object(members)
    }

    /// Replaces a property of an object schema, keeping whether it was recorded nullable.
    mutating func setProperty(_ name: String, _ schema: JSONDocument) {
        update("properties") { properties in
            let old = properties[name]
            var nullable = false
            if case .array(let types)? = old?["type"] { nullable = types.contains { if case .string("null") = $0 { true } else { false } } }
            if case .array(let options)? = old?["anyOf"] { nullable = nullable || options.contains { if case .string("null")? = $0["type"] { true } else { false } } }
            properties[name] = nullable ? JSONDocument.nullable(schema) : schema
        }
    }

    /// The schema, or null: `type: [T, "null"]` (with null among its `enum`) for a simple type.
    static func nullable(_ schema: JSONDocument) -> JSONDocument {
        guard case .string(let type)? = schema["type"] else { return .object([("anyOf", .array([schema, .object([("type", "null")])]))]) }
        var result = schema
        result["type"] = .array([.string(type), "null"])
        if case .array(let values)? = schema["enum"] { result["enum"] = .array(values + [.null]) }
        return result
    }

    /// Objects within leave members they do not name to the server (request bodies).
    mutating func openObjects() {
        switch self {
        case .object(var members):
            members.removeAll { $0.0 == "additionalProperties" && { if case .bool(false) = $0 { true } else { false } }($0.1) }
            for index in members.indices { members[index].1.openObjects() }
            self = .object(members)
        case .array(var values):
            for index in values.indices { values[index].openObjects() }
            self = .array(values)
        default:
            break
        }
    }

    /// Every `format: uuid` or `date-time` gets the pattern that makes it assert.
    mutating func assertFormats() {
        switch self {
        case .object(var members):
            if case .string(let format)? = members.first(where: { $0.0 == "format" })?.1, !members.contains(where: { $0.0 == "pattern" }) {
                switch format {
                case "uuid": members.append(("pattern", .string(APIDocument.uuidPattern)))
                case "date-time": members.append(("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"))
                default: break
                }
            }
            for index in members.indices { members[index].1.assertFormats() }
            self = .object(members)
        case .array(var values):
            for index in values.indices { values[index].assertFormats() }
            self = .array(values)
        default:
            break
        }
    }
}

extension JSONDocument: ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    init(integerLiteral value: Int) { self = .number(Double(value)) }
    init(arrayLiteral elements: JSONDocument...) { self = .array(elements) }
}
