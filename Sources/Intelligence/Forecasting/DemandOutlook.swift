import Foundation

/// Where a count series (postings per week or month) is heading: a damped-trend forecast, since
/// demand does not grow without bound, with its 80% interval, never below zero.
public struct DemandOutlook: Sendable, Equatable {
    public let expected: [Double]
    public let lower: [Double]
    public let upper: [Double]
    /// The model and its fitted weights, for people.
    public let model: String

    /// The outlook `horizon` steps ahead, or nil when the series is too short to fit. Leading
    /// zeros are dropped first: periods before the first posting are no data, not zero demand.
    public init?(_ series: [Double], horizon: Int) {
        let observed = Array(series.drop { $0 == 0 })
        let damped = ExponentialSmoothing(trend: .damped)
        guard horizon > 0, observed.count >= damped.minimumCount, let fitted = try? damped.fit(observed) else { return nil }
        let points = fitted.forecast(horizon), bounds = fitted.intervals(horizon, coverage: 0.8)
        expected = points.map { Self.round(max(0, $0)) }
        lower = bounds.map { Self.round(max(0, $0.lower)) }
        upper = bounds.map { Self.round(max(0, $0.upper)) }
        let parameters = fitted.parameters
        model = "damped Holt (alpha \(Self.round(parameters.alpha)), beta \(Self.round(parameters.beta)), phi \(Self.round(parameters.phi)))"
    }

    /// The last `span` periods against the `span` before, in percent to two places; nil when those had none.
    public static func growth(_ counts: [Int], span: Int) -> Double? {
        let recent = counts.suffix(span).reduce(0, +), before = counts.dropLast(span).suffix(span).reduce(0, +)
        return before > 0 ? round(100 * Double(recent - before) / Double(before)) : nil
    }

    static func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
