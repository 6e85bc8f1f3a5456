"""Reference for the optimisation area's optimised-versus-base comparison (issue 17, point 4).

Writes a binary-classification holdout, a base model's probabilities and two variants' (an int8-quantised one: close
to the base and faster; a pruned one: less accurate and slower, as ONNX Runtime users report), stand-in model files of
known sizes, per-call latency samples at batch 1 and 32, and the answers: accuracy, its paired difference, same top-1
share, largest score difference, latency percentiles (numpy's linear percentile) and the gate verdicts.

Run: python3 scripts/reference/optimize_variants_reference.py  (numpy)
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'main', 'services', 'optimize', '__fixtures__', 'variants')
# the versions' labels in the console ("model vN"), which the latency file's version column names
LABELS = {'base': 'clf v1', 'int8': 'clf v2', 'pruned': 'clf v3'}
GATE = {'maxAccuracyDrop': 0.01, 'minLatencyGain': 0.2}


def main():
    rng = np.random.default_rng(4)
    os.makedirs(OUT, exist_ok=True)
    n = 500
    ids = [f'q{i:04d}' for i in range(n)]
    x = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-2 * x))).astype(int)
    base = 1 / (1 + np.exp(-(2 * x + rng.normal(scale=0.4, size=n))))
    int8 = np.clip(np.round(base * 64) / 64, 0, 1)  # what 6-bit rounding of the output does
    pruned = 1 / (1 + np.exp(-(1.2 * x + rng.normal(scale=1.2, size=n))))
    with open(os.path.join(OUT, 'holdout.csv'), 'w') as f:
        f.write('id,label,base,int8,pruned\n')
        for i in range(n):
            f.write(f'{ids[i]},{"yes" if y[i] else "no"},{float(base[i])!r},{float(int8[i])!r},{float(pruned[i])!r}\n')
    sizes = {'base': 40_000, 'int8': 10_500, 'pruned': 26_000}
    for k, s in sizes.items():
        with open(os.path.join(OUT, f'{k}.bin'), 'wb') as f:
            f.write(bytes(rng.integers(0, 256, size=s, dtype=np.uint8)))
    lat_mean = {'base': (10.0, 120.0), 'int8': (6.0, 70.0), 'pruned': (12.5, 135.0)}
    samples = {}
    with open(os.path.join(OUT, 'latencies.csv'), 'w') as f:
        f.write('version,batch_size,latency_ms\n')
        for k, (m1, mn) in lat_mean.items():
            for batch, m in ((1, m1), (32, mn)):
                s = np.round(rng.gamma(25, m / 25, size=200), 4)
                samples[(k, batch)] = s
                for v in s:
                    f.write(f'{LABELS[k]},{batch},{float(v)!r}\n')
    pred = lambda p: (p >= 0.5).astype(int)
    acc = {k: float(np.mean(pred(p) == y)) for k, p in (('base', base), ('int8', int8), ('pruned', pruned))}
    expected = {'gate': GATE, 'rows': n, 'sizes': sizes, 'accuracy': acc, 'variants': {}, 'latency': {}}
    for k in lat_mean:
        expected['latency'][k] = {
            str(b): {q: float(np.percentile(samples[(k, b)], p)) for q, p in (('p50', 50), ('p95', 95), ('p99', 99))} for b in (1, 32)
        }
    for k, p in (('int8', int8), ('pruned', pruned)):
        drop = acc['base'] - acc[k]
        gain = expected['latency']['base']['1']['p95'] / expected['latency'][k]['1']['p95'] - 1
        expected['variants'][k] = {
            'accuracyDiff': acc[k] - acc['base'],
            'sameTop1': float(np.mean(pred(p) == pred(base))),
            'maxScoreDiff': float(np.max(np.abs(p - base))),
            'latencyGain': gain,
            'pass': bool(drop <= GATE['maxAccuracyDrop'] and gain >= GATE['minLatencyGain']),
        }
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=2)
        f.write('\n')
    print(json.dumps(expected, indent=2))


if __name__ == '__main__':
    main()
