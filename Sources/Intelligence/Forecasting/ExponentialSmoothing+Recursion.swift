import Foundation

extension ExponentialSmoothing {
    /// The smoothing equations, one observation at a time, as statsmodels and Hyndman et al.
    /// (2008) write them, so that the same parameters mean the same model:
    ///
    ///     ŷ = (ℓ + φb) ⊕ s           e = y − ŷ
    ///     ℓ' = α (y ⊖ s) + (1 − α)(ℓ + φb)
    ///     b' = β (ℓ' − ℓ) + (1 − β) φb
    ///     s' = γ (y ⊖ (ℓ + φb)) + (1 − γ) s
    ///
    /// where ⊕/⊖ are + and − for additive seasonality, × and ÷ for multiplicative. Without
    /// seasonality the season is a constant 0 (γ is 0), which keeps one code path for all models.
    struct Recursion {
        let parameters: Parameters
        let multiplicative: Bool
        private let seasonless: Bool
        private(set) var level: Double
        private(set) var slope: Double
        /// A ring: `seasonal[position]` is the index for the next observation.
        private var seasonal: [Double]
        private var position = 0

        init(parameters: Parameters, seasonality: Seasonality, states: States) {
            self.parameters = parameters
            self.multiplicative = seasonality.isMultiplicative
            self.level = states.level
            self.slope = states.slope
            self.seasonless = states.seasonal.isEmpty
            self.seasonal = seasonless ? [0] : states.seasonal
        }

        /// The one-step-ahead forecast of the next observation.
        var prediction: Double {
            let base = level + parameters.phi * slope
            return multiplicative ? base * seasonal[position] : base + seasonal[position]
        }

        /// Takes the next observation and returns its one-step-ahead error.
        @discardableResult
        mutating func update(_ y: Double) -> Double {
            let error: Double
            (error, level, slope, seasonal[position]) = Self.step(y, level, slope, seasonal[position], parameters, multiplicative)
            position = position + 1 == seasonal.count ? 0 : position + 1
            return error
        }

        /// The equations above rewritten around the error (ℓ' = ℓ + φb + α·e for additive
        /// seasonality, and so on): the same values with fewer operations, since the fit runs
        /// this in its inner loop. β enters as αβ, the state-space form of Holt's weight.
        @inline(__always)
        static func step(_ y: Double, _ level: Double, _ slope: Double, _ season: Double, _ parameters: Parameters, _ multiplicative: Bool)
            -> (error: Double, level: Double, slope: Double, season: Double) {
            let base = level + parameters.phi * slope
            let error: Double, levelError: Double, seasonError: Double
            if multiplicative {
                // y ÷ s − base rather than e ÷ s: equal, but the division no longer waits for
                // the level, which keeps it off the chain that runs from one step to the next.
                (error, levelError, seasonError) = (y - base * season, y / season - base, y / base - season)
            } else {
                (error, levelError, seasonError) = (y - base - season, y - base - season, y - base - season)
            }
            return (error, base + parameters.alpha * levelError, parameters.phi * slope + parameters.alpha * parameters.beta * levelError,
                    season + parameters.gamma * seasonError)
        }

        /// The current states, the seasonal ring unrolled so that it starts with the next period.
        var states: States {
            States(level: level, slope: slope, seasonal: seasonless ? [] : Array(seasonal[position...] + seasonal[..<position]))
        }

        /// The sum of squared one-step errors over `series`; infinity when the recursion breaks
        /// down (a multiplicative season or level reaching zero), so that a search steers away.
        static func sse(_ series: [Double], parameters: Parameters, seasonality: Seasonality, states: States) -> Double {
            var sum = 0.0
            forEachError(series, parameters, seasonality, states) { _, error in sum += error * error }
            return sum.isFinite ? sum : .infinity
        }

        /// Writes the one-step errors over `series` into `errors`, which has one slot per value.
        static func errors(_ series: [Double], parameters: Parameters, seasonality: Seasonality, states: States, into errors: inout [Double]) {
            errors.withUnsafeMutableBufferPointer { out in
                forEachError(series, parameters, seasonality, states) { index, error in out[index] = error }
            }
        }

        /// `update` without the bookkeeping, for the fit's inner loop.
        @inline(__always)
        private static func forEachError(_ series: [Double], _ parameters: Parameters, _ seasonality: Seasonality, _ states: States,
                                         _ body: (Int, Double) -> Void) {
            let multiplicative = seasonality.isMultiplicative
            var (level, slope) = (states.level, states.slope)
            var seasonal = states.seasonal.isEmpty ? [0] : states.seasonal
            seasonal.withUnsafeMutableBufferPointer { ring in
                var position = 0
                for (index, y) in series.enumerated() {
                    let error: Double
                    (error, level, slope, ring[position]) = step(y, level, slope, ring[position], parameters, multiplicative)
                    body(index, error)
                    position = position + 1 == ring.count ? 0 : position + 1
                }
            }
        }
    }
}
