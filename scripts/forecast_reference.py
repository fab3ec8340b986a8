#!/usr/bin/env python3
"""The reference for Intelligence/Forecasting: statsmodels' ExponentialSmoothing on the two
fixture series, with the same models and holdouts as Tests/IntelligenceTests/ExponentialSmoothingTests.swift.

    python3 scripts/forecast_reference.py                   # prints {"air_passengers": {"mape": ..., "fit_ms": ...}, "co2": {...}}
    python3 scripts/forecast_reference.py --write-fixtures  # rebuilds the two CSV fixtures from statsmodels' copies

Both sides read the series from the fixtures (a `# source` line, a header, one value a line), so
they see exactly the same numbers. MAPE is in percent, over the holdout; fit_ms is the median of
several fits, since one is too noisy to report.
"""
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

FIXTURES = Path(__file__).resolve().parent.parent / "Tests" / "IntelligenceTests" / "Fixtures"

# name: (fixture, holdout, trend, damped, seasonal, period). Keep in step with the Swift tests.
SERIES = {
    "air_passengers": ("air-passengers.csv", 12, "add", False, "mul", 12),
    "co2": ("co2-monthly.csv", 24, "add", False, "add", 12),
}


def read_fixture(name):
    lines = (FIXTURES / name).read_text().splitlines()
    rows = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return np.array([float(value) for value in rows[1:]])  # rows[0] is the header


def write_fixtures():
    import statsmodels
    import statsmodels.api as sm
    from statsmodels.tsa.statespace.tests.results.results_sarimax import air2_data

    version = statsmodels.__version__
    air = [float(value) for value in air2_data]
    write(
        "air-passengers.csv",
        f"# AirPassengers (Box & Jenkins), monthly airline passengers in thousands, Jan 1949 to Dec 1960: "
        f"air2_data in statsmodels/tsa/statespace/tests/results/results_sarimax.py (statsmodels {version})",
        "passengers",
        air,
    )
    weekly = sm.datasets.co2.load_pandas().data
    monthly = weekly["co2"].resample("MS").mean().ffill()
    write(
        "co2-monthly.csv",
        f"# Mauna Loa CO2 in ppmv, Mar 1958 to Dec 2001, from the weekly statsmodels/datasets/co2/co2.csv "
        f"(statsmodels {version}) made monthly as its docs do: data['co2'].resample('MS').mean().ffill()",
        "co2",
        monthly.tolist(),
    )


def write(name, comment, header, values):
    # repr() gives the shortest text that reads back as the same double, in Python and in Swift.
    text = "\n".join([comment, header] + [repr(float(value)) for value in values]) + "\n"
    (FIXTURES / name).write_text(text)
    print(f"wrote {FIXTURES / name} ({len(values)} values)", file=sys.stderr)


def reference():
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    report = {}
    for name, (fixture, holdout, trend, damped, seasonal, period) in SERIES.items():
        series = read_fixture(fixture)
        train, test = series[:-holdout], series[-holdout:]

        def fit():
            model = ExponentialSmoothing(
                train,
                trend=trend,
                damped_trend=damped,
                seasonal=seasonal,
                seasonal_periods=period,
                initialization_method="estimated",
            )
            return model.fit()

        times = []
        for _ in range(5):
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = fit()
            times.append((time.perf_counter() - start) * 1000)
        forecast = result.forecast(holdout)
        mape = float(np.mean(np.abs((test - forecast) / test)) * 100)
        params = result.params
        report[name] = {
            "mape": round(mape, 4),
            "fit_ms": round(statistics.median(times), 1),
            "sse": round(float(result.sse), 4),
            "alpha": round(float(params["smoothing_level"]), 4),
            "beta": round(float(params["smoothing_trend"]), 4),
            "gamma": round(float(params["smoothing_seasonal"]), 4),
        }
    return report


if __name__ == "__main__":
    if "--write-fixtures" in sys.argv[1:]:
        write_fixtures()
    else:
        print(json.dumps(reference(), indent=2))
