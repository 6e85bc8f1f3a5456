#!/usr/bin/python3
"""Reference values for the shared exponential-smoothing core (src/main/core/forecast/ets.ts) from statsmodels.

Writes src/main/core/forecast/__fixtures__/ets-reference.json, read by ets.test.ts.
Run with Debian's python3-statsmodels:  /usr/bin/python3 scripts/reference/forecast_ets_reference.py

For each series and model the initial states are the core's heuristic (written out again below) handed to statsmodels'
ETSModel as `initialization_method="known"`; with fixed smoothing parameters statsmodels gives the one-step fitted
values, SSE, MSE (σ²), point forecasts and analytic prediction intervals (get_prediction().summary_frame) the core
must reproduce; `fit` cases let statsmodels estimate the parameters (maximum likelihood, same initial states), and
the core's least-squares fit must reach an SSE at least as small.
"""
import json
import pathlib
import warnings

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

warnings.simplefilter("ignore")


def initial_state(y, trend, m):
    if m > 1:
        level = float(np.mean(y[:m]))
        tr = float((np.mean(y[m:2 * m]) - level) / m) if trend != "none" and len(y) >= 2 * m else 0.0
        return level, tr, [float(v - level) for v in y[:m]]
    level = float(y[0])
    return level, (float(y[1] - y[0]) if trend != "none" else 0.0), []


def model(y, trend, m, init):
    level, tr, season = init
    kw = dict(error="add", initialization_method="known", initial_level=level)
    if trend != "none":
        kw.update(trend="add", damped_trend=(trend == "damped"), initial_trend=tr)
    if m > 1:
        kw.update(seasonal="add", seasonal_periods=m, initial_seasonal=np.array(season))
    return ETSModel(pd.Series(np.asarray(y, dtype=float)), **kw)


def params_vector(mod, p):
    names = {"smoothing_level": "alpha", "smoothing_trend": "beta", "smoothing_seasonal": "gamma", "damping_trend": "phi"}
    return np.array([p[names[n]] for n in mod.param_names])


def case(name, y, trend, m, params, horizon):
    init = initial_state(y, trend, m)
    mod = model(y, trend, m, init)
    res = mod.smooth(params_vector(mod, params))
    pred = res.get_prediction(start=len(y), end=len(y) + horizon - 1)
    f95 = pred.summary_frame(alpha=0.05)
    f80 = pred.summary_frame(alpha=0.2)
    fitres = mod.fit(disp=False, maxiter=2000)
    fitted_params = {k: float(v) for k, v in zip(mod.param_names, fitres.params)}
    return {
        "name": name,
        "model": res.model.short_name,
        "trend": trend,
        "period": m,
        "series": [float(v) for v in y],
        "init": {"level": init[0], "trend": init[1], "season": init[2]},
        "params": params,
        "fitted": [float(v) for v in np.asarray(res.fittedvalues)],
        "sse": float(res.sse),
        "mse": float(res.mse),
        "loglike": float(res.llf),
        "forecast": [float(v) for v in f95["mean"]],
        "lo95": [float(v) for v in f95["pi_lower"]],
        "hi95": [float(v) for v in f95["pi_upper"]],
        "lo80": [float(v) for v in f80["pi_lower"]],
        "hi80": [float(v) for v in f80["pi_upper"]],
        "fit": {"params": fitted_params, "sse": float(fitres.sse)},
    }


def main():
    rng = np.random.default_rng(20)
    # ten days of hourly requests per second: a daily season, slow growth, noise
    t = np.arange(240)
    traffic = np.round(120 + 0.08 * t + 35 * np.sin(2 * np.pi * t / 24) + 12 * np.cos(2 * np.pi * t / 12) + rng.normal(0, 4, t.size), 3)
    # disk used (GB) every 6 hours for 30 days: steady growth with noise
    d = np.arange(120)
    disk = np.round(410 + 0.9 * d + rng.normal(0, 1.5, d.size), 3)
    # p95 latency (ms) per hour without a clear season
    lat = np.round(180 + np.cumsum(rng.normal(0, 2.0, 96)), 3)
    # daily cost with a weekly season, as the costs forecast sees it
    c = np.arange(84)
    weekly = np.array([1.0, 1.1, 1.05, 1.0, 0.95, 0.55, 0.5])
    cost = np.round(120 + 0.6 * c + 40 * (weekly[c % 7] - weekly.mean()) + rng.normal(0, 4, c.size), 4)

    cases = [
        case("traffic AAA m=24", traffic, "add", 24, {"alpha": 0.25, "beta": 0.01, "gamma": 0.2, "phi": 1}, 48),
        case("traffic AAdA m=24", traffic, "damped", 24, {"alpha": 0.3, "beta": 0.02, "gamma": 0.15, "phi": 0.92}, 48),
        case("traffic ANA m=12", traffic, "none", 12, {"alpha": 0.4, "beta": 0, "gamma": 0.3, "phi": 1}, 36),
        case("disk AAN", disk, "add", 0, {"alpha": 0.5, "beta": 0.1, "gamma": 0, "phi": 1}, 40),
        case("disk AAdN", disk, "damped", 0, {"alpha": 0.6, "beta": 0.2, "gamma": 0, "phi": 0.9}, 40),
        case("latency ANN", lat, "none", 0, {"alpha": 0.7, "beta": 0, "gamma": 0, "phi": 1}, 24),
        case("cost AAA m=7", cost, "add", 7, {"alpha": 0.35, "beta": 0.0175, "gamma": 0.13, "phi": 1}, 28),
    ]
    out = {
        "generator": "scripts/reference/forecast_ets_reference.py (statsmodels %s, numpy %s)" % (statsmodels.__version__, np.__version__),
        "cases": cases,
    }
    path = pathlib.Path(__file__).resolve().parents[2] / "src/main/core/forecast/__fixtures__/ets-reference.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    for c in cases:
        print(c["name"], c["model"], "sse", round(c["sse"], 4), "fitted sse", round(c["fit"]["sse"], 4))
    print("wrote", path)


if __name__ == "__main__":
    main()
