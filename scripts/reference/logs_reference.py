#!/usr/bin/env python3
"""Reference answers for the logs area's search, computed independently of the TypeScript engine.

Regenerate with:  python3 scripts/reference/logs_reference.py
Writes src/main/services/logs/__fixtures__/logs-reference.json: a fixed set of log entries (mixed JSON, logfmt
and plain text lines in streams labelled service/env/host/level) and, for every query form the console supports,
the query text with its expected answer. Each case is evaluated here by plain Python written for that case (a
predicate per line, explicit windows for metrics, bm25 as SQLite's FTS5 documents it), not by parsing LogQL, so a
mistake in the engine's parser or planner cannot hide in the reference too.

Conventions shared with the engine (see docs/logs.md):
- entries are pushed in file order, so the line with index i gets id i + 1;
- log queries return lines with from <= ts <= to, newest first (ts, then id, descending);
- metric queries evaluate at t = start, start + step, ... <= end, each counting lines with t - range < ts <= t;
  a window without lines gives no value (null); rate = count / range in seconds;
- a histogram widens the range to whole minutes (minute k holds ((k-1)*60 s, k*60 s]) and groups minutes into
  buckets of m minutes, m the first of 1, 2, 5, 10, 15, 30, 60, ... at least (to - from) / 120 minutes;
- word search ranks by FTS5's bm25 (k1 = 1.2, b = 0.75, over every stored line), ties newest first; unicode61
  tokens are runs of letters and digits, lower-cased;
- substring search is case-insensitive, newest id first;
- sums add the per-stream values (so a sum of rates may differ from the rate of a sum in the last bit: compared
  to 1e-12).
"""
import json
import math
import os
import random
import re

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'src', 'main', 'services', 'logs', '__fixtures__', 'logs-reference.json')

START = 1767607200000  # 2026-01-05T10:00:00Z
SPAN = 2 * 3_600_000
N = 3000
rng = random.Random(20260105)

SERVICES = ['api', 'web', 'worker']
HOSTS = ['h1', 'h2']
ENVS = ['prod', 'staging']
LEVELS = ['debug', 'info', 'warn', 'error']
WORDS = ['order', 'payment', 'timeout', 'refused', 'cache', 'retry', 'user', 'session', 'invoice', 'gateway', 'queue', 'disk']
METHODS = ['GET', 'POST', 'PUT']


def iso(ms):
    s = ms // 1000
    import datetime
    return datetime.datetime.fromtimestamp(s, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S') + '.%03dZ' % (ms % 1000)


def make_entry(i):
    ts = START + rng.randrange(SPAN)
    if i % 50 == 0 and i > 0:
        ts = entries[i - 1]['ts']  # equal timestamps: ordering falls back to ids
    service = rng.choice(SERVICES)
    labels = {'service': service, 'env': rng.choice(ENVS), 'host': rng.choice(HOSTS), 'level': rng.choices(LEVELS, [2, 6, 2, 1])[0]}
    words = ' '.join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))
    status = rng.choice([200, 200, 200, 201, 404, 500, 503])
    dur_ms = rng.randrange(5, 4000)
    kind = rng.choice(['json', 'logfmt', 'text'])
    if kind == 'json':
        line = json.dumps({'level': labels['level'], 'msg': words, 'status': status, 'duration': '%dms' % dur_ms,
                           'method': rng.choice(METHODS), 'user': {'id': rng.randrange(1, 50)}}, separators=(',', ':'))
    elif kind == 'logfmt':
        line = 'level=%s msg="%s" status=%d duration=%.1fs method=%s path=/api/v1/%s' % (
            labels['level'], words, status, dur_ms / 1000, rng.choice(METHODS), rng.choice(WORDS))
    else:
        code = 'ERR-%d' % rng.randrange(1, 60)
        line = '%s %s %s (code=%s)' % (iso(ts), labels['level'].upper(), words, code)
    return {'ts': ts, 'labels': labels, 'line': line, 'kind': kind}


entries = []
for i in range(N):
    entries.append(make_entry(i))


# ---------- helpers, independent of the engine ----------

def stream_labels(e):
    """What the console stores: the given labels, `environment` from `env`, and the push source's name."""
    l = dict(e['labels'])
    l['environment'] = l['env']
    l['source'] = 'push'
    return l


def go_duration_seconds(s):
    m = re.fullmatch(r'(\d+(?:\.\d+)?)(ms|s|m|h)', s)
    if not m:
        return None
    return float(m.group(1)) * {'ms': 0.001, 's': 1, 'm': 60, 'h': 3600}[m.group(2)]


def json_fields(line):
    try:
        v = json.loads(line)
    except ValueError:
        return None
    out = {}

    def walk(o, prefix):
        for k, x in o.items():
            key = prefix + '_' + k if prefix else k
            if isinstance(x, dict):
                walk(x, key)
            elif isinstance(x, bool):
                out[key] = 'true' if x else 'false'
            elif x is not None and not isinstance(x, list):
                out[key] = str(x)
    walk(v, '')
    return out


def logfmt_fields(line):
    out = {}
    for m in re.finditer(r'([A-Za-z_][\w.]*)=("([^"]*)"|\S*)', line):
        out[m.group(1)] = m.group(3) if m.group(3) is not None else m.group(2)
    return out


def extracted(e, fields):
    """Fields as labels: a name taken by a stream label gets _extracted."""
    base = stream_labels(e)
    out = {}
    for k, v in fields.items():
        out[k + '_extracted' if k in base else k] = v
    return out


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def lines_case(name, query, pred, frm, to):
    ids = [i + 1 for i, e in enumerate(entries) if frm <= e['ts'] <= to and pred(e)]
    ids.sort(key=lambda i: (entries[i - 1]['ts'], i), reverse=True)
    return {'name': name, 'kind': 'lines', 'query': query, 'from': frm, 'to': to, 'expect': ids}


def metric_case(name, query, frm, to, step, rng_ms, rate, series_of, group=None):
    """series_of(e) -> label dict of the series the line counts in, or None when the query drops it."""
    start = -(-frm // step) * step
    steps = list(range(start, to + 1, step))
    per = {}
    for e in entries:
        labels = series_of(e)
        if labels is None:
            continue
        key = json.dumps(labels, sort_keys=True)
        per.setdefault(key, (labels, []))[1].append(e['ts'])
    inner = []
    for key in sorted(per):
        labels, ts = per[key]
        v = []
        for t in steps:
            n = sum(1 for x in ts if t - rng_ms < x <= t)
            v.append(None if n == 0 else (n / (rng_ms / 1000) if rate else n))
        inner.append((labels, v))
    if group is not None:
        grouped = {}
        for labels, v in inner:
            g = group(labels)
            key = json.dumps(g, sort_keys=True)
            acc = grouped.setdefault(key, (g, [None] * len(steps)))[1]
            for i, x in enumerate(v):
                if x is not None:
                    acc[i] = x if acc[i] is None else acc[i] + x
        inner = [grouped[k] for k in sorted(grouped)]
    series = [{'labels': labels, 'v': v} for labels, v in inner if any(x is not None for x in v)]
    return {'name': name, 'kind': 'matrix', 'query': query, 'from': frm, 'to': to, 'stepMs': step, 't': steps, 'expect': series}


NICE = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080]


def histogram_case(name, query, pred, frm, to):
    minutes = max(1, (to - frm) / 60000 / 120)
    mpb = next((m for m in NICE if m >= minutes), NICE[-1])
    key = lambda ts: -(-ts // 60000)
    k0, kto = key(frm), key(to)
    n = (kto - k0) // mpb + 1
    levels = {}
    for e in entries:
        k = key(e['ts'])
        if k < k0 or k > kto or not pred(e):
            continue
        arr = levels.setdefault(e['labels']['level'], [0] * n)
        arr[(k - k0) // mpb] += 1
    return {'name': name, 'kind': 'histogram', 'query': query, 'from': frm, 'to': to,
            'expect': {'bucketMs': mpb * 60000, 't': [(k0 - 1 + b * mpb) * 60000 for b in range(n)], 'levels': levels}}


# ---------- bm25 as FTS5 computes it ----------

def tokens(text):
    return [t.lower() for t in re.findall(r'[A-Za-z0-9]+', text)]


DOC_TOKENS = [tokens(e['line']) for e in entries]
AVGDL = sum(len(d) for d in DOC_TOKENS) / N


def bm25(doc, terms):
    score = 0.0
    for t in terms:
        nq = sum(1 for d in DOC_TOKENS if t in d)
        idf = math.log((N - nq + 0.5) / (nq + 0.5))
        if idf <= 0:
            idf = 1e-6
        f = doc.count(t)
        score += idf * (f * 2.2) / (f + 1.2 * (1 - 0.75 + 0.75 * len(doc) / AVGDL))
    return -score


def words_case(name, query, terms, frm, to, limit=60):
    hits = []
    for i, e in enumerate(entries):
        d = DOC_TOKENS[i]
        if frm <= e['ts'] <= to and all(t in d for t in terms):
            hits.append((bm25(d, terms), -e['ts'], -(i + 1), i + 1))
    hits.sort()
    return {'name': name, 'kind': 'terms', 'query': query, 'from': frm, 'to': to, 'total': len(hits),
            'expect': [[h[3], h[0]] for h in hits[:limit]]}


def substring_case(name, query, text, frm, to):
    ids = [i + 1 for i, e in enumerate(entries) if frm <= e['ts'] <= to and text.lower() in e['line'].lower()]
    ids.sort(reverse=True)
    return {'name': name, 'kind': 'substring', 'query': query, 'mode': 'substring', 'from': frm, 'to': to, 'expect': ids}


L = lambda e: e['labels']
A, B = START + 10 * 60_000, START + 100 * 60_000 + 12_345

cases = [
    # stream selectors
    lines_case('selector =', '{service="api"}', lambda e: L(e)['service'] == 'api', A, B),
    lines_case('selector != and =~', '{service!="api", level=~"err.*|warn"}',
               lambda e: L(e)['service'] != 'api' and L(e)['level'] in ('error', 'warn'), A, B),
    lines_case('selector !~', '{host!~"h1|h3", env="prod"}', lambda e: L(e)['host'] != 'h1' and L(e)['env'] == 'prod', A, B),
    # line filters
    lines_case('line filter |=', '{service=~"api|web"} |= "timeout"',
               lambda e: L(e)['service'] in ('api', 'web') and 'timeout' in e['line'], A, B),
    lines_case('line filter != chained', '{env="prod"} |= "payment" != "retry"',
               lambda e: L(e)['env'] == 'prod' and 'payment' in e['line'] and 'retry' not in e['line'], A, B),
    lines_case('line filter |~ with (?i)', '{service="worker"} |~ "(?i)GATEWAY|refused"',
               lambda e: L(e)['service'] == 'worker' and re.search(r'gateway|refused', e['line'], re.I) is not None, A, B),
    lines_case('line filter !~', '{level="error"} !~ "ERR-[0-9]+"',
               lambda e: L(e)['level'] == 'error' and re.search(r'ERR-[0-9]+', e['line']) is None, A, B),
    # parsers and label filters
    lines_case('json with number filter', '{service="api"} | json | status >= 500',
               lambda e: L(e)['service'] == 'api' and (f := json_fields(e['line'])) is not None
               and num(f.get('status')) is not None and num(f['status']) >= 500, A, B),
    lines_case('json with duration and string filters', '{env="prod"} | json | duration > 2s and method="POST"',
               lambda e: L(e)['env'] == 'prod' and (f := json_fields(e['line'])) is not None
               and go_duration_seconds(f.get('duration', '')) is not None and go_duration_seconds(f['duration']) > 2
               and f.get('method') == 'POST', A, B),
    lines_case('json nested field and or', '{service="web"} | json | user_id <= 5 or status == 404',
               lambda e: L(e)['service'] == 'web' and (f := json_fields(e['line'])) is not None
               and ((num(f.get('user_id')) is not None and num(f['user_id']) <= 5) or (num(f.get('status')) == 404)), A, B),
    lines_case('logfmt with regex and duration', '{host="h2"} | logfmt | status=~"5.." | duration >= 1.5s',
               lambda e: L(e)['host'] == 'h2' and e['kind'] == 'logfmt'
               and re.fullmatch(r'5..', logfmt_fields(e['line']).get('status', '')) is not None
               and go_duration_seconds(logfmt_fields(e['line']).get('duration', '')) is not None
               and go_duration_seconds(logfmt_fields(e['line'])['duration']) >= 1.5, A, B),
    lines_case('json collision gets _extracted', '{service="api"} | json | level_extracted="error"',
               lambda e: L(e)['service'] == 'api' and (f := json_fields(e['line'])) is not None and f.get('level') == 'error', A, B),
    # metric queries: from the per-minute counts (aligned) and from the lines (unaligned, or with a pipeline)
    metric_case('count_over_time per stream, aligned', 'count_over_time({service="api", env="prod"}[5m])',
                START + 5 * 60_000, START + 65 * 60_000, 60_000, 300_000, False,
                lambda e: stream_labels(e) if L(e)['service'] == 'api' and L(e)['env'] == 'prod' else None),
    metric_case('count_over_time unaligned step', 'count_over_time({service="web", host="h1"}[2m])',
                START + 7 * 60_000 + 500, START + 47 * 60_000, 45_000, 120_000, False,
                lambda e: stream_labels(e) if L(e)['service'] == 'web' and L(e)['host'] == 'h1' else None),
    metric_case('rate with a line filter', 'rate({service="worker"} |= "queue" [3m])',
                START, START + 90 * 60_000, 60_000, 180_000, True,
                lambda e: stream_labels(e) if L(e)['service'] == 'worker' and 'queue' in e['line'] else None),
    metric_case('sum by (level) count_over_time', 'sum by (level) (count_over_time({env=~".+"}[10m]))',
                START, START + SPAN, 600_000, 600_000, False, lambda e: stream_labels(e),
                group=lambda l: {'level': l['level']}),
    metric_case('sum without (host, env, environment) rate', 'sum without (host, env, environment) (rate({service=~"api|web"}[5m]))',
                START + 30 * 60_000, START + 90 * 60_000, 300_000, 300_000, True,
                lambda e: stream_labels(e) if L(e)['service'] in ('api', 'web') else None,
                group=lambda l: {k: v for k, v in l.items() if k not in ('host', 'env', 'environment')}),
    metric_case('sum of json-filtered counts', 'sum(count_over_time({service="api"} | json | status >= 500 [15m]))',
                START + 15 * 60_000, START + SPAN, 900_000, 900_000, False,
                lambda e: stream_labels(e) if L(e)['service'] == 'api' and (f := json_fields(e['line'])) is not None
                and num(f.get('status')) is not None and num(f['status']) >= 500 else None,
                group=lambda l: {}),
    metric_case('sum by (service) after logfmt', 'sum by (service) (count_over_time({env="staging"} | logfmt | method="PUT" [20m]))',
                START + 20 * 60_000, START + SPAN, 1_200_000, 1_200_000, False,
                lambda e: stream_labels(e) if L(e)['env'] == 'staging' and e['kind'] == 'logfmt'
                and logfmt_fields(e['line']).get('method') == 'PUT' else None,
                group=lambda l: {'service': l['service']}),
    # full text
    words_case('one word', 'timeout', ['timeout'], A, B),
    words_case('two words', 'payment gateway', ['payment', 'gateway'], START, START + SPAN),
    substring_case('substring with punctuation', 'ERR-4', 'ERR-4', A, B),
    substring_case('substring inside words, any case', 'ATEWA', 'ATEWA', START, START + SPAN),
    # histograms follow the query
    histogram_case('histogram of a selector (counts)', '{service="api"}', lambda e: L(e)['service'] == 'api', A, B),
    histogram_case('histogram of a line filter (scan)', '{env="prod"} |= "cache"', lambda e: L(e)['env'] == 'prod' and 'cache' in e['line'],
                   START, START + SPAN),
    histogram_case('histogram of words', 'refused', lambda e: 'refused' in tokens(e['line']), A, B),
]

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as fh:
    json.dump({'start': START, 'entries': [{'ts': e['ts'], 'labels': e['labels'], 'line': e['line']} for e in entries], 'cases': cases},
              fh, indent=None, separators=(',', ':'))
    fh.write('\n')
print('wrote %s: %d entries, %d cases' % (OUT, len(entries), len(cases)))
for c in cases:
    size = len(c['expect']) if isinstance(c['expect'], list) else sum(sum(v) for v in c['expect']['levels'].values())
    print('  %-45s %s' % (c['name'], size))
