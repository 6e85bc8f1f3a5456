#!/usr/bin/env python3
"""Reference results for a whole drift check (src/main/services/drift/check.reference.test.ts).

Regenerate with:  python3 scripts/reference/drift_check_reference.py
Writes, under src/main/services/drift/__fixtures__/:
  - small-reference.csv / small-current.csv  (reference 800 rows  -> p-value tests: KS, chi-square, Z)
  - large-reference.csv / large-current.csv  (reference 3000 rows -> distance tests: Wasserstein, Jensen-Shannon)
  - check-reference.json: per column the test Evidently's defaults choose, statistic, p-value or distance, drift,
    PSI, missing shares and unseen categories; the share of drifted columns; computed with SciPy/numpy here.
It also computes the same for the real FOCUS sample (../shared/data/focus/focus_sample.csv, CC BY 4.0,
FinOps Foundation / FOCUS project), rows 1-500 as reference and 501-1000 as current, on a chosen subset of columns.

Evidently's rules are re-implemented (Evidently is not installed): reference <= 1000 rows -> numeric with > 5
distinct values (reference + current): ks_2samp; 3-5 distinct or categorical: chi2_contingency over the union of
categories; <= 2 distinct: pooled two-proportion Z-test; all at p < 0.05. Reference > 1000 rows -> numeric with > 5
distinct: wasserstein_distance / max(std(ref), 0.001) >= 0.1; otherwise Jensen-Shannon (base 2) >= 0.1, histogram
binned (Sturges over ref+cur) when the reference has > 20 distinct numbers.
"""
import csv
import json
import math
import os
from datetime import datetime, timezone

import numpy as np
from scipy import stats
from scipy.spatial import distance

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
FIX = os.path.join(ROOT, 'src', 'main', 'services', 'drift', '__fixtures__')
FOCUS = os.path.abspath(os.path.join(ROOT, '..', 'shared', 'data', 'focus', 'focus_sample.csv'))
MISSING = {'', 'NA', 'N/A', 'n/a', 'na', 'NaN', 'nan', 'NAN', 'null', 'NULL', 'Null', 'None', 'none', '#N/A', '<NA>'}


def f(x):
    if x is None:
        return None
    x = float(x)
    if math.isnan(x) or math.isinf(x):
        return None
    return x


# ----------------------------------------------------------------------------- data
def write_csv(path, header, rows):
    with open(path, 'w', newline='') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(header)
        w.writerows(rows)


def fmt(v):
    if v is None:
        return ''
    if isinstance(v, float):
        return repr(round(v, 6))
    return str(v)


def generate(n_ref, n_cur, seed):
    r = np.random.default_rng(seed)
    header = ['age', 'income', 'visits', 'plan', 'country', 'churned_flag', 'is_mobile', 'score_missing', 'constant', 'signup_date', 'notes', 'prediction', 'target']

    def side(n, cur):
        age = np.round(r.normal(40 + (0 if not cur else 0.5), 12, n), 1)
        income = np.round(r.lognormal(10 + (0.35 if cur else 0), 0.5, n), 2)
        visits = r.integers(0, 4 if not cur else 5, n)  # 4 (ref) or 5 (cur) distinct values
        plans = ['basic', 'pro', 'team', 'enterprise']
        plan = r.choice(plans, n, p=[0.5, 0.3, 0.15, 0.05] if not cur else [0.35, 0.35, 0.2, 0.1])
        countries = ['DE', 'FR', 'US', 'UK', 'ES'] + (['BR'] if cur else [])
        cp = [0.3, 0.2, 0.3, 0.1, 0.1] if not cur else [0.28, 0.2, 0.28, 0.1, 0.09, 0.05]
        country = r.choice(countries, n, p=cp)
        churned = r.integers(0, 2, n) if not cur else (r.random(n) < 0.58).astype(int)
        mobile = np.where(r.random(n) < (0.6 if not cur else 0.62), 'true', 'false')
        score = np.round(r.normal(0.5, 0.1, n), 4).astype(object)
        score[r.random(n) < (0.1 if not cur else 0.3)] = None
        const = np.ones(n)
        start = datetime(2025, 1, 1, tzinfo=timezone.utc).timestamp() if not cur else datetime(2025, 3, 1, tzinfo=timezone.utc).timestamp()
        days = r.integers(0, 120, n)
        dates = [datetime.fromtimestamp(start + int(d) * 86400, timezone.utc).strftime('%Y-%m-%d') for d in days]
        notes = [f'free text {i} {r.integers(0, 10**6)}' for i in range(n)]
        pred = np.round(1 / (1 + np.exp(-(age - 40) / 10 - (0.4 if cur else 0))), 4)
        target = (r.random(n) < pred).astype(int)
        rows = []
        for i in range(n):
            rows.append([fmt(float(age[i])), fmt(float(income[i])), int(visits[i]), plan[i], country[i], int(churned[i]), mobile[i],
                         '' if score[i] is None else fmt(float(score[i])), fmt(float(const[i])), dates[i], notes[i], fmt(float(pred[i])), int(target[i])])
        return rows

    return header, side(n_ref, False), side(n_cur, True)


KINDS = {'age': 'numeric', 'income': 'numeric', 'visits': 'numeric', 'plan': 'categorical', 'country': 'categorical',
         'churned_flag': 'numeric', 'is_mobile': 'boolean', 'score_missing': 'numeric', 'constant': 'numeric',
         'signup_date': 'datetime', 'notes': 'text', 'prediction': 'numeric', 'target': 'numeric'}


def read_csv(path):
    with open(path, newline='', encoding='utf-8') as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def to_values(cells, kind):
    out = []
    for c in cells:
        if c in MISSING:
            out.append(None)
            continue
        if kind == 'numeric':
            try:
                v = float(c)
                out.append(v if math.isfinite(v) else None)
            except ValueError:
                out.append(None)
        elif kind == 'datetime':
            out.append(datetime.strptime(c, '%Y-%m-%d').replace(tzinfo=timezone.utc).timestamp() * 1000)
        elif kind == 'boolean':
            out.append(1.0 if c.lower() in ('true', 't', 'yes', 'y', '1') else 0.0)
        else:
            out.append(c)
    return out


# ----------------------------------------------------------------------------- tests
def psi_numeric(ref, cur, bins=10, eps=0.0001):
    q = np.quantile(ref, np.linspace(0, 1, bins + 1))
    q[0], q[-1] = -np.inf, np.inf
    edges = np.unique(q)
    rp = np.histogram(ref, edges)[0] / len(ref)
    cp = np.histogram(cur, edges)[0] / len(cur)
    rp = np.where(rp == 0, eps, rp)
    cp = np.where(cp == 0, eps, cp)
    return float(np.sum((cp - rp) * np.log(cp / rp)))


def shares(ref, cur):
    keys = sorted(set(ref) | set(cur), key=lambda k: (str(type(k)), k))
    rc = np.array([ref.count(k) for k in keys], dtype=float)
    cc = np.array([cur.count(k) for k in keys], dtype=float)
    return keys, rc, cc


def z_test(ref, cur):
    first = min(set(ref) | set(cur))
    k1 = sum(1 for v in ref if v != first)
    k2 = sum(1 for v in cur if v != first)
    n1, n2 = len(ref), len(cur)
    if k1 + k2 in (0, n1 + n2):
        return 0.0, 1.0
    p1, p2 = k1 / n1, k2 / n2
    P = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    return float(z), float(2 * stats.norm.sf(abs(z)))


def column(name, kind, ref_raw, cur_raw, ref_rows, role):
    res = {'name': name, 'role': role, 'kind': kind, 'missingReference': sum(v is None for v in ref_raw) / len(ref_raw),
           'missingCurrent': sum(v is None for v in cur_raw) / len(cur_raw), 'unseen': [], 'test': None, 'statistic': None,
           'score': None, 'drifted': False, 'psi': None}
    if kind == 'text':
        return res
    ref = [v for v in ref_raw if v is not None]
    cur = [v for v in cur_raw if v is not None]
    if not ref or not cur:
        return res
    numeric = kind in ('numeric', 'datetime')
    prof = 'numeric' if numeric else ('boolean' if kind == 'boolean' else 'categorical')
    n_unique = len(set(ref) | set(cur))
    if ref_rows <= 1000:
        test = 'ks' if (prof == 'numeric' and n_unique > 5) else ('chi-square' if n_unique > 2 else 'z')
    else:
        test = 'wasserstein' if (prof == 'numeric' and n_unique > 5) else 'jensen-shannon'
    res['test'] = test
    A, B = np.asarray(ref, dtype=float) if numeric or prof == 'boolean' else None, np.asarray(cur, dtype=float) if numeric or prof == 'boolean' else None
    if test == 'ks':
        k = stats.ks_2samp(A, B)
        res['statistic'], res['score'] = f(k.statistic), f(k.pvalue)
        res['drifted'] = k.pvalue < 0.05
    elif test == 'wasserstein':
        w = stats.wasserstein_distance(A, B) / max(np.std(A), 0.001)
        res['statistic'], res['score'] = f(w), f(w)
        res['drifted'] = w >= 0.1
    elif test == 'chi-square':
        keys, rc, cc = shares(ref, cur)
        c = stats.chi2_contingency(np.vstack([rc, cc]))
        res['statistic'], res['score'] = f(c.statistic), f(c.pvalue)
        res['drifted'] = c.pvalue < 0.05
    elif test == 'z':
        z, p = z_test(ref, cur)
        res['statistic'], res['score'] = f(z), f(p)
        res['drifted'] = p < 0.05
    else:
        if numeric and len(np.unique(A)) > 20:
            bins = np.histogram_bin_edges(np.concatenate([A, B]), bins='sturges')
            rp, cp = np.histogram(A, bins)[0] / len(A), np.histogram(B, bins)[0] / len(B)
        else:
            keys, rc, cc = shares(ref, cur)
            rp, cp = rc / len(ref), cc / len(cur)
        d = distance.jensenshannon(rp, cp, 2)
        res['statistic'], res['score'] = f(d), f(d)
        res['drifted'] = d >= 0.1
    if numeric:
        res['psi'] = f(psi_numeric(A, B))
    else:
        keys, rc, cc = shares(ref, cur)
        rp, cp = rc / len(ref), cc / len(cur)
        rp, cp = np.where(rp == 0, 0.0001, rp), np.where(cp == 0, 0.0001, cp)
        res['psi'] = f(np.sum((cp - rp) * np.log(cp / rp)))
        res['unseen'] = sorted(str(k) if prof != 'boolean' else ('true' if k else 'false') for k, a, b in zip(keys, rc, cc) if a == 0 and b > 0)
    res['drifted'] = bool(res['drifted'])
    return res


def check(ref_path, cur_path, kinds, prediction=None, target=None, drift_share=0.5):
    rh, rrows = read_csv(ref_path)
    ch, crows = read_csv(cur_path)
    cols = []
    for name, kind in kinds.items():
        ri, ci = rh.index(name), ch.index(name)
        ref = to_values([r[ri] if ri < len(r) else '' for r in rrows], kind)
        cur = to_values([r[ci] if ci < len(r) else '' for r in crows], kind)
        role = 'prediction' if name == prediction else 'target' if name == target else 'feature'
        cols.append(column(name, kind, ref, cur, len(rrows), role))
    feats = [c for c in cols if c['role'] == 'feature' and c['score'] is not None]
    drifted = [c for c in feats if c['drifted']]
    share = len(drifted) / len(feats)
    return {'reference': os.path.relpath(ref_path, ROOT), 'current': os.path.relpath(cur_path, ROOT), 'kinds': kinds,
            'predictionColumn': prediction, 'targetColumn': target, 'driftShare': drift_share, 'columns': cols,
            'share': share, 'tested': len(feats), 'drifted': len(drifted), 'datasetDrift': share >= drift_share,
            'referenceRows': len(rrows), 'currentRows': len(crows)}


def main():
    os.makedirs(FIX, exist_ok=True)
    out = {'generator': 'scripts/reference/drift_check_reference.py', 'scenarios': {}}
    for name, n_ref, n_cur, seed in [('small', 800, 700, 11), ('large', 3000, 2500, 12)]:
        header, ref, cur = generate(n_ref, n_cur, seed)
        rp, cp = os.path.join(FIX, f'{name}-reference.csv'), os.path.join(FIX, f'{name}-current.csv')
        write_csv(rp, header, ref)
        write_csv(cp, header, cur)
        out['scenarios'][name] = check(rp, cp, KINDS, prediction='prediction', target='target')
    if os.path.exists(FOCUS):
        h, rows = read_csv(FOCUS)
        tmp = '/tmp/cc-focus-split'
        os.makedirs(tmp, exist_ok=True)
        with open(FOCUS, encoding='utf-8') as fh:
            lines = fh.read().split('\n')
        assert len(rows) == 1000 and len([l for l in lines if l]) == 1001, 'FOCUS rows must be one line each'
        open(os.path.join(tmp, 'ref.csv'), 'w').write('\n'.join(lines[0:501]) + '\n')
        open(os.path.join(tmp, 'cur.csv'), 'w').write('\n'.join([lines[0]] + lines[501:1001]) + '\n')
        kinds = {'BilledCost': 'numeric', 'ConsumedQuantity': 'numeric', 'EffectiveCost': 'numeric', 'ListUnitPrice': 'numeric',
                 'PricingQuantity': 'numeric', 'ChargeCategory': 'categorical', 'ServiceCategory': 'categorical',
                 'ProviderName': 'categorical', 'RegionId': 'categorical', 'PricingCategory': 'categorical', 'ChargeFrequency': 'categorical'}
        res = check(os.path.join(tmp, 'ref.csv'), os.path.join(tmp, 'cur.csv'), kinds)
        res['reference'] = 'focus_sample.csv lines 1-501'
        res['current'] = 'focus_sample.csv header + lines 502-1001'
        out['scenarios']['focus'] = res
    with open(os.path.join(FIX, 'check-reference.json'), 'w') as fh:
        json.dump(out, fh, indent=1)
    for k, v in out['scenarios'].items():
        print(k, 'share', v['share'], 'tests', sorted({c['test'] for c in v['columns'] if c['test']}))


if __name__ == '__main__':
    main()
