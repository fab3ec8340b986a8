import Foundation

extension ExponentialSmoothing {
    /// Maps the free values onto an unbounded vector for the optimisers. The weights go through a
    /// logistic so their bounds hold by construction (beta as a share of alpha, gamma of 1 − alpha,
    /// as statsmodels does). The last seasonal value is implied by the others (they sum to 0, or
    /// average 1): shifting level and season against each other leaves every forecast unchanged,
    /// so that direction carries no information and only slows the search.
    struct Layout {
        let trend: Trend
        let seasonality: Seasonality
        let period: Int
        let dimension: Int
        /// A typical change along each axis, in the series' own units: the size of Nelder–Mead's
        /// first simplex, and the scale of Levenberg–Marquardt's finite differences.
        let steps: [Double]

        /// statsmodels keeps alpha √ε away from 0 and 1, where the level would ignore new values
        /// or forget everything but the last one; beta and gamma may reach their bounds.
        static let alphaRange = 1.49e-8...(1 - 1.49e-8)
        static let phiRange = 0.8...0.98

        init(model: ExponentialSmoothing, series: [Double]) {
            trend = model.trend
            seasonality = model.seasonality
            period = model.seasonality.period
            let differences = zip(series.dropFirst(), series).map { $0 - $1 }
            let meanDifference = differences.reduce(0, +) / Double(differences.count)
            let spread = max((differences.reduce(0) { $0 + ($1 - meanDifference) * ($1 - meanDifference) }
                / Double(differences.count)).squareRoot(), 1e-8 * (series.map(abs).max() ?? 1))
            var steps = [0.5]
            if trend != .none { steps.append(0.5) }
            if seasonality != .none { steps.append(0.5) }
            if trend == .damped { steps.append(0.5) }
            steps.append(0.1 * spread)
            if trend != .none { steps.append(0.02 * spread) }
            if seasonality != .none {
                steps += Array(repeating: seasonality.isMultiplicative ? 0.02 : 0.1 * spread, count: period - 1)
            }
            self.steps = steps
            dimension = steps.count
        }

        /// The grid the starting points come from: weights spread over their ranges.
        func grid() -> [Parameters] {
            let shares = [0.01, 0.1, 0.3, 0.6, 0.9]
            let betas = trend == .none ? [0.0] : shares
            let gammas = seasonality == .none ? [0.0] : shares
            let phis = trend == .damped ? [0.85, 0.92, 0.97] : [1.0]
            var points: [Parameters] = []
            for alpha in stride(from: 0.05, through: 0.95, by: 0.1) {
                for beta in betas {
                    for gamma in gammas {
                        for phi in phis {
                            points.append(Parameters(alpha: alpha, beta: alpha * beta, gamma: (1 - alpha) * gamma, phi: phi))
                        }
                    }
                }
            }
            return points
        }

        func encode(_ parameters: Parameters, _ states: States) -> [Double] {
            var point = [unbounded(parameters.alpha, Self.alphaRange)]
            if trend != .none { point.append(unbounded(parameters.beta, 0...parameters.alpha)) }
            if seasonality != .none { point.append(unbounded(parameters.gamma, 0...(1 - parameters.alpha))) }
            if trend == .damped { point.append(unbounded(parameters.phi, Self.phiRange)) }
            point.append(states.level)
            if trend != .none { point.append(states.slope) }
            if seasonality != .none { point += states.seasonal.dropLast() }
            return point
        }

        /// The parameters and initial states a point stands for; nil where a multiplicative
        /// model would divide by a non-positive level or season.
        func decode(_ point: [Double]) -> (Parameters, States)? {
            var values = point.makeIterator()
            func next() -> Double { values.next() ?? 0 }
            var parameters = Parameters(alpha: bounded(next(), Self.alphaRange))
            if trend != .none { parameters.beta = bounded(next(), 0...parameters.alpha) }
            if seasonality != .none { parameters.gamma = bounded(next(), 0...(1 - parameters.alpha)) }
            if trend == .damped { parameters.phi = bounded(next(), Self.phiRange) }
            var states = States(level: next())
            if trend != .none { states.slope = next() }
            if seasonality != .none {
                states.seasonal = (1..<period).map { _ in next() }
                let sum = states.seasonal.reduce(0, +)
                if seasonality.isMultiplicative {
                    states.seasonal.append(Double(period) - sum)
                    guard states.level > 0, states.seasonal.allSatisfy({ $0 > 0 }) else { return nil }
                } else {
                    states.seasonal.append(-sum)
                }
            }
            return (parameters, states)
        }
    }
}

/// Maps the whole line into `range` along a logistic curve.
private func bounded(_ x: Double, _ range: ClosedRange<Double>) -> Double {
    range.lowerBound + (range.upperBound - range.lowerBound) / (1 + exp(-x))
}

/// The inverse of `bounded`, kept finite at the ends of the range.
private func unbounded(_ value: Double, _ range: ClosedRange<Double>) -> Double {
    let share = min(max((value - range.lowerBound) / (range.upperBound - range.lowerBound), 1e-9), 1 - 1e-9)
    return log(share / (1 - share))
}
