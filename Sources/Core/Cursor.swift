import Foundation

/// The opaque `cursor` of a paged list: clients pass back `next_cursor` and never build one.
/// It carries the position after the last item served.
public enum PageCursor {
    public static func encode(offset: Int) -> String {
        Data("o:\(offset)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ cursor: String) throws(DomainError) -> Int {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8), text.hasPrefix("o:"),
              let offset = Int(text.dropFirst(2)), offset >= 0
        else { throw .invalid(field: "cursor", reason: "is not a cursor this API gave out") }
        return offset
    }
}

extension Page {
    /// The cursor of the next page, or nil on the last one.
    public var nextCursor: String? {
        hasMore ? PageCursor.encode(offset: request.offset + items.count) : nil
    }

    /// The requested page of a list that is held whole.
    public init(slicing all: [Item], request: PageRequest) {
        self.init(items: Array(all.dropFirst(request.offset).prefix(request.limit)), total: all.count, request: request)
    }

    public func map<T: Sendable>(_ transform: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(items: try items.map(transform), total: total, request: request)
    }
}
