extension ImplicitALS {
    /// Conjugate-gradient steps towards x = (Yᵀ C_u Y + λI)⁻¹ Yᵀ C_u p_u for one row, written
    /// as Yᵀ Y + λI (shared, `gram`) plus Σ (c − 1) y yᵀ over the row's own items, so a step
    /// costs one f×f product and two passes over the row's items. Scratch space is kept between
    /// rows; `release()` frees it.
    struct Solver {
        typealias Lanes = SIMD8<Float>
        let factors: Int
        let steps: Int
        let r: UnsafeMutablePointer<Float>
        let p: UnsafeMutablePointer<Float>
        let ap: UnsafeMutablePointer<Float>

        init(factors: Int, steps: Int) {
            self.factors = factors
            self.steps = steps
            r = .allocate(capacity: factors)
            p = .allocate(capacity: factors)
            ap = .allocate(capacity: factors)
        }

        func release() {
            r.deallocate()
            p.deallocate()
            ap.deallocate()
        }

        func solve<Items: Collection<Int32>, Weights: Collection<Float>>(
            _ x: UnsafeMutablePointer<Float>, fixed y: UnsafePointer<Float>, gram: UnsafePointer<Float>, items: Items, confidence: Weights
        ) {
            let f = factors
            // r = Yᵀ C_u p_u − A x, with p_u = 1 on the row's items.
            multiply(gram, x, into: r)
            scale(r, by: -1)
            for (item, c) in zip(items, confidence) {
                let row = y + Int(item) * f
                Self.axpy(c - (c - 1) * Self.dot(row, x, f), row, r, f)
            }
            copy(r, to: p)
            var old = Self.dot(r, r, f)
            guard old > 1e-20 else { return }
            for _ in 0..<steps {
                multiply(gram, p, into: ap)
                for (item, c) in zip(items, confidence) where c != 1 {
                    let row = y + Int(item) * f
                    Self.axpy((c - 1) * Self.dot(row, p, f), row, ap, f)
                }
                let step = old / Self.dot(p, ap, f)
                Self.axpy(step, p, x, f)
                Self.axpy(-step, ap, r, f)
                let new = Self.dot(r, r, f)
                if new < 1e-20 { break }
                // p = r + (new / old) p
                let keep = new / old
                for j in stride(from: 0, to: f, by: 8) { store(load(r, j) + keep * load(p, j), p, j) }
                old = new
            }
        }

        /// out = A v for the f × f matrix A.
        func multiply(_ a: UnsafePointer<Float>, _ v: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
            for i in 0..<factors { out[i] = Self.dot(a + i * factors, v, factors) }
        }

        func scale(_ v: UnsafeMutablePointer<Float>, by s: Float) {
            for j in stride(from: 0, to: factors, by: 8) { store(s * load(v, j), v, j) }
        }

        func copy(_ v: UnsafeMutablePointer<Float>, to out: UnsafeMutablePointer<Float>) {
            out.update(from: v, count: factors)
        }

        func load(_ v: UnsafePointer<Float>, _ j: Int) -> Lanes {
            UnsafeRawPointer(v + j).loadUnaligned(as: Lanes.self)
        }

        func store(_ lanes: Lanes, _ v: UnsafeMutablePointer<Float>, _ j: Int) {
            UnsafeMutableRawPointer(v + j).storeBytes(of: lanes, as: Lanes.self)
        }

        /// a · b over `count` floats (a multiple of 8).
        static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
            var sum = Lanes()
            for j in stride(from: 0, to: count, by: 8) {
                sum += UnsafeRawPointer(a + j).loadUnaligned(as: Lanes.self) * UnsafeRawPointer(b + j).loadUnaligned(as: Lanes.self)
            }
            return sum.sum()
        }

        /// y += s·a over `count` floats (a multiple of 8).
        static func axpy(_ s: Float, _ a: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
            for j in stride(from: 0, to: count, by: 8) {
                let out = UnsafeMutableRawPointer(y + j)
                out.storeBytes(of: out.loadUnaligned(as: Lanes.self) + s * UnsafeRawPointer(a + j).loadUnaligned(as: Lanes.self), as: Lanes.self)
            }
        }
    }
}
