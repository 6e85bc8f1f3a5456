#!/usr/bin/env python3
"""Reference training sets and statistics for the feature store (src/main/services/features/*.reference.test.ts).

Regenerate with:  python3 scripts/reference/features_reference.py
Writes, under src/main/services/features/__fixtures__/:
  - reference-cases.json: generated point-in-time cases (feature rows, entity rows) and the training sets this script
    computes for them, with and without the created-timestamp filter: TTL edges (exactly entity_ts - ttl and exactly
    entity_ts), TTL 0, ties on the event timestamp broken by the created timestamp (and by file order when both tie),
    null created timestamps, late backfills, two views with different join keys, duplicate and unmatched entity rows,
    mixed timestamp formats (ISO with Z / offsets / a space, Unix seconds and milliseconds), unreadable cells.
  - stats-reference.json: a feature source and numpy's statistics of it per window (count, nulls, mean, sd with
    ddof=1, min, max, percentiles with linear interpolation, a 20-bin numpy.histogram, top-10 values, PSI on the
    baseline's bins).
It first checks that its own join reproduces Feast's published examples (__fixtures__/feast-cases.json, copied from
Feast's docs and tests with their source), then writes the generated cases.

The join here is deliberately naive and independent of the TypeScript and SQL engines: for every entity row it scans
every feature row of the view.
"""
import json
import math
import os
import random
import re
from collections import Counter
from datetime import datetime, timedelta, timezone

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
FIX = os.path.join(ROOT, 'src', 'main', 'services', 'features', '__fixtures__')

NUMBER = re.compile(r'^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$')
INTEGER = re.compile(r'^[+-]?\d+$')
ISO = re.compile(r'^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$', re.I)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


# ------------------------------------------------------------------ cells


def instant(cell):
    """ms since the epoch, or None. Numbers: Unix seconds, or ms when |v| > 1e11. ISO without a zone: UTC."""
    if cell is None:
        return None
    s = cell.strip()
    if not s:
        return None
    if NUMBER.match(s):
        v = float(s)
        return math.floor(v) if abs(v) > 1e11 else math.floor(v * 1000)
    m = ISO.match(s)
    if not m:
        return None
    y, mo, d, h, mi, sec, frac, zone = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0), tzinfo=timezone.utc)
    except ValueError:
        return None
    ms = (dt - EPOCH) // timedelta(milliseconds=1)
    if frac:
        ms += int((frac + '000')[:3])
    if zone and zone.upper() != 'Z':
        digits = zone[1:].replace(':', '')
        off = int(digits[:2]) * 60 + int(digits[2:] or 0)
        ms -= (-1 if zone[0] == '-' else 1) * off * 60000
    return ms


def key(cell, kind):
    if cell is None or cell == '':
        return None
    if kind == 'string':
        return cell
    s = cell.strip()
    return str(int(s)) if INTEGER.match(s) else None


def value(cell, kind):
    if cell is None or cell == '':
        return None
    s = cell.strip()
    if kind == 'string':
        return cell
    if kind == 'bool':
        low = s.lower()
        return True if low in ('true', '1') else False if low in ('false', '0') else None
    if kind == 'int64':
        return int(s) if INTEGER.match(s) else None
    if not NUMBER.match(s):
        return None
    v = float(s)
    return v if math.isfinite(v) else None


# ------------------------------------------------------------------ the join


def join(case, run):
    """Training set columns for one case and one setting of the created-timestamp filter."""
    ecols = case['entityColumns']
    ts_at = ecols.index(case['entityTimestampColumn'])
    out = {}
    for v in case['views']:
        view = v['view']
        fcols = v['featureColumns']
        k_at = [fcols.index(k['name']) for k in view['keys']]
        ek_at = [ecols.index(k['name']) for k in view['keys']]
        t_at = fcols.index(view['timestampField'])
        c_at = fcols.index(view['createdTimestampField']) if view['createdTimestampField'] else None
        ttl = view['ttlSeconds'] * 1000
        rows = []
        for order, r in enumerate(v['featureRows']):
            k = tuple(key(r[i], kk['type']) for i, kk in zip(k_at, view['keys']))
            t = instant(r[t_at])
            c = instant(r[c_at]) if c_at is not None else None
            if None in k or t is None:
                continue
            rows.append((k, t, c, order, r))
        for f in view['features']:
            name = f"{view['name']}__{f['name']}" if run.get('fullFeatureNames') else f['name']
            out[name] = []
        for e in case['entityRows']:
            et = instant(e[ts_at])
            ek = tuple(key(e[i], kk['type']) for i, kk in zip(ek_at, view['keys']))
            best = None
            for (k, t, c, order, r) in rows:
                if k != ek or t > et:
                    continue
                if ttl and t < et - ttl:
                    continue
                if run['filterByCreatedTimestamp'] and (c is None or c > et):
                    continue
                rank = (t, c if c is not None else -math.inf, order)
                if best is None or rank > best[0]:
                    best = (rank, r)
            for f in view['features']:
                name = f"{view['name']}__{f['name']}" if run.get('fullFeatureNames') else f['name']
                out[name].append(None if best is None else value(best[1][fcols.index(f['name'])], f['type']))
    return out


def normalise(case):
    if 'views' in case:
        return case
    return {
        **case,
        'views': [{'view': case['view'], 'featureColumns': case['featureColumns'], 'featureRows': case['featureRows']}],
        'runs': [{'filterByCreatedTimestamp': case['filterByCreatedTimestamp'], 'expected': case['expected']}],
    }


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return abs(a - b) < 1e-12
    return a == b


def check_feast():
    with open(os.path.join(FIX, 'feast-cases.json')) as fh:
        feast = json.load(fh)
    for raw in feast['cases']:
        case = normalise(raw)
        for run in case['runs']:
            got = join(case, run)
            for col, want in run['expected'].items():
                assert len(got[col]) == len(want) and all(same(x, y) for x, y in zip(got[col], want)), (raw['name'], col, got[col], want)
    return len(feast['cases'])


# ------------------------------------------------------------------ generated cases

T0 = 1_735_689_600_000  # 2025-01-01T00:00:00Z
H = 3_600_000


def fmt(ms, style):
    dt = EPOCH + timedelta(milliseconds=ms)
    if style == 'iso-z':
        return dt.strftime('%Y-%m-%dT%H:%M:%S') + (f'.{ms % 1000:03d}' if ms % 1000 else '') + 'Z'
    if style == 'space':
        return dt.strftime('%Y-%m-%d %H:%M:%S') + (f'.{ms % 1000:03d}' if ms % 1000 else '')
    if style == 'offset':
        local = dt + timedelta(hours=2)
        return local.strftime('%Y-%m-%dT%H:%M:%S') + (f'.{ms % 1000:03d}' if ms % 1000 else '') + '+02:00'
    if style == 'epoch-s' and ms % 1000 == 0:
        return str(ms // 1000)
    return str(ms)  # epoch ms


STYLES = ['iso-z', 'space', 'offset', 'epoch-s', 'epoch-ms']


def ttl_edges_case(rnd):
    """One key per pattern: entity rows exactly at a feature row, exactly ttl after it, and 1 ms past the ttl."""
    ttl_s = 7200
    frows, erows = [], []
    for d in range(40):
        did = str(1000 + d)
        base = T0 + d * 24 * H
        times = sorted(base + rnd.randrange(0, 20) * H + rnd.choice([0, 0, 500, 999]) for _ in range(rnd.randrange(1, 6)))
        for t in times:
            frows.append([did, fmt(t, rnd.choice(STYLES)), str(round(rnd.uniform(-5, 50), 3)), str(rnd.randrange(0, 30))])
        for t in times:
            for probe in (t, t + ttl_s * 1000, t + ttl_s * 1000 + 1, t - 1, t + 1):
                erows.append([did, fmt(probe, rnd.choice(STYLES)), str(rnd.randrange(2))])
    rnd.shuffle(frows)
    rnd.shuffle(erows)
    view = {
        'name': 'driver_hourly',
        'keys': [{'name': 'driver_id', 'type': 'int64'}],
        'timestampField': 'event_timestamp',
        'createdTimestampField': None,
        'ttlSeconds': ttl_s,
        'features': [{'name': 'conv_rate', 'type': 'float64'}, {'name': 'trips', 'type': 'int64'}],
    }
    return {
        'name': 'TTL edges: entity exactly at a feature row, exactly ttl after it, 1 ms past it, 1 ms before it',
        'views': [{'view': view, 'featureColumns': ['driver_id', 'event_timestamp', 'conv_rate', 'trips'], 'featureRows': frows}],
        'entityColumns': ['driver_id', 'event_timestamp', 'label'],
        'entityRows': erows,
        'entityTimestampColumn': 'event_timestamp',
        'runs': [{'filterByCreatedTimestamp': False}],
    }


def ties_case(rnd):
    """Same event timestamp with several created timestamps (and nulls, and exact duplicates); late backfills."""
    frows, erows = [], []
    for d in range(60):
        did = str(d)
        t = T0 + rnd.randrange(0, 200) * H
        for _ in range(rnd.randrange(1, 5)):
            ev = t + rnd.choice([0, 0, 0, H, 2 * H, -H])
            created = rnd.choice([None, ev, ev + 10 * 60_000, ev + 5 * H, ev + 48 * H, ev + 30 * 24 * H])
            cr = '' if created is None else fmt(created, rnd.choice(STYLES))
            frows.append([did, fmt(ev, rnd.choice(STYLES)), cr, str(round(rnd.uniform(0, 1), 4)), rnd.choice(['gold', 'silver', 'bronze', ''])])
            if rnd.random() < 0.2:
                frows.append(list(frows[-1][:3]) + [str(round(rnd.uniform(0, 1), 4)), 'dup'])  # same (ts, created): file order decides
        for _ in range(rnd.randrange(1, 5)):
            et = t + rnd.choice([-H, 0, 30 * 60_000, 3 * H, 6 * H, 3 * 24 * H, 40 * 24 * H])
            erows.append([did, fmt(et, rnd.choice(STYLES)), str(rnd.randrange(2))])
    for _ in range(5):
        erows.append(['999999', fmt(T0 + 100 * H, 'iso-z'), '0'])  # a key no feature row has
    erows.append(['', fmt(T0 + 100 * H, 'iso-z'), '1'])  # a missing key
    erows += [list(r) for r in rnd.sample(erows, 8)]  # duplicate entity rows stay duplicate
    rnd.shuffle(frows)
    rnd.shuffle(erows)
    view = {
        'name': 'driver_quality',
        'keys': [{'name': 'driver_id', 'type': 'int64'}],
        'timestampField': 'event_timestamp',
        'createdTimestampField': 'created',
        'ttlSeconds': 7 * 86400,
        'features': [{'name': 'acc_rate', 'type': 'float64'}, {'name': 'tier', 'type': 'string'}],
    }
    return {
        'name': 'created-timestamp ties, null and duplicate created timestamps, late backfills, duplicate and unmatched entity rows',
        'views': [{'view': view, 'featureColumns': ['driver_id', 'event_timestamp', 'created', 'acc_rate', 'tier'], 'featureRows': frows}],
        'entityColumns': ['driver_id', 'event_timestamp', 'label'],
        'entityRows': erows,
        'entityTimestampColumn': 'event_timestamp',
        'runs': [{'filterByCreatedTimestamp': False}, {'filterByCreatedTimestamp': True}],
    }


def multi_view_case(rnd):
    """Two views with different join keys (int and string), TTL 0 on one, bool and unreadable cells."""
    drivers = [str(i) for i in range(25)]
    customers = ['c' + str(i) for i in range(15)]
    d_rows, c_rows, erows = [], [], []
    for did in drivers:
        for _ in range(rnd.randrange(0, 8)):
            t = T0 + rnd.randrange(0, 500) * H + rnd.randrange(0, 3600) * 1000
            d_rows.append([did, fmt(t, rnd.choice(STYLES)), fmt(t + rnd.randrange(0, 3) * H, 'iso-z'), rnd.choice(['true', 'false', '1', '0', 'maybe', '']), str(round(rnd.uniform(1, 5), 2))])
    for cid in customers:
        for _ in range(rnd.randrange(0, 6)):
            t = T0 + rnd.randrange(0, 500) * H
            c_rows.append([cid, fmt(t, rnd.choice(STYLES)), str(rnd.randrange(0, 100000)), rnd.choice(['7', '7.5', 'x', '', '-3'])])
    c_rows.append(['c0', 'not a time', '5', '5'])  # unreadable event timestamp: skipped
    for _ in range(120):
        t = T0 + rnd.randrange(0, 520) * H + rnd.randrange(0, 3600) * 1000
        erows.append([rnd.choice(drivers + ['77']), rnd.choice(customers + ['zz', '']), fmt(t, rnd.choice(STYLES)), str(round(rnd.uniform(0, 100), 1))])
    rnd.shuffle(d_rows)
    rnd.shuffle(c_rows)
    dv = {
        'name': 'driver_profile',
        'keys': [{'name': 'driver_id', 'type': 'int64'}],
        'timestampField': 'ts',
        'createdTimestampField': 'created_at',
        'ttlSeconds': 3 * 86400,
        'features': [{'name': 'is_active', 'type': 'bool'}, {'name': 'rating', 'type': 'float64'}],
    }
    cv = {
        'name': 'customer_profile',
        'keys': [{'name': 'customer_id', 'type': 'string'}],
        'timestampField': 'ts',
        'createdTimestampField': None,
        'ttlSeconds': 0,
        'features': [{'name': 'lifetime_value', 'type': 'int64'}, {'name': 'rating', 'type': 'int64'}],
    }
    return {
        'name': 'two views with different join keys, TTL 0 (no lower bound), bool and unreadable cells, full feature names',
        'views': [
            {'view': dv, 'featureColumns': ['driver_id', 'ts', 'created_at', 'is_active', 'rating'], 'featureRows': d_rows},
            {'view': cv, 'featureColumns': ['customer_id', 'ts', 'lifetime_value', 'rating'], 'featureRows': c_rows},
        ],
        'entityColumns': ['driver_id', 'customer_id', 'event_timestamp', 'target'],
        'entityRows': erows,
        'entityTimestampColumn': 'event_timestamp',
        'runs': [{'filterByCreatedTimestamp': False, 'fullFeatureNames': True}, {'filterByCreatedTimestamp': True, 'fullFeatureNames': True}],
    }


# ------------------------------------------------------------------ statistics

DAY = 86_400_000
WINDOWS = {'1d': 1, '7d': 7, '14d': 14, '30d': 30, '90d': 90}


def histogram(vals, edges=None):
    if edges is None:
        counts, edges = np.histogram(vals, bins=20)
    else:
        counts, edges = np.histogram(vals, bins=np.asarray(edges))
    return [float(e) for e in edges], [int(c) for c in counts]


def describe(raw, kind, base_edges=None):
    present = [v for v in raw if v is not None]
    out = {'count': len(raw), 'nulls': len(raw) - len(present)}
    if kind == 'string' or not present:
        out.update({k: None for k in ['mean', 'sd', 'min', 'max', 'p50', 'p75', 'p90', 'p95', 'p99']})
        out['histogram'] = None
        out['baselineBins'] = None
    else:
        a = np.asarray(present, dtype=np.float64)
        q = np.percentile(a, [50, 75, 90, 95, 99])
        out.update({
            'mean': float(a.mean()),
            'sd': float(a.std(ddof=1)) if len(a) > 1 else None,
            'min': float(a.min()),
            'max': float(a.max()),
            'p50': float(q[0]), 'p75': float(q[1]), 'p90': float(q[2]), 'p95': float(q[3]), 'p99': float(q[4]),
        })
        edges, counts = histogram(a)
        out['histogram'] = {'edges': edges, 'counts': counts}
        out['baselineBins'] = histogram(a, base_edges)[1] if base_edges is not None else counts
    if kind in ('string', 'bool') and present:
        texts = [('true' if v else 'false') if kind == 'bool' else v for v in present]
        top = sorted(Counter(texts).items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        out['top'] = [{'value': v, 'count': c} for v, c in top]
    else:
        out['top'] = None
    return out


def psi(base, window):
    if base is None or window is None or sum(window) == 0 or sum(base) == 0:
        return None
    p = np.maximum(np.asarray(base, dtype=np.float64) / sum(base), 1e-4)
    q = np.maximum(np.asarray(window, dtype=np.float64) / sum(window), 1e-4)
    return float(np.sum((q - p) * np.log(q / p)))


def stats_case(rnd):
    cols = ['entity_id', 'event_timestamp', 'amount', 'items', 'channel', 'flag']
    kinds = {'amount': 'float64', 'items': 'int64', 'channel': 'string', 'flag': 'bool'}
    rows = []
    as_of = T0 + 120 * DAY
    for i in range(3000):
        t = as_of - int(rnd.random() ** 1.5 * 120 * DAY)
        recent = t > as_of - 7 * DAY
        rows.append([
            str(i % 300), fmt(t, rnd.choice(STYLES)),
            '' if rnd.random() < 0.05 else str(round(rnd.gauss(60 if recent else 50, 12), 3)),
            '' if rnd.random() < 0.02 else str(rnd.randrange(0, 9 if recent else 6)),
            rnd.choice(['web', 'web', 'app', 'store', 'partner', 'phone', 'mail', 'kiosk', 'tv', 'radio', 'fax', 'x', '']),
            rnd.choice(['true', 'false', 'false', '']),
        ])
    rows.append(['1', fmt(as_of, 'iso-z'), '75.5', '3', 'app', 'true'])  # exactly at as_of: in every window
    rows.append(['2', fmt(as_of - 7 * DAY, 'iso-z'), '10', '1', 'web', 'false'])  # exactly 7 days back: outside 7d
    parsed = [(instant(r[1]), r) for r in rows]
    windows = {}
    base = {}
    all_rows = [r for t, r in parsed if t <= as_of]
    for name, kind in kinds.items():
        base[name] = describe([value(r[cols.index(name)], kind) for r in all_rows], kind)
    windows['all'] = {'rows': len(all_rows), 'from': None, 'features': base}
    for w, days in WINDOWS.items():
        frm = as_of - days * DAY
        sel = [r for t, r in parsed if frm < t <= as_of]
        feats = {}
        for name, kind in kinds.items():
            vals = [value(r[cols.index(name)], kind) for r in sel]
            be = base[name]['histogram']['edges'] if base[name]['histogram'] else None
            d = describe(vals, kind, be)
            feats[name] = {**d, 'psi': psi(base[name]['baselineBins'], d['baselineBins']) if kind != 'string' else None}
        windows[w] = {'rows': len(sel), 'from': frm, 'features': feats}
    return {'columns': cols, 'rows': rows, 'kinds': kinds, 'asOf': as_of, 'windows': windows}


def main():
    n_feast = check_feast()
    rnd = random.Random(20260105)
    cases = [ttl_edges_case(rnd), ties_case(rnd), multi_view_case(rnd)]
    for case in cases:
        for run in case['runs']:
            run['expected'] = join(case, run)
    with open(os.path.join(FIX, 'reference-cases.json'), 'w') as fh:
        json.dump({'about': 'Generated by scripts/reference/features_reference.py; expected = its naive join', 'cases': cases}, fh, indent=1)
    st = stats_case(rnd)
    with open(os.path.join(FIX, 'stats-reference.json'), 'w') as fh:
        json.dump({'about': 'Generated by scripts/reference/features_reference.py with numpy ' + np.__version__, **st}, fh, indent=1)
    print(f'feast cases reproduced: {n_feast}; generated cases: {len(cases)}; statistics windows: {len(st["windows"])}')


if __name__ == '__main__':
    main()
