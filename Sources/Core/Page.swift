/// A window onto a list: every list the platform returns is paged.
public struct PageRequest: Sendable, Equatable {
    public static let maximumLimit = 100
    public let limit: Int
    public let offset: Int

    /// Validates the window; a bad value names its field.
    public init(limit: Int = 20, offset: Int = 0) throws(DomainError) {
        guard (1...Self.maximumLimit).contains(limit) else {
            throw .invalid(field: "limit", reason: "must be between 1 and \(Self.maximumLimit)")
        }
        guard offset >= 0 else { throw .invalid(field: "offset", reason: "must not be negative") }
        self.limit = limit
        self.offset = offset
    }
}

public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let total: Int
    public let request: PageRequest

    public init(items: [Item], total: Int, request: PageRequest) {
        self.items = items
        self.total = total
        self.request = request
    }

    public var hasMore: Bool { request.offset + items.count < total }
}

extension Page: Equatable where Item: Equatable {}
