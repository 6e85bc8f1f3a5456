#!/usr/bin/env python3
"""Independent reference values for the Models area's offline evaluation (numpy + scipy only; sklearn not needed).

Writes src/main/services/models/__fixtures__/eval-reference.json: the data (holdout labels, per-version predictions)
and the point metrics as scikit-learn defines them, re-implemented here from their documented formulas:
- precision/recall/F1 macro and weighted over labels present in y_true or y_pred, zero_division = 0
- roc_auc_score (binary): trapezoidal area under the ROC curve over distinct score thresholds
- average_precision_score: sum_n (R_n - R_{n-1}) P_n over distinct thresholds in decreasing order
- log_loss: probabilities clipped to [eps, 1 - eps], eps = np.finfo(float64).eps
- calibration_curve(strategy='uniform'): bins = linspace(0, 1, n+1), binids = searchsorted(bins[1:-1], p) (side left)
- mean_absolute_percentage_error: mean(|y - p| / max(|y|, eps)); r2_score with sklearn's constant-y rule
- McNemar as statsmodels: exact binomial if b + c < 25 else chi-square with continuity correction.
More than two classes with one probability column per class (case "multiclass_proba"):
- rows whose probabilities do not sum to 1 (|sum - 1| > sqrt(eps)) are divided by their sum
- roc_auc_score(multi_class='ovr', average='macro' | 'weighted'): per class, the Mann-Whitney U from mid-ranks
  (scipy.stats.rankdata), AUC = (R+ - P(P+1)/2) / (P N); weighted by class prevalence in y_true
- average_precision_score one-vs-rest, macro mean (the step-wise sum above, per class)
- log_loss: -mean log(clip(p_true, eps, 1 - eps)) (sklearn also re-normalises after clipping: a change below 1e-15)
- top-label calibration: calibration_curve(argmax == y, max probability)
- bootstrap intervals: the console's seeded mulberry32 resamples re-drawn here, np.percentile of each metric
Run: python3 scripts/reference/models_eval_reference.py
"""
import json
import os

import numpy as np
from scipy import stats

EPS = np.finfo(np.float64).eps
rng = np.random.default_rng(20261125)


def class_metrics(y, p):
    labels = sorted(set(y) | set(p), key=lambda v: (float(v) if all(_isnum(x) for x in set(y) | set(p)) else v))
    y = np.asarray(y)
    p = np.asarray(p)
    n = len(y)
    out = {"accuracy": float(np.mean(y == p))}
    P, R, F, S = [], [], [], []
    for c in labels:
        tp = float(np.sum((y == c) & (p == c)))
        fp = float(np.sum((y != c) & (p == c)))
        fn = float(np.sum((y == c) & (p != c)))
        prec = tp / (tp + fp) if tp + fp > 0 else 0.0
        rec = tp / (tp + fn) if tp + fn > 0 else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec > 0 else 0.0
        P.append(prec)
        R.append(rec)
        F.append(f1)
        S.append(float(np.sum(y == c)))
    P, R, F, S = map(np.asarray, (P, R, F, S))
    out.update(
        precision_macro=float(P.mean()), recall_macro=float(R.mean()), f1_macro=float(F.mean()),
        precision_weighted=float((P * S).sum() / n), recall_weighted=float((R * S).sum() / n), f1_weighted=float((F * S).sum() / n),
    )
    cm = [[int(np.sum((y == a) & (p == b))) for b in labels] for a in labels]
    return out, labels, cm


def _isnum(v):
    try:
        float(v)
        return True
    except ValueError:
        return False


def roc_auc(y01, s):
    order = np.argsort(-s, kind="mergesort")
    s, y01 = s[order], y01[order]
    distinct = np.where(np.diff(s))[0]
    idx = np.r_[distinct, len(s) - 1]
    tps = np.cumsum(y01)[idx]
    fps = (idx + 1) - tps
    tpr = np.r_[0, tps / tps[-1]]
    fpr = np.r_[0, fps / fps[-1]]
    return float(np.trapezoid(tpr, fpr)) if hasattr(np, "trapezoid") else float(np.trapz(tpr, fpr))


def average_precision(y01, s):
    order = np.argsort(-s, kind="mergesort")
    s, y01 = s[order], y01[order]
    distinct = np.where(np.diff(s))[0]
    idx = np.r_[distinct, len(s) - 1]
    tps = np.cumsum(y01)[idx]
    fps = (idx + 1) - tps
    precision = tps / (tps + fps)
    recall = tps / tps[-1]
    return float(np.sum(np.diff(np.r_[0, recall]) * precision))


def log_loss(y01, s):
    p = np.clip(s, EPS, 1 - EPS)
    return float(-np.mean(y01 * np.log(p) + (1 - y01) * np.log(1 - p)))


def calibration(y01, s, bins):
    edges = np.linspace(0.0, 1.0, bins + 1)
    ids = np.searchsorted(edges[1:-1], s)
    sums = np.bincount(ids, weights=s, minlength=bins)
    trues = np.bincount(ids, weights=y01, minlength=bins)
    totals = np.bincount(ids, minlength=bins)
    nz = totals != 0
    return {"meanPredicted": (sums[nz] / totals[nz]).tolist(), "fractionPositive": (trues[nz] / totals[nz]).tolist(), "counts": totals[nz].astype(int).tolist()}


def regression(y, p):
    e = y - p
    ss_res = float(np.sum(e**2))
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    r2 = (1.0 if ss_res == 0 else 0.0) if ss_tot == 0 else 1 - ss_res / ss_tot
    return {"rmse": float(np.sqrt(np.mean(e**2))), "mae": float(np.mean(np.abs(e))), "mape": float(np.mean(np.abs(e) / np.maximum(np.abs(y), EPS))), "r2": r2}


def mcnemar(a_right, b_right):
    b = int(np.sum(a_right & ~b_right))
    c = int(np.sum(~a_right & b_right))
    if b + c < 25:
        k = min(b, c)
        return {"method": "exact binomial", "statistic": float(k), "pValue": float(min(1.0, 2 * stats.binom.cdf(k, b + c, 0.5))) if b + c else 1.0}
    stat = (abs(b - c) - 1) ** 2 / (b + c)
    return {"method": "chi-square with continuity correction", "statistic": float(stat), "pValue": float(stats.chi2.sf(stat, 1))}


cases = {}

# binary with probabilities rounded to 2 decimals (ties), positive class "1"
n = 500
y = rng.integers(0, 2, n)
s1 = np.round(np.clip(0.35 * y + rng.uniform(0, 0.65, n), 0, 1), 2)
s2 = np.round(np.clip(0.2 * y + rng.uniform(0, 0.8, n), 0, 1), 2)
s3 = s1.copy()
flip = rng.choice(n, 9, replace=False)
s3[flip] = np.round(1 - s3[flip], 2)  # few discordant pairs against v1 → exact test
binary = {"labels": [str(v) for v in y], "versions": []}
for s in (s1, s2, s3):
    pred = (s >= 0.5).astype(int)
    m, labels, cm = class_metrics([str(v) for v in y], [str(v) for v in pred])
    m.update(roc_auc=roc_auc(y.astype(float), s), average_precision=average_precision(y.astype(float), s), log_loss=log_loss(y.astype(float), s))
    binary["versions"].append({"score": s.tolist(), "pred": [str(v) for v in pred], "metrics": m, "confusion": cm, "calibration": calibration(y.astype(float), s, 10)})
right = [np.asarray(v["pred"]) == np.asarray(binary["labels"]) for v in binary["versions"]]
binary["mcnemar"] = {"0-1": mcnemar(right[0], right[1]), "0-2": mcnemar(right[0], right[2]), "1-2": mcnemar(right[1], right[2])}
binary["classes"] = labels
cases["binary"] = binary

# multiclass with string labels
n = 300
classes = np.array(["bird", "cat", "dog"])
y = classes[rng.integers(0, 3, n)]
multi = {"labels": y.tolist(), "versions": []}
for noise in (0.3, 0.55):
    pred = y.copy()
    mask = rng.uniform(0, 1, n) < noise
    pred[mask] = classes[rng.integers(0, 3, int(mask.sum()))]
    m, labels, cm = class_metrics(y.tolist(), pred.tolist())
    multi["versions"].append({"pred": pred.tolist(), "metrics": m, "confusion": cm})
multi["classes"] = labels
right = [np.asarray(v["pred"]) == y for v in multi["versions"]]
multi["mcnemar"] = {"0-1": mcnemar(right[0], right[1])}
cases["multiclass"] = multi

# regression
n = 400
y = rng.normal(50, 12, n)
y[:3] = [0.0, 1e-3, -5.0]  # MAPE's eps guard and a negative target
reg = {"labels": y.tolist(), "versions": []}
for sd in (3.0, 6.0):
    p = y + rng.normal(0, sd, n)
    reg["versions"].append({"pred": p.tolist(), "metrics": regression(y, p)})
cases["regression"] = reg


# multiclass with one probability column per class; appended last so the cases above keep their random draws


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def normalise_rows(P):
    P = P.copy()
    s = P[:, 0].copy()
    for c in range(1, P.shape[1]):
        s = s + P[:, c]  # left to right, as the console sums a row
    assert np.all(s > 0)
    fix = np.abs(s - 1) > np.sqrt(EPS)
    P[fix] = P[fix] / s[fix][:, None]
    return P, int(fix.sum())


def ovr_auc(y01, s):
    P = float(y01.sum())
    N = float(len(y01) - P)
    r = stats.rankdata(s)
    return float((r[y01 == 1].sum() - P * (P + 1) / 2) / (P * N))


def proba_metrics(yi, P):
    k = P.shape[1]
    aucs = np.array([ovr_auc((yi == c).astype(float), P[:, c]) for c in range(k)])
    prev = np.array([np.mean(yi == c) for c in range(k)])
    aps = np.array([average_precision((yi == c).astype(float), P[:, c]) for c in range(k)])
    p_true = np.clip(P[np.arange(len(yi)), yi], EPS, 1 - EPS)
    return {
        "roc_auc_ovr_macro": float(aucs.mean()), "roc_auc_ovr_weighted": float(np.sum(aucs * prev) / prev.sum()),
        "average_precision_ovr_macro": float(aps.mean()), "log_loss": float(-np.mean(np.log(p_true))),
    }


def mulberry32(seed):
    M = 0xFFFFFFFF
    a = seed & M

    def imul(x, y):
        return (x * y) & M

    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & M
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t = t ^ ((t + imul(t ^ (t >> 7), t | 61)) & M)
        return ((t ^ (t >> 14)) & M) / 4294967296

    return nxt


def bootstrap_ci(n, seed, resamples, confidence, fns):
    rand = mulberry32(seed)
    samples = [dict() for _ in fns]
    for _ in range(resamples):
        idx = np.array([int(np.floor(rand() * n)) for _ in range(n)])
        for v, fn in enumerate(fns):
            for key, val in fn(idx).items():
                samples[v].setdefault(key, []).append(val)
    alpha = (1 - confidence) * 100
    return [{key: [float(np.percentile(vals, alpha / 2)), float(np.percentile(vals, 100 - alpha / 2))] for key, vals in s.items()} for s in samples]


n = 360
classes = np.array(["cat", "dog", "fox", "owl"])
yi = rng.choice(4, n, p=[0.4, 0.3, 0.2, 0.1])
onehot = np.eye(4)[yi]
P1 = np.round(softmax(2.0 * onehot + rng.normal(0, 1, (n, 4))), 2)  # ties; rounded rows sum to 0.99..1.01
P2 = softmax(1.0 * onehot + rng.normal(0, 1.2, (n, 4)))  # full precision, rows sum to 1
P3 = softmax(1.5 * onehot + rng.normal(0, 1, (n, 4)))
P3[np.arange(n), P3.argmin(axis=1)] = 0.0
zero_true = rng.choice(n, 4, replace=False)
P3[zero_true, yi[zero_true]] = 0.0  # the true class at probability 0: clipped in the log loss
P3 = np.round(P3, 3)
flip = rng.uniform(0, 1, n) < 0.15
mproba = {"labels": classes[yi].tolist(), "classes": classes.tolist(), "resamples": 200, "seed": 7, "confidence": 0.95, "versions": []}
fns = []
for P, own_label in ((P1, "argmax"), (P2, "noisy"), (P3, None)):
    Pn, changed = normalise_rows(P)
    top = Pn.argmax(axis=1)
    pred_i = top.copy()
    if own_label == "noisy":
        pred_i[flip] = rng.integers(0, 4, int(flip.sum()))
    pred = classes[pred_i]
    m, labels, cm = class_metrics(classes[yi].tolist(), pred.tolist())
    assert labels == classes.tolist()
    m.update(proba_metrics(yi, Pn))
    mproba["versions"].append({
        "proba": P.tolist(), "pred": pred.tolist() if own_label else None, "normalisedRows": changed, "metrics": m, "confusion": cm,
        "calibration": calibration((top == yi).astype(float), Pn.max(axis=1), 10),
    })

    def fn(idx, Pn=Pn, pred=pred):
        out, _, _ = class_metrics(classes[yi[idx]].tolist(), pred[idx].tolist())
        out.update(proba_metrics(yi[idx], Pn[idx]))
        return out

    fns.append(fn)
for v, ci in zip(mproba["versions"], bootstrap_ci(n, mproba["seed"], mproba["resamples"], mproba["confidence"], fns)):
    v["ci"] = ci
cases["multiclass_proba"] = mproba

out = os.path.join(os.path.dirname(__file__), "../../src/main/services/models/__fixtures__/eval-reference.json")
with open(out, "w") as f:
    json.dump({"generator": "scripts/reference/models_eval_reference.py", "numpy": np.__version__, "cases": cases}, f, indent=None, separators=(",", ":"))
print("wrote", os.path.normpath(out))
