import COpenBLAS
import Core
import Foundation

/// Matrix factorisation for implicit feedback (Hu, Koren and Volinsky, "Collaborative Filtering
/// for Implicit Feedback Datasets", 2008): every user × item pair is a preference p (1 when they
/// interacted, else 0) held with confidence c (the interaction's strength × `alpha`, 1 for the
/// rest), and user and item vectors minimise Σ c (p − x·y)² + λ(‖x‖² + ‖y‖²). Alternating least
/// squares fixes one side and solves the other; each solve takes a few conjugate-gradient steps
/// from the previous vector (Takács, Pilászy and Tikk, 2011), which costs O(f·nnz + f²) per user
/// instead of a full O(f³) solve, and needs only Yᵀ Y once per sweep, not Yᵀ C_u Y per user.
public struct ImplicitALS: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Latent factors; a multiple of 8 (the kernels run on 8 lanes).
        public var factors = 64
        public var iterations = 15
        public var regularization: Float = 0.01
        /// Confidence per unit of interaction strength.
        public var alpha: Float = 1
        public var conjugateGradientSteps = 3
        public var seed: UInt64 = 42
        /// Threads one sweep may use.
        public var threads = ProcessInfo.processInfo.activeProcessorCount

        public init() {}
    }

    public let settings: Settings

    public init(_ settings: Settings = Settings()) {
        precondition(settings.factors > 0 && settings.factors % 8 == 0, "factors must be a positive multiple of 8")
        self.settings = settings
    }

    /// Users' and items' vectors.
    public struct Model: Sendable {
        public let factors: Int
        public let users: Int
        public let items: Int
        let userFactors: [Float]
        let itemFactors: [Float]
        let settings: Settings
        /// Yᵀ Y + λI, which every fold-in needs: computed once per model, not per member.
        let itemGram: [Float]

        init(factors: Int, users: Int, items: Int, userFactors: [Float], itemFactors: [Float], settings: Settings) {
            self.factors = factors
            self.users = users
            self.items = items
            self.userFactors = userFactors
            self.itemFactors = itemFactors
            self.settings = settings
            itemGram = ImplicitALS.gram(itemFactors, rows: items, factors: factors, regularization: settings.regularization)
        }

        /// Every item's score for a user, in item order.
        public func scores(user: Int) -> [Float] {
            precondition(user >= 0 && user < users)
            return userFactors.withUnsafeBufferPointer { scores(vector: UnsafeBufferPointer(rebasing: $0[(user * factors)..<((user + 1) * factors)])) }
        }

        /// Every item's score for a user vector (see `foldIn`), in item order.
        public func scores(vector: [Float]) -> [Float] {
            precondition(vector.count == factors)
            return vector.withUnsafeBufferPointer { scores(vector: $0) }
        }

        func scores(vector: UnsafeBufferPointer<Float>) -> [Float] {
            var out = [Float](repeating: 0, count: items)
            guard items > 0 else { return out }
            itemFactors.withUnsafeBufferPointer { y in
                out.withUnsafeMutableBufferPointer { out in
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(items), Int32(factors), 1, y.baseAddress, Int32(factors),
                                vector.baseAddress, 1, 0, out.baseAddress, 1)
                }
            }
            return out
        }

        /// A vector for someone the model was not trained on (or who has interacted since), from
        /// their interactions (item, strength) and the trained item vectors: the same least squares
        /// the training solves, to convergence.
        public func foldIn(_ interactions: [(item: Int, strength: Float)]) -> [Float] {
            let known = interactions.filter { $0.item >= 0 && $0.item < items && $0.strength > 0 }
            guard !known.isEmpty else { return [Float](repeating: 0, count: factors) }
            var vector = [Float](repeating: 0, count: factors)
            let solver = ImplicitALS.Solver(factors: factors, steps: max(settings.conjugateGradientSteps, factors))
            itemFactors.withUnsafeBufferPointer { y in
                itemGram.withUnsafeBufferPointer { gram in
                    vector.withUnsafeMutableBufferPointer { x in
                        solver.solve(x.baseAddress!, fixed: y.baseAddress!, gram: gram.baseAddress!,
                                     items: known.map { Int32($0.item) }, confidence: known.map { $0.strength * settings.alpha })
                    }
                }
            }
            solver.release()
            return vector
        }
    }

    /// Trains on a users × items matrix of interaction strengths (a repeated pair adds up).
    /// A cancelled task stops between sweeps; its caller checks for cancellation before using
    /// what it answers.
    public func fit(_ interactions: Interactions) -> Model {
        let f = settings.factors
        var random = SeededGenerator(seed: settings.seed)
        var x = (0..<(interactions.users * f)).map { _ in Float.random(in: 0..<1, using: &random) * 0.01 }
        var y = (0..<(interactions.items * f)).map { _ in Float.random(in: 0..<1, using: &random) * 0.01 }
        let byUser = interactions.byUser(alpha: settings.alpha), byItem = interactions.byItem(alpha: settings.alpha)
        for _ in 0..<settings.iterations where !Task.isCancelled {
            x = sweep(solving: x, fixed: y, rows: byUser)
            y = sweep(solving: y, fixed: x, rows: byItem)
        }
        return Model(factors: f, users: interactions.users, items: interactions.items, userFactors: x, itemFactors: y, settings: settings)
    }

    /// New vectors for every row of one side, the other side fixed; rows are split across threads.
    func sweep(solving current: [Float], fixed: [Float], rows: Interactions.Rows) -> [Float] {
        let f = settings.factors, steps = settings.conjugateGradientSteps
        let gram = Self.gram(fixed, rows: fixed.count / f, factors: f, regularization: settings.regularization)
        let parts = Chunks.map(rows.count, threads: settings.threads, minimum: 64) { range in
            var solved = Array(current[(range.lowerBound * f)..<(range.upperBound * f)])
            let solver = Solver(factors: f, steps: steps)
            fixed.withUnsafeBufferPointer { y in
                gram.withUnsafeBufferPointer { gram in
                    solved.withUnsafeMutableBufferPointer { out in
                        for row in range {
                            let lower = Int(rows.start[row]), upper = Int(rows.start[row + 1])
                            solver.solve(out.baseAddress! + (row - range.lowerBound) * f, fixed: y.baseAddress!, gram: gram.baseAddress!,
                                         items: rows.columns[lower..<upper], confidence: rows.confidence[lower..<upper])
                        }
                    }
                }
            }
            solver.release()
            return solved
        }
        return parts.count == 1 ? parts[0] : parts.flatMap { $0 }
    }

    /// Yᵀ Y + λI for row-major `y` (rows × factors).
    static func gram(_ y: [Float], rows: Int, factors f: Int, regularization: Float) -> [Float] {
        var gram = [Float](repeating: 0, count: f * f)
        y.withUnsafeBufferPointer { y in
            gram.withUnsafeMutableBufferPointer { g in
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(f), Int32(f), Int32(rows), 1,
                            y.baseAddress, Int32(f), y.baseAddress, Int32(f), 0, g.baseAddress, Int32(f))
            }
        }
        for i in 0..<f { gram[i * f + i] += regularization }
        return gram
    }
}
