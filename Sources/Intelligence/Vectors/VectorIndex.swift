import COpenBLAS
import Foundation

/// Unit vectors held in one row-major matrix, searched by cosine (a dot product, since every
/// row has unit length). One matrix-vector product scores a query against all rows.
public struct VectorIndex<ID: Hashable & Sendable>: Sendable {
    public let ids: [ID]
    public let dimensions: Int
    let matrix: [Float]
    let rowOf: [ID: Int]

    public init(dimensions: Int = MiniLMEncoder.dimensions, entries: [(ID, [Float])]) {
        self.dimensions = dimensions
        var ids: [ID] = []
        var matrix: [Float] = []
        var rowOf: [ID: Int] = [:]
        ids.reserveCapacity(entries.count)
        matrix.reserveCapacity(entries.count * dimensions)
        for (id, vector) in entries where vector.count == dimensions && rowOf[id] == nil {
            rowOf[id] = ids.count
            ids.append(id)
            matrix.append(contentsOf: vector)
        }
        self.ids = ids
        self.matrix = matrix
        self.rowOf = rowOf
    }

    public var count: Int { ids.count }

    public func vector(for id: ID) -> [Float]? {
        rowOf[id].map { Array(matrix[($0 * dimensions)..<(($0 + 1) * dimensions)]) }
    }

    /// The cosine of the query with every row, in row order.
    public func scores(_ query: [Float]) -> [Float] {
        precondition(query.count == dimensions)
        guard !ids.isEmpty else { return [] }
        var out = [Float](repeating: 0, count: ids.count)
        matrix.withUnsafeBufferPointer { a in
            query.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { y in
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(ids.count), Int32(dimensions), 1, a.baseAddress, Int32(dimensions),
                                x.baseAddress, 1, 0, y.baseAddress, 1)
                }
            }
        }
        return out
    }

    /// Scores of many queries at once (one matrix product): `result[q][row]`.
    public func scores(batch queries: [[Float]]) -> [[Float]] {
        guard !queries.isEmpty, !ids.isEmpty else { return queries.map { _ in [] } }
        let flat = queries.flatMap { $0 }
        var out = [Float](repeating: 0, count: queries.count * ids.count)
        matrix.withUnsafeBufferPointer { a in
            flat.withUnsafeBufferPointer { q in
                out.withUnsafeMutableBufferPointer { c in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(queries.count), Int32(ids.count), Int32(dimensions), 1,
                                q.baseAddress, Int32(dimensions), a.baseAddress, Int32(dimensions), 0, c.baseAddress, Int32(ids.count))
                }
            }
        }
        return (0..<queries.count).map { Array(out[($0 * ids.count)..<(($0 + 1) * ids.count)]) }
    }

    /// The `k` rows most like the query, best first, that reach `minimum`.
    public func nearest(_ query: [Float], k: Int, minimum: Float = -1) -> [(id: ID, score: Float)] {
        Self.top(scores(query), k: k, minimum: minimum).map { (ids[$0.row], $0.score) }
    }

    /// The best `k` of a score list (a partial selection, not a full sort).
    static func top(_ scores: [Float], k: Int, minimum: Float) -> [(row: Int, score: Float)] {
        var best: [(row: Int, score: Float)] = []
        best.reserveCapacity(k + 1)
        for (row, score) in scores.enumerated() where score >= minimum {
            if best.count == k, let last = best.last, score <= last.score { continue }
            let at = best.firstIndex { score > $0.score } ?? best.count
            best.insert((row, score), at: at)
            if best.count > k { best.removeLast() }
        }
        return best
    }
}

extension VectorIndex {
    /// The cosine of one stored row with a vector.
    public func dot(row: Int, _ vector: [Float]) -> Float {
        matrix.withUnsafeBufferPointer { a in
            vector.withUnsafeBufferPointer { b in cblas_sdot(Int32(dimensions), a.baseAddress! + row * dimensions, 1, b.baseAddress, 1) }
        }
    }
}
