import Foundation

extension ExponentialSmoothing {
    /// The least-squares fit: a grid over the smoothing weights, from heuristic initial states,
    /// picks a few starting points; from each, Nelder–Mead and then Levenberg–Marquardt refine
    /// weights and initial states together, and the lowest SSE wins.
    struct Estimation {
        let model: ExponentialSmoothing
        let series: [Double]

        /// How many of the best grid points are refined. One is often enough; the others guard
        /// against the second basin that the SSE surfaces of seasonal models often have.
        static let starts = 4

        func run() -> Fitted {
            let layout = Layout(model: model, series: series)
            let heuristic = Self.heuristicStates(series, model: model)
            let objective = { (point: [Double]) -> Double in
                guard let (parameters, states) = layout.decode(point) else { return .infinity }
                return Recursion.sse(series, parameters: parameters, seasonality: model.seasonality, states: states)
            }
            let residuals = { (point: [Double], errors: inout [Double]) -> Bool in
                guard let (parameters, states) = layout.decode(point) else { return false }
                Recursion.errors(series, parameters: parameters, seasonality: model.seasonality, states: states, into: &errors)
                return true
            }
            let starts = layout.grid().map { layout.encode($0, heuristic) }
                .map { (point: $0, value: objective($0)) }
                .sorted { $0.value < $1.value }
                .prefix(Self.starts)
            // Nelder–Mead gets near a minimum cheaply but finishes slowly; Levenberg–Marquardt
            // finishes fast but needs a good start. Polishing every start, not only the best
            // scouted one, matters when the minimum sits on a bound (alpha near 1, phi at 0.8).
            let scout = NelderMead(tolerance: 1e-4, maxEvaluations: 4_000)
            var best = (point: layout.encode(Parameters(alpha: 0.5), heuristic), value: Double.infinity)
            for start in starts where start.value.isFinite {
                let scouted = scout.minimize(objective, from: start.point, steps: layout.steps)
                // Never worse than where it starts, so the scouted point needs no comparison of its own.
                let polished = LevenbergMarquardt().minimize(residuals, count: series.count, from: scouted.point, scales: layout.steps)
                if polished.value < best.value { best = (polished.point, polished.value) }
            }
            // The heuristic states are valid by construction, so the fallback always decodes.
            guard let (parameters, initial) = layout.decode(best.point) else { preconditionFailure("undecodable fit") }
            var recursion = Recursion(parameters: parameters, seasonality: model.seasonality, states: initial)
            let sse = series.reduce(0) { sum, y in
                let error = recursion.update(y)
                return sum + error * error
            }
            let freedom = series.count - layout.dimension
            return Fitted(model: model, parameters: parameters, initial: initial, final: recursion.states, count: series.count,
                          sse: sse, residualVariance: sse / Double(max(freedom, 1)))
        }

        /// Hyndman's heuristic (as in statsmodels): the season from the first few cycles
        /// detrended by a centred moving average, and level and slope from a straight line
        /// through the first ten trend-cycle values, taken back to just before the first value.
        static func heuristicStates(_ series: [Double], model: ExponentialSmoothing) -> States {
            let period = model.seasonality.period
            var trendCycle = series.enumerated().prefix(10).map { (time: Double($0.offset), value: $0.element) }
            var seasonal: [Double] = []
            if model.seasonality != .none {
                let cycles = min(5, series.count / period)
                let half = period / 2
                let averages = (half..<(cycles * period - half)).map { time -> (time: Double, value: Double) in
                    // An even period needs a 2×m average (half weight at both ends) to centre on a
                    // whole time step.
                    let ends = period % 2 == 0 ? (series[time - half] + series[time + half]) / 2 : 0
                    let sum = series[(time - half)...(time + half)].reduce(0, +) - ends
                    return (Double(time), sum / Double(period))
                }
                var totals = [Double](repeating: 0, count: period), counts = totals
                for (time, average) in averages {
                    let index = Int(time)
                    totals[index % period] += model.seasonality.isMultiplicative ? series[index] / average : series[index] - average
                    counts[index % period] += 1
                }
                seasonal = zip(totals, counts).map { $0 / max($1, 1) }
                let mean = seasonal.reduce(0, +) / Double(period)
                seasonal = seasonal.map { model.seasonality.isMultiplicative ? $0 / mean : $0 - mean }
                trendCycle = Array(averages.prefix(10))
            }
            let (intercept, slope) = line(through: trendCycle)
            var level = intercept - slope
            // A steep early climb can take the line below zero before the first value, which a
            // multiplicative season cannot divide by; the first trend-cycle value is positive.
            if model.seasonality.isMultiplicative, level <= 0 { level = trendCycle[0].value }
            return States(level: level, slope: model.trend == .none ? 0 : slope, seasonal: seasonal)
        }

        /// Ordinary least squares `value ≈ intercept + slope × time`.
        static func line(through points: [(time: Double, value: Double)]) -> (intercept: Double, slope: Double) {
            let n = Double(points.count)
            let meanTime = points.reduce(0) { $0 + $1.time } / n
            let meanValue = points.reduce(0) { $0 + $1.value } / n
            let sxy = points.reduce(0) { $0 + ($1.time - meanTime) * ($1.value - meanValue) }
            let sxx = points.reduce(0) { $0 + ($1.time - meanTime) * ($1.time - meanTime) }
            let slope = sxx > 0 ? sxy / sxx : 0
            return (meanValue - slope * meanTime, slope)
        }
    }
}
