/// Who interacted with what, and how strongly: users and items are dense ordinals the caller
/// assigns. A repeated pair adds up.
public struct Interactions: Sendable {
    public let users: Int
    public let items: Int
    public private(set) var entries: [(user: Int32, item: Int32, strength: Float)] = []

    public init(users: Int, items: Int) {
        self.users = users
        self.items = items
    }

    public mutating func add(user: Int, item: Int, strength: Float = 1) {
        precondition(user >= 0 && user < users && item >= 0 && item < items, "user or item out of range")
        entries.append((Int32(user), Int32(item), strength))
    }

    /// One side as compressed rows: row `r`'s columns are `columns[start[r]..<start[r+1]]`,
    /// in increasing order, each with its confidence.
    struct Rows: Sendable {
        let count: Int
        let start: [Int32]
        let columns: [Int32]
        let confidence: [Float]
    }

    func byUser(alpha: Float) -> Rows { rows(count: users, alpha: alpha) { ($0.user, $0.item) } }

    func byItem(alpha: Float) -> Rows { rows(count: items, alpha: alpha) { ($0.item, $0.user) } }

    private func rows(count: Int, alpha: Float, _ key: ((user: Int32, item: Int32, strength: Float)) -> (Int32, Int32)) -> Rows {
        var sums: [Int64: Float] = [:]
        for entry in entries {
            let (row, column) = key(entry)
            sums[Int64(row) << 32 | Int64(column), default: 0] += entry.strength
        }
        let sorted = sums.keys.sorted()
        var start = [Int32](repeating: 0, count: count + 1), columns: [Int32] = [], confidence: [Float] = []
        columns.reserveCapacity(sorted.count)
        confidence.reserveCapacity(sorted.count)
        for pair in sorted {
            start[Int(pair >> 32) + 1] += 1
            columns.append(Int32(truncatingIfNeeded: pair))
            confidence.append(alpha * sums[pair]!)
        }
        for row in 0..<count { start[row + 1] += start[row] }
        return Rows(count: count, start: start, columns: columns, confidence: confidence)
    }
}
