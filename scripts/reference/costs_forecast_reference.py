#!/usr/bin/env python3
"""Reference values for the costs forecast (additive Holt-Winters, weekly seasonality).

Writes src/main/services/costs/__fixtures__/forecast-reference.json, read by forecast.test.ts.
Run: python3 scripts/reference/costs_forecast_reference.py
The recursion is written out independently with numpy; the optimum SSE comes from scipy (L-BFGS-B, bounds [0, 1]).
The damped-trend case (ETS(A,Ad,A): the trend enters as phi*b) is the same recursion with phi < 1, and its forecast
adds (phi + ... + phi^h)*b; its optimum has phi bounded to [0.8, 0.98] as the console fits it.
"""
import json
import pathlib

import numpy as np
from scipy.optimize import minimize

M = 7


def initial_state(y, m=M):
    level = float(np.mean(y[:m]))
    trend = float((np.mean(y[m:2 * m]) - level) / m) if len(y) >= 2 * m else 0.0
    season = (np.asarray(y[:m]) - level).tolist()
    return level, trend, season


def holt_winters(y, alpha, beta, gamma, phi=1.0, m=M):
    y = np.asarray(y, dtype=float)
    level, trend, season = initial_state(y, m)
    season = list(season)
    fitted = [None] * len(y)
    sse = 0.0
    for t in range(m, len(y)):
        s = season[t % m]
        yhat = level + phi * trend + s
        fitted[t] = yhat
        e = y[t] - yhat
        sse += e * e
        prev = level
        level = alpha * (y[t] - s) + (1 - alpha) * (level + phi * trend)
        trend = beta * (level - prev) + (1 - beta) * phi * trend
        season[t % m] = gamma * (y[t] - level) + (1 - gamma) * s
    n = len(y)
    rotated = [season[(n + i) % m] for i in range(m)]
    return fitted, sse, level, trend, rotated


def forecast(level, trend, season, h, phi=1.0, m=M):
    return [level + sum(phi ** j for j in range(1, i + 2)) * trend + season[i % m] for i in range(h)]


def main():
    rng = np.random.default_rng(7)
    n = 84
    t = np.arange(n)
    weekly = np.array([1.0, 1.1, 1.05, 1.0, 0.95, 0.55, 0.5])
    y = 120 + 0.6 * t + 40 * (weekly[t % 7] - weekly.mean()) + rng.normal(0, 4, n)
    y = np.round(y, 4)
    params = {"alpha": 0.35, "beta": 0.05, "gamma": 0.2}
    fitted, sse, level, trend, season = holt_winters(y, **params)
    fc = forecast(level, trend, season, 14)

    res = minimize(lambda p: holt_winters(y, *p)[1], x0=[0.3, 0.05, 0.1], method="L-BFGS-B", bounds=[(0, 1)] * 3)
    damped_params = {"alpha": 0.35, "beta": 0.05, "gamma": 0.2, "phi": 0.9}
    d_fitted, d_sse, d_level, d_trend, d_season = holt_winters(y, **damped_params)
    d_res = minimize(
        lambda p: holt_winters(y, *p)[1], x0=[0.3, 0.05, 0.1, 0.9], method="L-BFGS-B", bounds=[(0, 1)] * 3 + [(0.8, 0.98)]
    )
    out = {
        "series": y.tolist(),
        "params": params,
        "fitted": fitted,
        "sse": sse,
        "state": {"level": level, "trend": trend, "season": season},
        "forecast14": fc,
        "optimum": {"params": res.x.tolist(), "sse": float(res.fun)},
        "damped": {
            "params": damped_params,
            "fitted": d_fitted,
            "sse": d_sse,
            "state": {"level": d_level, "trend": d_trend, "season": d_season},
            "forecast60": forecast(d_level, d_trend, d_season, 60, damped_params["phi"]),
            "optimum": {"params": d_res.x.tolist(), "sse": float(d_res.fun)},
        },
        "generator": "scripts/reference/costs_forecast_reference.py (numpy %s)" % np.__version__,
    }
    path = pathlib.Path(__file__).resolve().parents[2] / "src/main/services/costs/__fixtures__/forecast-reference.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", path, "sse", sse, "optimum sse", res.fun)


if __name__ == "__main__":
    main()
