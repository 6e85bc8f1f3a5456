"""Reference for the optimisation area's ensembles (issue 17, point 3).

Writes a regression and a binary-classification holdout with three members' predictions each, and the answers:
NNLS weights (scipy.optimize.nnls) fitted on the fit rows, Caruana greedy selection with replacement on the fit rows,
and every member's and ensemble's loss on the evaluation rows. Rows at even positions of the holdout fit, rows at odd
positions evaluate (never the same rows).

Also: four small NNLS problems with active constraints. Run: python3 scripts/reference/optimize_ensembles_reference.py  (numpy, scipy)
"""
import json
import os

import numpy as np
from scipy.optimize import nnls

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'main', 'services', 'optimize', '__fixtures__', 'ensembles')
ROUNDS = 25
EPS = 1e-15


def rmse(y, p):
    return float(np.sqrt(np.mean((y - p) ** 2)))


def log_loss(y, p):
    p = np.clip(p, EPS, 1 - EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def caruana(P, y, loss, rounds):
    """Greedy selection with replacement from an empty ensemble; ties go to the first member."""
    m = P.shape[1]
    counts = np.zeros(m, dtype=int)
    total = np.zeros(P.shape[0])
    for r in range(rounds):
        losses = [loss(y, (total + P[:, j]) / (r + 1)) for j in range(m)]
        j = int(np.argmin(losses))
        counts[j] += 1
        total += P[:, j]
    return counts / rounds


def write_task(name, ids, labels, P, y, loss, classify, rng):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'holdout.csv'), 'w') as f:
        f.write('id,label\n')
        for i, l in zip(ids, labels):
            f.write(f'{i},{l}\n')
    for j in range(P.shape[1]):
        order = rng.permutation(len(ids)) if j == 1 else np.arange(len(ids))  # one member in another row order
        with open(os.path.join(d, f'm{j + 1}.csv'), 'w') as f:
            f.write('id,prediction\n')
            for i in order:
                f.write(f'{ids[i]},{float(P[i, j])!r}\n')
    fit = np.arange(len(y)) % 2 == 0
    ev = ~fit
    w, _ = nnls(P[fit], y[fit])
    if classify:
        w = w / w.sum() if w.sum() > 0 else np.full(P.shape[1], 1 / P.shape[1])
    cw = caruana(P[fit], y[fit], loss, ROUNDS)
    avg = P.mean(axis=1)
    out = {
        'rows': len(y),
        'fitRows': int(fit.sum()),
        'evalRows': int(ev.sum()),
        'rounds': ROUNDS,
        'nnlsWeights': w.tolist(),
        'caruanaWeights': cw.tolist(),
        'evalLoss': {
            'members': [loss(y[ev], P[ev, j]) for j in range(P.shape[1])],
            'average': loss(y[ev], avg[ev]),
            'nnls': loss(y[ev], P[ev] @ w),
            'caruana': loss(y[ev], P[ev] @ cw),
        },
    }
    return out


def main():
    rng = np.random.default_rng(17)
    n = 600
    ids = [f'r{i:04d}' for i in range(n)]
    x = rng.normal(size=(n, 3))
    # regression: each member sees part of the signal, with its own error
    y = 3 * x[:, 0] - 2 * x[:, 1] + x[:, 2] + rng.normal(scale=0.5, size=n)
    P = np.column_stack([
        3 * x[:, 0] - 2 * x[:, 1] + rng.normal(scale=1.2, size=n),
        3 * x[:, 0] + x[:, 2] + rng.normal(scale=1.0, size=n) + 0.3,
        -2 * x[:, 1] + x[:, 2] + rng.normal(scale=1.5, size=n),
    ])
    expected = {'regression': write_task('regression', ids, [repr(float(v)) for v in y], P, y, rmse, False, rng)}
    # binary classification by probabilities of class "yes"
    logit = 1.5 * x[:, 0] - x[:, 1] + 0.8 * x[:, 2]
    yc = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    sig = lambda z: 1 / (1 + np.exp(-z))
    Pc = np.column_stack([
        sig(1.5 * x[:, 0] - x[:, 1] + rng.normal(scale=0.8, size=n)),
        sig(1.5 * x[:, 0] + 0.8 * x[:, 2] + rng.normal(scale=0.8, size=n)),
        sig(-x[:, 1] + 0.8 * x[:, 2] + rng.normal(scale=0.8, size=n)),
    ])
    labels = ['yes' if v else 'no' for v in yc]
    expected['classification'] = write_task('classification', ids, labels, Pc, yc, log_loss, True, rng)
    # small problems where some weights hit the bound (active constraints)
    cases = []
    for k in range(4):
        A = rng.normal(size=(20, 5))
        b = A @ np.array([1.0, -2.0, 0.5, 0.0, 3.0]) + rng.normal(scale=0.3, size=20)
        w, _ = nnls(A, b)
        cases.append({'columns': A.T.tolist(), 'y': b.tolist(), 'weights': w.tolist()})
    expected['nnlsCases'] = cases
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=2)
        f.write('\n')
    print(json.dumps(expected, indent=2))


if __name__ == '__main__':
    main()
