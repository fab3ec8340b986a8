import Foundation

/// An exponential smoothing (Holt–Winters) model: simple smoothing, Holt's linear or damped
/// trend, and additive or multiplicative seasonality, fitted by least squares on the one-step
/// errors the way statsmodels' `ExponentialSmoothing(initialization_method="estimated")` is.
///
/// ```swift
/// let model = ExponentialSmoothing(trend: .additive, seasonality: .multiplicative(period: 12))
/// let fitted = try model.fit(monthlyApplications)
/// let nextYear = fitted.forecast(12)
/// let bands = fitted.intervals(12, coverage: 0.8)
/// ```
public struct ExponentialSmoothing: Sendable, Equatable {
    /// How the level moves from one period to the next.
    public enum Trend: Sendable, Equatable {
        /// No trend: forecasts stay at the last level (plus the season).
        case none
        /// Holt's linear trend: forecasts go on at the last slope.
        case additive
        /// Gardner and McKenzie's damped trend: the slope shrinks by `phi` each period, so long
        /// forecasts level off instead of growing without end.
        case damped
    }

    /// The repeating pattern, if any, and how it combines with the level.
    public enum Seasonality: Sendable, Equatable {
        case none
        /// The season adds a fixed amount, whatever the level.
        case additive(period: Int)
        /// The season scales the level: swings grow as the series grows. Needs positive values.
        case multiplicative(period: Int)

        /// Observations per cycle; 1 without seasonality.
        public var period: Int {
            switch self {
            case .none: 1
            case .additive(let period), .multiplicative(let period): period
            }
        }

        var isMultiplicative: Bool {
            if case .multiplicative = self { true } else { false }
        }
    }

    /// Why a series cannot be fitted.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// Fewer observations than the model has to estimate from.
        case tooShort(count: Int, needed: Int)
        /// A NaN or infinite value at this position.
        case nonFinite(index: Int)
        /// A zero or negative value, which multiplicative seasonality cannot divide by.
        case nonPositive(index: Int)
        /// A seasonal period below 2.
        case invalidPeriod(Int)

        public var description: String {
            switch self {
            case .tooShort(let count, let needed): "the series has \(count) values; this model needs at least \(needed)"
            case .nonFinite(let index): "value \(index) is not a finite number"
            case .nonPositive(let index): "value \(index) is not positive, which multiplicative seasonality requires"
            case .invalidPeriod(let period): "a seasonal period must be at least 2, not \(period)"
            }
        }
    }

    public let trend: Trend
    public let seasonality: Seasonality

    public init(trend: Trend = .none, seasonality: Seasonality = .none) {
        self.trend = trend
        self.seasonality = seasonality
    }

    /// The shortest series `fit` accepts. A seasonal model needs two full cycles to tell the
    /// season from the trend, plus a few points so that the fit is not exact.
    public var minimumCount: Int {
        let trendWeights = trend == .none ? 0 : trend == .additive ? 1 : 2
        switch seasonality {
        case .none: return 3 + 2 * trendWeights
        case .additive(let period), .multiplicative(let period):
            return max(2 * period + 3, 10 + 2 * (period / 2))
        }
    }

    /// Fits the model to `series`, oldest value first, with no gaps.
    ///
    /// The smoothing weights and the initial level, slope and season are all estimated by
    /// minimising the sum of squared one-step-ahead errors, within statsmodels' bounds
    /// 0 < alpha < 1, 0 < beta < alpha and 0 < gamma < 1 − alpha, and 0.8 ≤ phi ≤ 0.98 (R's
    /// forecast package; statsmodels lets phi reach 0.995, where damping barely shows).
    /// The search is deterministic: the same series always gives the same fit.
    public func fit(_ series: [Double]) throws(Failure) -> Fitted {
        let period = seasonality.period
        if seasonality != .none, period < 2 { throw .invalidPeriod(period) }
        if let bad = series.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(index: bad) }
        if seasonality.isMultiplicative, let bad = series.firstIndex(where: { $0 <= 0 }) {
            throw .nonPositive(index: bad)
        }
        guard series.count >= minimumCount else { throw .tooShort(count: series.count, needed: minimumCount) }
        return Estimation(model: self, series: series).run()
    }
}

extension ExponentialSmoothing {
    /// The smoothing weights, named and bounded as in statsmodels. `beta` is Holt's trend weight
    /// (statsmodels' `smoothing_trend`); the state-space form's β is `alpha * beta`.
    public struct Parameters: Sendable, Equatable {
        /// Level weight, 0…1: how fast the level follows new values.
        public var alpha: Double
        /// Trend weight, 0…alpha; 0 without a trend.
        public var beta: Double
        /// Seasonal weight, 0…1 − alpha; 0 without seasonality.
        public var gamma: Double
        /// Damping, 0.8…0.98 for a damped trend; 1 otherwise.
        public var phi: Double

        public init(alpha: Double, beta: Double = 0, gamma: Double = 0, phi: Double = 1) {
            self.alpha = alpha
            self.beta = beta
            self.gamma = gamma
            self.phi = phi
        }
    }

    /// The components at one point in time.
    public struct States: Sendable, Equatable {
        public var level: Double
        /// 0 without a trend.
        public var slope: Double
        /// One value per position in the cycle, starting with the period that comes next
        /// (for the initial states, the first observation). Empty without seasonality.
        public var seasonal: [Double]

        public init(level: Double, slope: Double = 0, seasonal: [Double] = []) {
            self.level = level
            self.slope = slope
            self.seasonal = seasonal
        }
    }

    /// A fitted model: its parameters, its states before the first and after the last
    /// observation, and the forecasts that follow from them.
    public struct Fitted: Sendable {
        public let model: ExponentialSmoothing
        public let parameters: Parameters
        /// The estimated states before the first observation.
        public let initial: States
        /// The states after the last observation: where forecasts start.
        public let final: States
        /// The number of observations fitted.
        public let count: Int
        /// Sum of squared one-step-ahead errors over the series.
        public let sse: Double
        /// σ²: the SSE over the degrees of freedom left once every estimated value is counted.
        public let residualVariance: Double

        /// Point forecasts for the next `horizon` periods.
        public func forecast(_ horizon: Int) -> [Double] {
            // The slope's weight after h steps: h for a plain trend, φ + φ² + … + φʰ when damped.
            var slopeWeight = 0.0, power = 1.0
            return (0..<max(0, horizon)).map { step in
                power *= parameters.phi
                slopeWeight += power
                let base = final.level + slopeWeight * final.slope
                guard !final.seasonal.isEmpty else { return base }
                let season = final.seasonal[step % final.seasonal.count]
                return model.seasonality.isMultiplicative ? base * season : base + season
            }
        }
    }
}
