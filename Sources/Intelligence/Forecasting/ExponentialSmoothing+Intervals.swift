import Foundation

extension ExponentialSmoothing.Fitted {
    /// Prediction intervals for the next `horizon` periods: each holds the future value with
    /// probability `coverage` (0…1, e.g. 0.8) if the model is right and its errors are normal.
    ///
    /// Without multiplicative seasonality the model is linear, and the h-step variance is
    /// exact (Hyndman, Koehler, Ord & Snyder 2008, class 1). With it there is no closed form,
    /// so the intervals are quantiles of simulated futures, from a fixed seed so that the same
    /// fit always gives the same intervals.
    public func intervals(_ horizon: Int, coverage: Double = 0.8) -> [(lower: Double, upper: Double)] {
        precondition(coverage > 0 && coverage < 1, "coverage is a probability strictly between 0 and 1")
        guard horizon > 0 else { return [] }
        if model.seasonality.isMultiplicative { return simulatedIntervals(horizon, coverage: coverage) }
        let z = normalQuantile(0.5 + coverage / 2)
        return zip(forecast(horizon), forecastVariances(horizon)).map { point, variance in
            let margin = z * variance.squareRoot()
            return (point - margin, point + margin)
        }
    }

    /// σ²[1 + Σ_{j=1}^{h−1} c_j²] with c_j = α + αβ·φ_j + γ·[j is a whole number of cycles],
    /// where αβ is the state-space form of Holt's trend weight and φ_j = φ + φ² + … + φ^j.
    func forecastVariances(_ horizon: Int) -> [Double] {
        let (alpha, beta, gamma, phi) = (parameters.alpha, parameters.beta, parameters.gamma, parameters.phi)
        let period = model.seasonality.period
        var variances: [Double] = []
        var sum = 1.0, slopeWeight = 0.0, power = 1.0
        for step in 1...horizon {
            variances.append(residualVariance * sum)
            power *= phi
            slopeWeight += power
            let c = alpha + alpha * beta * slopeWeight + (model.seasonality != .none && step % period == 0 ? gamma : 0)
            sum += c * c
        }
        return variances
    }

    /// Quantiles of `paths` futures drawn from the fitted model with normal errors of the
    /// fitted variance.
    func simulatedIntervals(_ horizon: Int, coverage: Double, paths: Int = 5_000) -> [(lower: Double, upper: Double)] {
        var generator = SplitMix64(seed: 0x5EED_F0CA_57ED)
        let sigma = residualVariance.squareRoot()
        var draws = [[Double]](repeating: [], count: horizon)
        for _ in 0..<paths {
            var recursion = ExponentialSmoothing.Recursion(parameters: parameters, seasonality: model.seasonality, states: final)
            for step in 0..<horizon {
                let value = recursion.prediction + sigma * generator.nextNormal()
                draws[step].append(value)
                recursion.update(value)
            }
        }
        let tail = (1 - coverage) / 2
        return draws.map { values in
            let sorted = values.sorted()
            return (quantile(sorted, tail), quantile(sorted, 1 - tail))
        }
    }
}

/// Linear interpolation between order statistics (the "type 7" rule of R and NumPy).
private func quantile(_ sorted: [Double], _ p: Double) -> Double {
    let position = p * Double(sorted.count - 1)
    let below = Int(position.rounded(.down))
    let above = min(below + 1, sorted.count - 1)
    return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
}

/// The standard normal quantile Φ⁻¹(p), by Acklam's rational approximation (relative error
/// below 1.2e-9, far finer than any interval needs).
private func normalQuantile(_ p: Double) -> Double {
    let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
             1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
             6.680131188771972e+01, -1.328068155288572e+01]
    let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
             -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let low = 0.02425
    func tail(_ q: Double) -> Double {
        let r = (-2 * log(q)).squareRoot()
        return (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5])
            / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1)
    }
    if p <= 0 { return -.infinity }
    if p >= 1 { return .infinity }
    if p < low { return tail(p) }
    if p > 1 - low { return -tail(1 - p) }
    let q = p - 0.5, r = q * q
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
}

/// Steele, Lea and Flood's SplitMix64: small, fast and fully determined by its seed, which is
/// all the interval simulation needs.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal draw (Box–Muller; the second value of each pair is dropped for simplicity).
    mutating func nextNormal() -> Double {
        let u = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &self)
        let v = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}
