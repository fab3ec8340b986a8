import Foundation
import Synchronization

/// Where "now" comes from, injected so that tests and demo data are deterministic.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that always answers the same instant.
public struct FixedClock: WallClock {
    public let instant: Date
    public init(_ instant: Date) { self.instant = instant }
    public func now() -> Date { instant }
}

/// Where new identifiers come from, injected like the clock: random (version 4) UUIDs when
/// serving, a counting sequence where a test wants to know them in advance.
public protocol IdentifierSource: Sendable {
    func next() -> UUID
}

public struct RandomIdentifiers: IdentifierSource {
    public init() {}
    public func next() -> UUID { UUID() }
}

/// 00000000-0000-0000-0000-000000000001, …02, and so on, from `start`.
public final class SequentialIdentifiers: IdentifierSource {
    private let counter: Mutex<UInt64>

    public init(start: UInt64 = 1) { counter = Mutex(start) }

    public func next() -> UUID {
        let value = counter.withLock { value in defer { value += 1 }; return value }
        return UUID(uuidString: String(format: "00000000-0000-0000-0000-%012llX", value))!
    }
}
