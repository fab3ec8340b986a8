import Foundation
import Intelligence

extension ExponentialSmoothing {
    /// Fits all but the last `holdout` values and answers the mean absolute percentage error (%)
    /// of the forecast of those.
    public func holdoutMAPE(_ series: [Double], holdout: Int) throws(Failure) -> Double {
        precondition(holdout > 0 && holdout < series.count)
        let fitted = try fit(Array(series.dropLast(holdout)))
        let errors = zip(series.suffix(holdout), fitted.forecast(holdout)).map { abs(($0 - $1) / $0) }
        return 100 * errors.reduce(0, +) / Double(holdout)
    }

    /// A series from text in the fixtures' layout: `#` lines (the source), a header, then one
    /// value a line; nil when a line is not a number.
    public static func series(csv text: String) -> [Double]? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let values = lines.dropFirst().map { Double($0) }
        return values.contains(nil) ? nil : values.compactMap { $0 }
    }
}
