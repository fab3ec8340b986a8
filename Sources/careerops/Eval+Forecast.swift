import ArgumentParser
import Foundation
import Intelligence

extension Eval {
    struct Forecast: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Holdout MAPE and fit time of exponential smoothing on AirPassengers (last 12 months held out) and monthly CO2 (last 24), the series statsmodels ships, beside a seasonal naive forecast (last year again); scripts/forecast_reference.py runs statsmodels on the same."
        )

        @Option(help: "The folder with air-passengers.csv and co2-monthly.csv.") var fixtures = "Tests/IntelligenceTests/Fixtures"
        @Flag(help: "Print the figures as JSON.") var json = false

        /// name, file, holdout, model; scripts/forecast_reference.py uses the same settings.
        static let series: [(String, String, Int, ExponentialSmoothing)] = [
            ("air_passengers", "air-passengers.csv", 12, ExponentialSmoothing(trend: .additive, seasonality: .multiplicative(period: 12))),
            ("co2", "co2-monthly.csv", 24, ExponentialSmoothing(trend: .additive, seasonality: .additive(period: 12))),
        ]

        func run() async throws {
            var figures: [String: [String: Double]] = [:]
            for (name, file, holdout, model) in Self.series {
                let path = "\(fixtures)/\(file)"
                guard let data = FileManager.default.contents(atPath: path),
                      let values = ExponentialSmoothing.series(csv: String(decoding: data, as: UTF8.self)), values.count > holdout else {
                    throw Runtime.fail("cannot read a series from \(path)")
                }
                var times: [Double] = [], mape = 0.0
                for _ in 0..<5 {
                    let start = ContinuousClock.now
                    mape = try model.holdoutMAPE(values, holdout: holdout)
                    times.append((ContinuousClock.now - start) / .milliseconds(1))
                }
                // The baseline: each held-out month as the same month a year before.
                let known = Array(values.dropLast(holdout))
                let naive = (0..<holdout).map { known[known.count - 12 + $0 % 12] }
                let naiveMAPE = 100 * zip(values.suffix(holdout), naive).map { abs(($0 - $1) / $0) }.reduce(0, +) / Double(holdout)
                let fitted = try model.fit(known)
                let interval = fitted.intervals(holdout, coverage: 0.8)
                let inside = zip(values.suffix(holdout), interval).filter { $0 >= $1.lower && $0 <= $1.upper }.count
                figures[name] = ["mape": mape, "fit_ms": times.sorted()[2], "points": Double(values.count - holdout), "holdout": Double(holdout),
                                 "inside_80_interval": Double(inside), "seasonal_naive_mape": naiveMAPE]
                if !json {
                    Runtime.say(String(format: "%-15@ fit on %d, forecast %d: MAPE %.4f%% (seasonal naive %.4f%%)  fit %.1f ms (median of 5)  %d of %d inside the 80%% interval",
                                       name as NSString, values.count - holdout, holdout, mape, naiveMAPE, times.sorted()[2], inside, holdout))
                }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                Runtime.say(String(decoding: try encoder.encode(figures), as: UTF8.self))
            }
        }
    }
}
