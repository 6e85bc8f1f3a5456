#!/usr/bin/env python3
"""Reference values for src/main/services/drift/stats, computed with SciPy / numpy.

Regenerate with:  python3 scripts/reference/drift_reference.py
Writes src/main/services/drift/stats/__fixtures__/scipy-reference.json (inputs included).

All random inputs come from fixed seeds and are rounded to 6 decimals (fewer for a few large samples)
*before* anything is computed, so the JSON numbers round-trip exactly into JavaScript doubles.
Evidently-specific binning / formulas are re-implemented here with numpy exactly as in
evidently/legacy/calculations/stattests (get_binned_data, z_stat_test, chi_stat_test,
wasserstein_distance_norm), since Evidently itself is not installed.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance
from scipy.stats._stats_py import _compute_prob_outside_square
from scipy.stats._stats_pythran import _compute_outer_prob_inside_method

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'src', 'main', 'services', 'drift', 'stats', '__fixtures__', 'scipy-reference.json')

SAMPLES = {}


def f(x):
    """JSON-safe float (inf/nan encoded as strings)."""
    x = float(x)
    if math.isnan(x):
        return 'NaN'
    if math.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    return x


def sample(name, values, decimals=6):
    arr = np.round(np.asarray(values, dtype=np.float64), decimals)
    arr = arr + 0.0  # turn -0.0 into 0.0
    SAMPLES[name] = [float(v) for v in arr]
    return arr


def rng(seed):
    return np.random.default_rng(seed)


# ----------------------------------------------------------------------------- samples
def build_samples():
    r = rng(1)
    sample('s5a', r.normal(size=5))
    sample('s5b', r.normal(size=5) + 0.5)
    sample('s7', r.normal(size=7))
    sample('s11', r.normal(0.3, 1.2, size=11))
    sample('int10', r.integers(0, 5, size=10))
    sample('int20', r.integers(0, 5, size=20))
    sample('s3', r.normal(size=3))
    sample('s17', r.normal(1, 1, size=17))
    sample('s20', r.normal(size=20))
    sample('one_a', [0.5])
    sample('one_b', [1.5])
    sample('s5c', r.uniform(0, 3, size=5))
    sample('low8', r.uniform(0, 1, size=8))
    sample('high12', r.uniform(2, 3, size=12))
    sample('int12', r.integers(0, 3, size=12))
    sample('int8', r.integers(1, 4, size=8))
    sample('s20shift', r.normal(0.8, 1, size=20))
    sample('s13', r.normal(size=13))
    sample('s19', r.normal(0, 2, size=19))
    sample('tied_a', [1, 1, 1, 2, 2, 3, 3, 3, 3, 4])
    sample('tied_b', [1, 2, 2, 2, 3, 4, 4, 5, 5, 5, 5, 6])
    # n1 == n2 == 5 with d = 0.2: SciPy's exact square formula gives p > 1, so it falls back to 'asymp'
    sample('inter5a', [1, 2, 3, 4, 5])
    sample('inter5b', [1.5, 2.5, 3.5, 4.5, 5.5])

    r = rng(2)
    sample('n500', r.normal(size=500))
    sample('n800', r.normal(size=800))
    sample('n800shift', r.normal(0.2, 1, size=800))
    sample('n500scaled', r.normal(0, 1.5, size=500))
    sample('pois500', r.poisson(3.0, size=500), 0)
    sample('pois800', r.poisson(3.3, size=800), 0)
    sample('logn600', r.lognormal(0, 1, size=600))
    sample('logn700', r.lognormal(0.1, 1.1, size=700))
    sample('cauchy500', r.standard_cauchy(size=500))
    sample('cauchy800', r.standard_cauchy(size=800))

    r = rng(3)
    sample('n10000', r.normal(size=10000))
    sample('n9000shift', r.normal(0.03, 1, size=9000))
    sample('n10000b', r.normal(0.04, 1, size=10000))

    r = rng(4)
    sample('n20000a', r.normal(size=20000))
    sample('n20000b', r.normal(size=20000))
    sample('n50000', r.normal(size=50000), 5)
    sample('n30000shift', r.normal(0.05, 1, size=30000), 5)
    sample('pois15000', r.poisson(5.0, size=15000), 0)
    sample('pois12000', r.poisson(5.1, size=12000), 0)
    sample('n10001', r.normal(size=10001), 4)
    sample('n30shift', r.normal(0.4, 1, size=30), 4)
    sample('n60', r.normal(size=60), 4)

    r = rng(5)
    sample('const3', np.full(50, 3.0))
    sample('n50', r.normal(3, 1, size=50))
    sample('tiny_std', 3.0 + r.normal(0, 1e-4, size=40))


# ----------------------------------------------------------------------------- KS
def ks_cases():
    pairs = [
        ('s5a', 's5b'), ('s7', 's11'), ('int10', 'int20'), ('s3', 's17'), ('s20', 's20'), ('one_a', 'one_b'),
        ('one_a', 's5c'), ('low8', 'high12'), ('int12', 'int8'), ('s20', 's20shift'), ('s19', 's20'),
        ('s13', 's20shift'), ('tied_a', 'tied_b'), ('s11', 's7'), ('inter5a', 'inter5b'),
        ('n500', 'n800'), ('n500', 'n800shift'), ('n800', 'n500scaled'), ('pois500', 'pois800'),
        ('logn600', 'logn700'), ('cauchy500', 'cauchy800'), ('n10000', 'n9000shift'), ('n10000', 'n10000b'),
        ('n20000a', 'n20000b'), ('n50000', 'n30000shift'), ('pois15000', 'pois12000'), ('n10001', 'n30shift'),
        ('n10001', 'n60'), ('n30000shift', 'n20000a'),
    ]
    out = []
    for a, b in pairs:
        A = np.asarray(SAMPLES[a])
        B = np.asarray(SAMPLES[b])
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter('always')
            res = stats.ks_2samp(A, B)
        fell_back = any('Exact calculation unsuccessful' in str(x.message) for x in w)
        method = 'exact' if max(len(A), len(B)) <= 10000 and not fell_back else 'asymp'
        out.append({
            'a': a, 'b': b, 'statistic': f(res.statistic), 'pvalue': f(res.pvalue), 'method': method,
            'location': f(res.statistic_location), 'sign': int(res.statistic_sign),
        })
    return out


def kstwo_grid():
    ns = [1, 2, 3, 5, 10, 20, 50, 100, 140, 141, 200, 1000, 10000, 18750, 100000, 100001, 500000, 2000000]
    xs = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.49,
          0.5, 0.6, 0.75, 0.9, 0.99, 1.0]
    ts = [0.3, 0.5, 0.6, 0.75, 1.0, 1.2, 1.5, 2.0, 3.0, 5.0]
    out = []
    for n in ns:
        pts = set(xs)
        for t in ts:
            pts.add(t / n)
        for nx2 in [0.5, 0.754, 0.76, 1.0, 2.0, 2.19, 2.21, 3.9, 4.1, 10.0, 17.0, 19.0, 100.0, 369.0, 371.0]:
            pts.add(math.sqrt(nx2 / n))
        pts.add((1.4 / n) ** (2 / 3) * 0.99)
        pts.add((1.4 / n) ** (2 / 3) * 1.01)
        pts.add(1 - 1.0 / n)
        pts.add(1 - 1.5 / n)
        for x in sorted(pts):
            if 0 <= x <= 1:
                out.append({'n': n, 'x': f(x), 'sf': f(stats.kstwo.sf(x, n))})
    return out


def smirnov_grid():
    ns = [1, 2, 5, 10, 11, 50, 100, 140, 1000, 10000, 100000, 1000001]
    xs = [0.0, 0.001, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.999, 1.0]
    out = []
    for n in ns:
        pts = set(xs)
        for t in [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]:
            pts.add(t / n)
        for nx2 in [0.1, 1.0, 2.2, 5.0, 20.0, 100.0, 300.0]:
            pts.add(math.sqrt(nx2 / n))
        for x in sorted(pts):
            if 0 <= x <= 1:
                out.append({'n': n, 'x': f(x), 'sf': f(special.smirnov(n, x))})
    return out


def exact_kernels():
    r = rng(10)
    outer = []
    combos = [(5, 7), (7, 5), (10, 20), (3, 17), (1, 5), (40, 60), (99, 101), (250, 100), (300, 7),
              (1000, 999), (10000, 9000)]
    for _ in range(25):
        combos.append((int(r.integers(1, 400)), int(r.integers(1, 400))))
    for m, n in combos:
        g = math.gcd(m, n)
        lcm = (m // g) * n
        hs = sorted({1, max(1, lcm // 50), max(1, lcm // 10), max(1, lcm // 4), max(1, lcm // 2), lcm,
                     int(r.integers(1, lcm + 1))})
        if m * n > 10 ** 7:
            hs = [max(1, lcm // 200), max(1, lcm // 100), lcm // 50]
        for h in hs:
            outer.append({'m': m, 'n': n, 'g': g, 'h': h, 'p': f(_compute_outer_prob_inside_method(m, n, g, h))})
    square = []
    for n in [1, 2, 5, 10, 37, 100, 1000, 10000]:
        for h in sorted({1, max(1, n // 20), max(1, n // 5), max(1, n // 2), n}):
            square.append({'n': n, 'h': h, 'p': f(_compute_prob_outside_square(n, h))})
    return outer, square


# ----------------------------------------------------------------------------- chi-square
def chi2_cases():
    sf = []
    for x in [0.0, 1e-3, 0.1, 1.0, 3.84, 10.0, 50.0, 200.0, 1000.0, 1400.0]:
        for dof in [1, 2, 3, 5, 10, 30, 100, 1000]:
            sf.append({'x': f(x), 'dof': dof, 'sf': f(stats.chi2.sf(x, dof))})
    r = rng(20)
    tables = [
        [[10, 20], [30, 40]],
        [[12, 5], [7, 9]],
        [[100.0, 100.2], [100.1, 100.0]],
        [[1, 0], [0, 1]],
        [[0, 5], [5, 0]],
        [[10, 20, 30], [15, 25, 20]],
        r.integers(0, 50, size=(3, 4)).tolist(),
        [[1000000, 1002000, 998000, 1003000, 990000], [1001000, 999000, 1000500, 1010000, 985000]],
        [[300, 10, 2, 0, 55], [280, 30, 0, 4, 60]],
        [[5, 7, 9]],
        [[4], [6]],
        [[2.5, 3.5], [1.25, 8.0]],
    ]
    cont = []
    for t in tables:
        res = stats.chi2_contingency(np.asarray(t, dtype=float))
        cont.append({'table': t, 'statistic': f(res.statistic), 'pvalue': f(res.pvalue), 'dof': int(res.dof),
                     'expected': [[f(v) for v in row] for row in np.asarray(res.expected_freq)]})
    return sf, cont


def cat_sample(r, cats, probs, n):
    return [str(c) for c in r.choice(cats, size=n, p=probs)]


def categorical_cases():
    r = rng(30)
    cats = {
        'cat_ref': cat_sample(r, ['a', 'b', 'c', 'd'], [0.4, 0.3, 0.2, 0.1], 600),
        'cat_cur_same': cat_sample(r, ['a', 'b', 'c', 'd'], [0.4, 0.3, 0.2, 0.1], 500),
        'cat_cur_shift': cat_sample(r, ['a', 'b', 'c', 'd', 'e'], [0.25, 0.3, 0.2, 0.15, 0.1], 700),
        'cat_cur_missing_cat': cat_sample(r, ['a', 'b', 'c'], [0.5, 0.3, 0.2], 400),
        'bin_ref': cat_sample(r, ['yes', 'no'], [0.3, 0.7], 300),
        'bin_cur': cat_sample(r, ['yes', 'no'], [0.36, 0.64], 350),
        'cat_big_ref': cat_sample(r, list('abcdefghij'), [0.1] * 10, 5000),
        'cat_big_cur': cat_sample(r, list('abcdefghijk'), [0.09] * 10 + [0.1], 4000),
        'single_ref': ['x'] * 20,
        'single_cur': ['x'] * 30,
    }
    pairs = [('cat_ref', 'cat_cur_same'), ('cat_ref', 'cat_cur_shift'), ('cat_ref', 'cat_cur_missing_cat'),
             ('bin_ref', 'bin_cur'), ('cat_big_ref', 'cat_big_cur'), ('single_ref', 'single_cur')]
    drift = []
    for a, b in pairs:
        ref, cur = cats[a], cats[b]
        keys = list(dict.fromkeys(ref + cur))
        rc = np.array([ref.count(k) for k in keys], dtype=float)
        cc = np.array([cur.count(k) for k in keys], dtype=float)
        case = {'ref': a, 'cur': b, 'categories': keys, 'refCounts': rc.tolist(), 'curCounts': cc.tolist()}
        if len(keys) > 1:
            res = stats.chi2_contingency(np.vstack([rc, cc]))
            case['contingency'] = {'statistic': f(res.statistic), 'pvalue': f(res.pvalue), 'dof': int(res.dof)}
            # Evidently chi_stat_test: chisquare(f_obs=cur counts, f_exp=ref counts * n_cur / n_ref)
            with np.errstate(divide='ignore', invalid='ignore'), warnings.catch_warnings():
                warnings.simplefilter('ignore')
                g = stats.chisquare(cc, rc * (len(cur) / len(ref)))
            case['goodnessOfFit'] = {'statistic': f(g.statistic), 'pvalue': f(g.pvalue), 'dof': len(keys) - 1}
        else:
            case['contingency'] = {'statistic': 0.0, 'pvalue': 1.0, 'dof': 0}
        # Jensen-Shannon (Evidently categorical path) and categorical PSI
        rp, cp = rc / len(ref), cc / len(cur)
        case['jensenShannon'] = f(distance.jensenshannon(rp, cp, 2))
        eps = 0.0001
        rpe, cpe = np.where(rp == 0, eps, rp), np.where(cp == 0, eps, cp)
        case['psi'] = f(np.sum((cpe - rpe) * np.log(cpe / rpe)))
        drift.append(case)
    return cats, drift


# ----------------------------------------------------------------------------- Wasserstein / JS / PSI / Z
def wasserstein_cases():
    pairs = [('s5a', 's5b'), ('one_a', 'one_b'), ('one_a', 's5c'), ('int10', 'int20'), ('tied_a', 'tied_b'),
             ('s20', 's20'), ('low8', 'high12'), ('n500', 'n800shift'), ('n800', 'n500scaled'),
             ('pois500', 'pois800'), ('logn600', 'logn700'), ('cauchy500', 'cauchy800'),
             ('n20000a', 'n20000b'), ('n50000', 'n30000shift'), ('const3', 'n50'), ('const3', 'const3'),
             ('tiny_std', 'n50')]
    out = []
    for a, b in pairs:
        A, B = np.asarray(SAMPLES[a]), np.asarray(SAMPLES[b])
        w = stats.wasserstein_distance(A, B)
        std = np.std(A)
        out.append({'u': a, 'v': b, 'distance': f(w), 'referenceStd': f(std), 'normed': f(w / max(std, 0.001))})
    return out


def ev_binned_numeric(ref, cur):
    """Evidently get_binned_data(feature_type=num, feel_zeroes=False)."""
    if len(np.unique(ref)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins='sturges')
        return 'histogram', bins, np.histogram(ref, bins)[0] / len(ref), np.histogram(cur, bins)[0] / len(cur)
    keys = list(set(np.unique(ref).tolist()) | set(np.unique(cur).tolist()))
    rp = np.array([np.sum(ref == k) / len(ref) for k in keys])
    cp = np.array([np.sum(cur == k) / len(cur) for k in keys])
    return 'categories', None, rp, cp


def js_cases():
    raw = []
    vecs = [
        ([0.1, 0.2, 0.7], [0.3, 0.3, 0.4]),
        ([1, 0, 0], [0, 1, 0]),
        ([1, 2, 3, 0], [0, 2, 3, 1]),
        ([5, 0, 5, 0], [5, 0, 5, 0]),
        ([0.25, 0.25, 0.25, 0.25], [0.5, 0.5, 0, 0]),
        ([10, 20, 30], [1, 2, 3]),
        ([1e-9, 1, 1], [1, 1e-9, 1]),
    ]
    for p, q in vecs:
        raw.append({'p': p, 'q': q, 'base2': f(distance.jensenshannon(p, q, 2)),
                    'baseE': f(distance.jensenshannon(p, q))})
    drift = []
    for a, b in [('n500', 'n800shift'), ('n800', 'n500scaled'), ('logn600', 'logn700'), ('cauchy500', 'cauchy800'),
                 ('pois500', 'pois800'), ('int10', 'int20'), ('n20000a', 'n20000b'), ('n50000', 'n30000shift'),
                 ('pois15000', 'pois12000'), ('s20', 's20shift'), ('s19', 's13')]:
        A, B = np.asarray(SAMPLES[a]), np.asarray(SAMPLES[b])
        kind, edges, rp, cp = ev_binned_numeric(A, B)
        drift.append({'ref': a, 'cur': b, 'binning': kind, 'edges': None if edges is None else [f(e) for e in edges],
                      'distance': f(distance.jensenshannon(rp, cp, 2))})
    return raw, drift


def psi_numeric(ref, cur, bins=10, eps=0.0001):
    q = np.quantile(ref, np.linspace(0, 1, bins + 1))
    q[0], q[-1] = -np.inf, np.inf
    edges = np.unique(q)
    rc = np.histogram(ref, edges)[0]
    cc = np.histogram(cur, edges)[0]
    rp = rc / len(ref)
    cp = cc / len(cur)
    rp = np.where(rp == 0, eps, rp)
    cp = np.where(cp == 0, eps, cp)
    return float(np.sum((cp - rp) * np.log(cp / rp))), edges


def psi_cases():
    specs = [(a, b, 10) for a, b in [
        ('n500', 'n800'), ('n500', 'n800shift'), ('n800', 'n500scaled'), ('pois500', 'pois800'),
        ('logn600', 'logn700'), ('cauchy500', 'cauchy800'), ('n20000a', 'n20000b'), ('n50000', 'n30000shift'),
        ('pois15000', 'pois12000'), ('int10', 'int20'), ('low8', 'high12'), ('const3', 'n50')]]
    specs += [('n500', 'n800shift', 5), ('s20', 's20shift', 4), ('n10000', 'n9000shift', 20)]
    out = []
    for a, b, bins in specs:
        A, B = np.asarray(SAMPLES[a]), np.asarray(SAMPLES[b])
        v, edges = psi_numeric(A, B, bins)
        out.append({'ref': a, 'cur': b, 'bins': bins, 'psi': f(v), 'edges': [f(e) for e in edges]})
    return out


def z_cases():
    r = rng(40)
    cases = []
    specs = [(300, 0.3, 400, 0.4), (5000, 0.5, 5000, 0.47), (5000, 0.1, 5000, 0.2), (50, 0.5, 60, 0.5),
             (1000, 0.02, 800, 0.05), (20, 0.0, 20, 1.0)]
    for n1, p1, n2, p2 in specs:
        ref = (r.random(n1) < p1).tolist()
        cur = (r.random(n2) < p2).tolist()
        k1, k2 = sum(ref), sum(cur)
        P = float(k1 + k2) / (n1 + n2)
        if (k1 + k2) in (0, n1 + n2):
            z, p_ev, p_sf = 0.0, 1.0, 1.0
        else:
            pr, pc = k1 / n1, k2 / n2
            P = float(pr * n1 + pc * n2) / (n1 + n2)
            z = (pr - pc) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
            p_ev = 2 * (1 - stats.norm.cdf(np.abs(z)))
            p_sf = 2 * stats.norm.sf(np.abs(z))
        cases.append({'ref': [int(v) for v in ref], 'cur': [int(v) for v in cur], 'statistic': f(z),
                      'pvalueEvidently': f(p_ev), 'pvalue': f(p_sf)})
    return cases


def main():
    build_samples()
    outer, square = exact_kernels()
    chi2_sf, contingency = chi2_cases()
    cats, cat_drift = categorical_cases()
    js_raw, js_drift = js_cases()
    data = {
        'generator': 'scripts/reference/drift_reference.py',
        'versions': {'scipy': scipy.__version__, 'numpy': np.__version__, 'python': sys.version.split()[0]},
        'samples': SAMPLES,
        'categoricalSamples': cats,
        'ks2samp': ks_cases(),
        'kstwoSf': kstwo_grid(),
        'smirnovSf': smirnov_grid(),
        'outerProbInside': outer,
        'probOutsideSquare': square,
        'chi2Sf': chi2_sf,
        'chi2Contingency': contingency,
        'categoricalDrift': cat_drift,
        'wasserstein': wasserstein_cases(),
        'jensenShannon': js_raw,
        'jensenShannonDrift': js_drift,
        'psi': psi_cases(),
        'zTest': z_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as fh:
        json.dump(data, fh, separators=(',', ':'), allow_nan=False)
        fh.write('\n')
    print(f'wrote {OUT} ({os.path.getsize(OUT) / 1e6:.2f} MB) with scipy {scipy.__version__}, numpy {np.__version__}')


if __name__ == '__main__':
    main()
