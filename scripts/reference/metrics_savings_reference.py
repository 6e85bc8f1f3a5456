#!/usr/bin/env python3
"""Reference values for the metrics advice's savings and "where time goes" (src/main/services/metrics/advice.test.ts).

Writes src/main/services/metrics/__fixtures__/advice-reference.json.  Run:  python3 scripts/reference/metrics_savings_reference.py

1. The unit price per vCPU-hour the costs port derives from the FOCUS sample (/work/shared/data/focus/focus_sample.csv):
   billed cost over consumed quantity of the Usage rows of "Amazon Relational Database Service" in vCPU-Hours, over
   the last 30 days of the bills; and the monthly saving of lowering a 2-core request to p95 / 0.7 cores (730 h/month).
2. The breakdown of a synthetic slow endpoint: per stage, seconds per request and share of the mean request duration.
"""
import csv
import datetime as dt
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
FOCUS = pathlib.Path('/work/shared/data/focus/focus_sample.csv')
OUT = ROOT / 'src/main/services/metrics/__fixtures__/advice-reference.json'

rows = list(csv.DictReader(FOCUS.open()))
day = lambda r: r['ChargePeriodStart'][:10]
last = max(day(r) for r in rows if r['ChargePeriodStart'] not in ('', 'NULL'))
since = (dt.date.fromisoformat(last) - dt.timedelta(days=29)).isoformat()
usage = [
    r for r in rows
    if r['ServiceName'] == 'Amazon Relational Database Service' and r['ConsumedUnit'] == 'vCPU-Hours'
    and r['ChargeCategory'] == 'Usage' and day(r) >= since and float(r['ConsumedQuantity']) > 0
]
cost = sum(float(r['BilledCost']) for r in usage)
qty = sum(float(r['ConsumedQuantity']) for r in usage)
price = cost / qty
p95, requested = 0.3, 2.0
saving = (requested - max(p95 / 0.7, 0.05)) * price * 730

# synthetic endpoint: 10 requests/s for a day; mean 1.2 s of which db 0.6 s, render 0.3 s, external API 0.15 s
stages = {'db': 0.6, 'render': 0.3, 'payments_api': 0.15}
mean = 1.2
breakdown = [{'component': k, 'seconds': v, 'share': v / mean} for k, v in sorted(stages.items(), key=lambda kv: -kv[1])]
breakdown.append({'component': 'other (not measured)', 'seconds': mean - sum(stages.values()),
                  'share': (mean - sum(stages.values())) / mean})

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({
    'price': {'service': 'Amazon Relational Database Service', 'unit': 'vCPU-Hours', 'rows': len(usage), 'cost': cost,
              'quantity': qty, 'price': price, 'first': min(day(r) for r in usage), 'last': max(day(r) for r in usage),
              'saving': saving},
    'breakdown': {'mean': mean, 'stages': stages, 'expected': breakdown},
}, indent=2) + '\n')
print(OUT.read_text())
