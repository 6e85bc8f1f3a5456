#!/usr/bin/env python3
"""End-to-end reference for experiment imports: raw exposure and event files in, results out.

Regenerate with:  python3 scripts/reference/experiments_pipeline_reference.py
Writes src/main/services/experiments/__fixtures__/pipeline/{exposures.csv, events.csv, expected.json}.

The files are drawn from a fixed seed: 3 variations (weights 0.4/0.3/0.3), units exposed one to three times (the
earliest exposure counts, with its country), 25 units exposed to two variations (reported and excluded), events
before exposure (CUPED's pre-period, 14 days), inside and after conversion windows. This script then does what the
import and the analysis must do, unit by unit in plain Python, and computes the figures with the formulas of
experiments_reference.py (numpy/scipy): overall and per country, for the three engines, plus the SRM test and the
cumulative lift of the primary metric day by day.
"""
import json
import math
import os
import sys
from datetime import datetime, timedelta, timezone

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(__file__))
import experiments_reference as ref  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'src', 'main', 'services', 'experiments', '__fixtures__', 'pipeline')
DAY = 86400.0
START = datetime(2024, 3, 1, tzinfo=timezone.utc).timestamp()
VARIATIONS = [('control', 0.4), ('treatment', 0.3), ('treatment_b', 0.3)]
COUNTRIES = ['US', 'DE', 'FR', 'JP']
METRICS = [
    dict(key='conversion', name='Conversion', kind='proportion', event='purchase', windowHours=72, role='primary', higherIsBetter=True, cuped=False),
    dict(key='revenue', name='Revenue', kind='mean', event='purchase', windowHours=None, role='secondary', higherIsBetter=True, cuped=True),
    dict(key='clicks', name='Clicks', kind='mean', event='click', windowHours=None, role='secondary', higherIsBetter=True, cuped=False),
    dict(key='sessions', name='Sessions', kind='mean', event='session', windowHours=None, role='secondary', higherIsBetter=True, cuped=False),
    dict(key='ctr', name='Clicks per session', kind='ratio', event='', numerator='clicks', denominator='sessions', windowHours=None, role='secondary', higherIsBetter=True, cuped=False),
    dict(key='latency', name='Latency', kind='mean', event='latency', windowHours=24, role='guardrail', higherIsBetter=False, cuped=False),
]
LOOKBACK = 14 * DAY


def iso(ts):
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'


def generate(seed=2024):
    r = np.random.default_rng(seed)
    n_units = 3000
    exposures, events = [], []
    truth = {}
    for u in range(n_units):
        uid = f'u{u:05d}'
        v = int(r.choice(3, p=[0.4, 0.3, 0.3]))
        country = COUNTRIES[int(r.choice(4, p=[0.4, 0.3, 0.2, 0.1]))]
        first = START + r.random() * 10 * DAY
        truth[uid] = (v, first, country)
        for k in range(int(r.integers(1, 4))):
            ts = first + (0 if k == 0 else r.random() * 3 * DAY)
            c = country if k == 0 or r.random() < 0.8 else COUNTRIES[int(r.integers(0, 4))]
            exposures.append((uid, VARIATIONS[v][0], ts, c, 'mobile' if u % 3 else 'desktop'))
        if u < 25:  # seen in another variation too
            exposures.append((uid, VARIATIONS[(v + 1) % 3][0], first + r.random() * DAY, country, 'desktop'))
        lift = [1.0, 1.12, 0.97][v]
        # before exposure: purchases in the lookback window (and some older, outside it)
        for _ in range(int(r.poisson(0.8))):
            events.append((uid, 'purchase', round(float(r.lognormal(2.5, 0.6)), 2), first - r.random() * 20 * DAY))
        # after exposure
        for _ in range(int(r.poisson(0.5 * lift))):
            events.append((uid, 'purchase', round(float(r.lognormal(2.5, 0.6) * lift), 2), first + r.random() * 6 * DAY))
        n_sessions = int(r.poisson(3))
        for _ in range(n_sessions):
            events.append((uid, 'session', 1, first + r.random() * 8 * DAY))
        for _ in range(int(r.binomial(n_sessions * 2, 0.3 * lift if lift < 1.5 else 0.3))):
            events.append((uid, 'click', 1, first + r.random() * 8 * DAY))
        for _ in range(int(r.integers(0, 3))):
            events.append((uid, 'latency', round(float(r.normal(120 + (30 if v == 2 else 0), 15)), 1), first + r.random() * 2 * DAY))
        if r.random() < 0.05:
            events.append((uid, 'page_view', 1, first + DAY))
    # events of units never exposed
    for k in range(40):
        events.append((f'x{k:03d}', 'purchase', 10.0, START + DAY))
    order = r.permutation(len(events))
    events = [events[i] for i in order]
    return exposures, events


def write_files(exposures, events):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'exposures.csv'), 'w') as f:
        f.write('user_id,variation,timestamp,country,device\n')
        for uid, v, ts, c, d in exposures:
            f.write(f'{uid},{v},{iso(ts)},{c},{d}\n')
    with open(os.path.join(OUT, 'events.csv'), 'w') as f:
        f.write('user_id,event,value,timestamp\n')
        for uid, e, val, ts in events:
            f.write(f'{uid},{e},{val},{iso(ts)}\n')


def parse_back(exposures, events):
    """Timestamps as the files hold them (millisecond ISO text)."""
    def ms(ts):
        return round(ts * 1000) / 1000
    return [(a, b, ms(c), d, e) for a, b, c, d, e in exposures], [(a, b, c, ms(d)) for a, b, c, d in events]


def units_of(exposures):
    first = {}
    multi = set()
    for uid, v, ts, c, _ in exposures:
        vi = [x[0] for x in VARIATIONS].index(v)
        if uid in multi:
            continue
        if uid not in first:
            first[uid] = [vi, ts, c]
        elif first[uid][0] != vi:
            multi.add(uid)
        elif ts < first[uid][1]:
            first[uid][1], first[uid][2] = ts, c
    for uid in multi:
        del first[uid]
    return first, multi


def unit_values(first, events, cutoff=math.inf):
    """Per unit: post value of each base metric (within its window, up to cutoff) and pre value."""
    base = [m for m in METRICS if m['kind'] != 'ratio']
    vals = {uid: {m['key']: 0.0 for m in base} for uid in first}
    pre = {uid: {m['key']: 0.0 for m in base} for uid in first}
    for uid, e, val, ts in events:
        if uid not in first:
            continue
        exp = first[uid][1]
        rel = ts - exp
        for m in base:
            if m['event'] != e:
                continue
            if rel < 0:
                if m['cuped'] and rel >= -LOOKBACK:
                    pre[uid][m['key']] += 1 if m['kind'] == 'proportion' else val
                continue
            w = math.inf if m['windowHours'] is None else m['windowHours'] * 3600
            if rel > w or ts >= cutoff:
                continue
            if m['kind'] == 'proportion':
                vals[uid][m['key']] = 1.0
            else:
                vals[uid][m['key']] += val
    return vals, pre


def arms_for(metric, uids, vals, pre):
    def arm(us):
        if metric['kind'] == 'ratio':
            return {'m': np.array([vals[u][metric['numerator']] for u in us]), 'd': np.array([vals[u][metric['denominator']] for u in us])}
        a = {'x': np.array([vals[u][metric['key']] for u in us])}
        if metric['cuped']:
            a['p'] = np.array([pre[u][metric['key']] for u in us])
        return a
    return [arm(us) for us in uids]


def kind_of(metric):
    if metric['kind'] == 'ratio':
        return 'ratio'
    if metric['cuped']:
        return 'cuped' if metric['kind'] == 'mean' else 'cupedProportion'
    return metric['kind']


def compare(metric, a, b):
    kind = kind_of(metric)
    ua = ref.unadjusted_control_mean(a, kind)
    est, v, va, vb, na, nb, extra = ref.effect(a, b, kind, True)
    if metric['kind'] == 'proportion':
        pass
    inverse = not metric['higherIsBetter']
    return {
        'estimate': ref.fl(est), 'variance': ref.fl(v),
        'ttest': ref.welch(est, v, va, vb, na, nb),
        'sequential': ref.sequential(est, v, na + nb, 5000),
        'bayesian': ref.bayes(est, v, ua, True, False, inverse),
    }


def mean_of(metric, arm):
    if metric['kind'] == 'ratio':
        return ref.fl(np.sum(arm['m']) / np.sum(arm['d']))
    return ref.fl(np.mean(arm['x']))


def slice_result(uids_by_var, vals, pre):
    units = [len(us) for us in uids_by_var]
    w = np.array([x[1] for x in VARIATIONS])
    res = stats.chisquare(units, w / w.sum() * sum(units))
    out = {'units': units, 'srm': ref.fl(res.pvalue), 'metrics': {}}
    for m in METRICS:
        arms = arms_for(m, uids_by_var, vals, pre)
        out['metrics'][m['key']] = {
            'means': [mean_of(m, a) for a in arms],
            'variations': [compare(m, arms[0], arms[v]) for v in (1, 2)],
        }
    return out


def main():
    exposures, events = generate()
    write_files(exposures, events)
    exposures, events = parse_back(exposures, events)
    first, multi = units_of(exposures)
    vals, pre = unit_values(first, events)
    by_var = [[u for u in first if first[u][0] == v] for v in range(3)]
    expected = {
        'variations': [{'key': k, 'name': k.replace('_', ' ').title(), 'weight': w} for k, w in VARIATIONS],
        'metrics': METRICS,
        'multiExposed': len(multi),
        'units': len(first) + len(multi),
        'overall': slice_result(by_var, vals, pre),
        'country': {c: slice_result([[u for u in us if first[u][2] == c] for us in by_var], vals, pre) for c in COUNTRIES},
    }
    # cumulative lift of the primary metric (frequentist) at the end of each day
    days = sorted({math.floor(first[u][1] / DAY) for u in first})
    last_day = max(math.floor(ts / DAY) for uid, e, val, ts in events if uid in first and ts >= first[uid][1])
    series = []
    primary = METRICS[0]
    for d in range(days[0], last_day + 1):
        cutoff = (d + 1) * DAY
        vd, pd_ = unit_values(first, events, cutoff)
        us = [[u for u in first if first[u][0] == v and first[u][1] < cutoff] for v in range(3)]
        arms = arms_for(primary, us, vd, pd_)
        row = {'day': d, 'units': [len(x) for x in us], 'estimate': [], 'ci': []}
        for v in (1, 2):
            if min(len(us[0]), len(us[v])) < 2 or np.var(arms[0]['x']) == 0 or np.var(arms[v]['x']) == 0:
                row['estimate'].append(None)
                row['ci'].append(None)
                continue
            c = compare(primary, arms[0], arms[v])
            row['estimate'].append(c['estimate'])
            row['ci'].append(c['ttest']['ci'])
        series.append(row)
    expected['timeseries'] = {'metric': primary['key'], 'days': series}
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)
        f.write('\n')
    print(f'wrote {OUT} ({len(exposures)} exposures, {len(events)} events)')


if __name__ == '__main__':
    main()
