import NIOCore

/// One value of the Redis serialization protocol (RESP2), as the server sends it.
public enum RESPValue: Sendable, Equatable {
    case simple(String)
    case error(String)
    case integer(Int)
    case bulk(ByteBuffer)
    case null
    case array([RESPValue])

    /// The text of a simple or bulk string.
    public var string: String? {
        switch self {
        case .simple(let text): text
        case .bulk(let bytes): String(buffer: bytes)
        default: nil
        }
    }

    /// An integer reply, or a string that reads as one.
    public var int: Int? {
        switch self {
        case .integer(let value): value
        default: string.flatMap { Int($0) }
        }
    }

    /// The bytes of a bulk string.
    public var bytes: [UInt8]? {
        if case .bulk(let buffer) = self { return Array(buffer.readableBytesView) }
        return nil
    }

    public var array: [RESPValue]? {
        if case .array(let values) = self { return values }
        return nil
    }
}

/// A command as Redis reads it: an array of bulk strings.
public struct RedisCommand: Sendable {
    public var arguments: [[UInt8]]

    public init(_ name: String, _ arguments: [String] = []) {
        self.arguments = [Array(name.utf8)] + arguments.map { Array($0.utf8) }
    }

    public init(_ name: String, bytes arguments: [[UInt8]]) {
        self.arguments = [Array(name.utf8)] + arguments
    }

    func write(to buffer: inout ByteBuffer) {
        buffer.writeString("*\(arguments.count)\r\n")
        for argument in arguments {
            buffer.writeString("$\(argument.count)\r\n")
            buffer.writeBytes(argument)
            buffer.writeString("\r\n")
        }
    }
}

/// A reply that does not follow the protocol.
public struct RESPProtocolError: Error, CustomStringConvertible {
    public let description: String
}

extension RESPValue {
    /// Reads one whole value from the front of `buffer`, or nil (and `buffer` untouched) when
    /// the value has not fully arrived yet.
    static func read(from buffer: inout ByteBuffer) throws -> RESPValue? {
        var copy = buffer
        guard let value = try parse(&copy, depth: 0) else { return nil }
        buffer = copy
        return value
    }

    private static func line(_ buffer: inout ByteBuffer) -> String? {
        let view = buffer.readableBytesView
        guard let cr = view.firstIndex(of: UInt8(ascii: "\r")), cr + 1 < view.endIndex else { return nil }
        let length = cr - view.startIndex
        let text = buffer.readString(length: length)
        buffer.moveReaderIndex(forwardBy: 2)
        return text
    }

    private static func parse(_ buffer: inout ByteBuffer, depth: Int) throws -> RESPValue? {
        guard depth < 32 else { throw RESPProtocolError(description: "replies nested deeper than 32") }
        guard let kind = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        buffer.moveReaderIndex(forwardBy: 1)
        guard let text = line(&buffer) else { return nil }
        switch kind {
        case UInt8(ascii: "+"):
            return .simple(text)
        case UInt8(ascii: "-"):
            return .error(text)
        case UInt8(ascii: ":"):
            guard let value = Int(text) else { throw RESPProtocolError(description: "integer reply '\(text)'") }
            return .integer(value)
        case UInt8(ascii: "$"):
            guard let length = Int(text), length >= -1 else { throw RESPProtocolError(description: "bulk length '\(text)'") }
            if length == -1 { return .null }
            guard buffer.readableBytes >= length + 2, let bytes = buffer.readSlice(length: length) else { return nil }
            buffer.moveReaderIndex(forwardBy: 2)
            return .bulk(bytes)
        case UInt8(ascii: "*"):
            guard let count = Int(text), count >= -1 else { throw RESPProtocolError(description: "array length '\(text)'") }
            if count == -1 { return .null }
            var values: [RESPValue] = []
            values.reserveCapacity(count)
            for _ in 0..<count {
                guard let value = try parse(&buffer, depth: depth + 1) else { return nil }
                values.append(value)
            }
            return .array(values)
        default:
            throw RESPProtocolError(description: "unknown reply type \(kind)")
        }
    }
}

/// Splits the byte stream from Redis into values.
struct RESPDecoder: ByteToMessageDecoder {
    typealias InboundOut = RESPValue

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let value = try RESPValue.read(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(value))
        return .continue
    }
}
