#!/usr/bin/env python3
"""Reference values for the load generator (src/main/services/testing/load), computed with numpy.

Regenerate with:  python3 scripts/reference/loadtest_reference.py
Writes src/main/services/testing/__fixtures__/loadtest-reference.json (inputs included).

1. percentiles: k6 computes a Trend's p(N) by linear interpolation at rank p*(n-1) over the sorted values
   (lib/metrics/sink.go, TrendSink.P) - numpy's default percentile method ('linear'). Latency samples in whole
   microseconds (lognormal, plus a slow tail) and their k6 percentiles, min, max and mean.
2. arrivals: k6's ramping-arrival-rate: iteration i starts when the integral of the rate reaches i; the start times of
   a plan with rising, flat, falling and paused stages, solved with scipy's brentq on the integral.
3. stall: wrk2's coordinated-omission scenario on one connection at a constant rate: the server answers at once,
   except that it holds every answer due inside a stall window until the window ends. Latency from each request's
   intended start (corrected) and from its actual send (uncorrected), as a single FIFO connection sees them.
"""
import json
import os

import numpy as np
from scipy.optimize import brentq

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'src', 'main', 'services', 'testing', '__fixtures__', 'loadtest-reference.json')
PS = [0.0, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0]


def k6(values, ps):
    return [float(np.percentile(np.asarray(values, dtype=np.float64), p * 100)) for p in ps]


def percentile_cases():
    rng = np.random.default_rng(20251019)
    cases = []
    for name, n in [('small', 7), ('medium', 1000), ('large', 20000)]:
        body = np.round(rng.lognormal(mean=np.log(4000), sigma=0.6, size=n)).astype(np.int64)
        tail = np.round(rng.uniform(200_000, 2_500_000, size=max(1, n // 100))).astype(np.int64)
        values = np.concatenate([body, tail])
        rng.shuffle(values)
        values = [int(v) for v in values]
        cases.append({
            'name': name,
            'valuesUs': values,
            'ps': PS,
            'k6': k6(values, PS),
            'min': int(min(values)),
            'max': int(max(values)),
            'mean': float(np.mean(values)),
        })
    return cases


def arrivals():
    start_rate = 5.0
    stages = [(2.0, 40.0), (1.5, 40.0), (1.0, 10.0), (0.5, 0.0), (1.0, 20.0)]

    def rate(t):
        s, r0 = 0.0, start_rate
        for d, r1 in stages:
            if t < s + d:
                return r0 + (r1 - r0) * (t - s) / d
            s, r0 = s + d, r1
        return r0

    def area(t):
        s, r0, a = 0.0, start_rate, 0.0
        for d, r1 in stages:
            if t <= s + d:
                tau = t - s
                return a + r0 * tau + (r1 - r0) * tau * tau / (2 * d)
            a += (r0 + r1) / 2 * d
            s, r0 = s + d, r1
        return a

    total = sum(d for d, _ in stages)
    full = area(total)
    times = [0.0]
    i = 1
    while i < full - 1e-12:
        # the first time the integral reaches i (a paused stage keeps it flat: take the earliest root)
        lo, hi = 0.0, total
        for _ in range(200):
            mid = (lo + hi) / 2
            if area(mid) >= i:
                hi = mid
            else:
                lo = mid
        t = brentq(lambda x: area(x) - i, lo - 1e-9 if lo > 1e-9 else 0.0, hi, xtol=1e-14) if area(hi) - i > 1e-12 else hi
        times.append(float(t))
        i += 1
    return {'startRate': start_rate, 'stages': [{'durationS': d, 'target': r} for d, r in stages],
            'expected': len(times), 'timesS': times, 'rateAtMid': [float(rate(t + 0.5)) for t in range(int(total))]}


def stall():
    rate, duration = 100.0, 3.0
    stall_from, stall_to = 1.0, 2.0
    service = 0.0005
    intended = np.arange(int(rate * duration)) / rate
    done_prev = 0.0
    corrected, uncorrected = [], []
    for t in intended:
        send = max(t, done_prev)
        done = stall_to if stall_from <= send < stall_to else send + service
        corrected.append((done - t) * 1000)
        uncorrected.append((done - send) * 1000)
        done_prev = done
    return {'rate': rate, 'durationS': duration, 'stallFromS': stall_from, 'stallToS': stall_to,
            'ps': [0.5, 0.9, 0.99], 'correctedMs': k6(corrected, [0.5, 0.9, 0.99]),
            'uncorrectedMs': k6(uncorrected, [0.5, 0.9, 0.99]), 'count': len(intended)}


def main():
    out = {
        'versions': {'numpy': np.__version__},
        'percentiles': percentile_cases(),
        'arrivals': arrivals(),
        'stall': stall(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
