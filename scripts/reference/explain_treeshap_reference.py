#!/usr/bin/python3
"""Reference values for the Explain area's exact TreeSHAP (run with Debian's /usr/bin/python3: numpy + xgboost 1.7).

For every model it writes src/main/services/explain/__fixtures__/treeshap/<name>.expected.json with rows, margins and
SHAP values computed two independent ways:
- brute force, re-implemented here from the definitions with its own JSON tree readers (XGBoost: x < t on float32,
  missing to the default child, listed categories right and any other category left; LightGBM dump_model: x <= t, missing_type None/Zero/NaN,
  "1||3" categories left):
    path-dependent  v(S) = E[f(x) | x_S], each split on a feature outside S weighted by cover(child) / cover(node);
    interventional  v(S) = mean over background rows r of f(x_S, r_not_S);
    phi_i = sum over S without i of |S|! (M-|S|-1)! / M! (v(S+i) - v(S)), every subset enumerated. The game is
    additive over trees, so the enumeration runs per tree over that tree's own features (2^k subsets, k <= 16);
    interaction values: the Shapley interaction index halved, main effects on the diagonal (M <= 10);
- XGBoost's own Booster.predict(pred_contribs=True) and pred_interactions=True (float32, C++), for XGBoost models.
The script asserts that both agree (and local accuracy) before writing. Models: the shared samples in
../shared/data/treemodels/ (read in place) and models trained here, written as <name>.model.json beside the fixtures.
Run: /usr/bin/python3 scripts/reference/explain_treeshap_reference.py
"""
import json
import math
import os
import sys

import numpy as np
import xgboost as xgb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "src/main/services/explain/__fixtures__/treeshap")
SHARED = os.path.join(ROOT, "..", "shared", "data", "treemodels")
rng = np.random.default_rng(20260515)
ZERO = 1e-35


# ---------- trees: (left, right, feature, leaf value, cover, route(node, value) -> child)

class Tree:
    def __init__(self, left, right, feature, value, cover, route, group):
        self.left, self.right, self.feature, self.value, self.cover = left, right, feature, value, cover
        self.route, self.group = route, group

    def frac(self, parent, child):
        w = self.cover[parent]
        if w > 0:
            return self.cover[child] / w
        s = self.cover[self.left[parent]] + self.cover[self.right[parent]]
        return self.cover[child] / s if s > 0 else 0.5

    def features(self):
        return sorted({self.feature[i] for i in range(len(self.left)) if self.left[i] >= 0})

    def leaf_paths(self):
        """[(leaf, [(node, child), ...])] root to leaf."""
        out, stack = [], [(0, [])]
        while stack:
            n, path = stack.pop()
            if self.left[n] < 0:
                out.append((n, path))
            else:
                stack.append((self.left[n], path + [(n, self.left[n])]))
                stack.append((self.right[n], path + [(n, self.right[n])]))
        return out

    def predict(self, x):
        n = 0
        while self.left[n] >= 0:
            n = self.route(n, x[self.feature[n]])
        return self.value[n]


def xgb_trees(doc):
    learner = doc["learner"]
    gb = learner["gradient_booster"]
    weights = None
    if gb["name"] == "dart":
        weights = gb["weight_drop"]
        model = gb["gbtree"]["model"]
    else:
        model = gb["model"]
    trees = []
    for i, t in enumerate(model["trees"]):
        left, right = t["left_children"], t["right_children"]
        feat, cond, dflt = t["split_indices"], t["split_conditions"], t["default_left"]
        stype = t.get("split_type", [0] * len(left))
        cats = {}
        for k, node in enumerate(t.get("categories_nodes", [])):
            s, z = t["categories_segments"][k], t["categories_sizes"][k]
            cats[node] = set(t["categories"][s:s + z])
        w = weights[i] if weights else 1.0

        def route(n, v, left=left, right=right, cond=cond, dflt=dflt, stype=stype, cats=cats):
            if v is None or math.isnan(v):
                return left[n] if dflt[n] else right[n]
            v = float(np.float32(v))
            if stype[n] == 1:  # as XGBoost 1.7 predicts: listed categories right, any other value left
                return right[n] if int(v) in cats[n] else left[n]
            return left[n] if np.float32(v) < np.float32(cond[n]) else right[n]

        value = [cond[j] * w if left[j] == -1 else 0.0 for j in range(len(left))]
        trees.append(Tree(left, right, feat, value, t["sum_hessian"], route, model["tree_info"][i]))
    mp = learner["learner_model_param"]
    objective = learner["objective"]["name"]
    bs = [float(s) for s in str(mp["base_score"]).strip("[]").split(",")]
    if objective in ("binary:logistic", "reg:logistic", "binary:logitraw"):
        bs = [math.log(b / (1 - b)) for b in bs]
    outputs = max(1, int(mp.get("num_class", 0)))
    base = [bs[0] if len(bs) == 1 else bs[k] for k in range(outputs)]
    return trees, base, int(mp["num_feature"]), outputs


def lgb_trees(doc):
    trees = []
    per_iter = int(doc.get("num_tree_per_iteration", 1))
    for i, info in enumerate(doc["tree_info"]):
        left, right, feat, value, cover, nodes = [], [], [], [], [], []

        def visit(n):
            j = len(nodes)
            nodes.append(n)
            left.append(-1), right.append(-1), feat.append(0), value.append(0.0)
            cover.append(float(n.get("internal_count", n.get("leaf_count", 0))))
            if "split_feature" in n:
                feat[j] = n["split_feature"]
                left[j] = visit(n["left_child"])
                right[j] = visit(n["right_child"])
            else:
                value[j] = float(n["leaf_value"])
            return j

        visit(info["tree_structure"])

        def route(j, v, nodes=nodes, left=left, right=right):
            n = nodes[j]
            if n["decision_type"] == "==":
                if v is None or math.isnan(v) or int(v) < 0:
                    return right[j]
                return left[j] if int(v) in {int(c) for c in str(n["threshold"]).split("||")} else right[j]
            mt = n["missing_type"]
            if (v is None or math.isnan(v)) and mt != "NaN":
                v = 0.0
            if (mt == "Zero" and abs(v) <= ZERO) or (mt == "NaN" and math.isnan(v)):
                return left[j] if n["default_left"] else right[j]
            return left[j] if v <= n["threshold"] else right[j]

        trees.append(Tree(left, right, feat, value, cover, route, int(info.get("tree_index", i)) % per_iter))
    return trees, [0.0] * per_iter, int(doc["max_feature_idx"]) + 1, per_iter


# ---------- brute force

def shapley_weights(k):
    return [math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) for s in range(k)]


def tree_game(tree, x, feats, background=None):
    """v(S) for every subset S of feats (bit p of the mask = feats[p]), path-dependent or interventional."""
    k = len(feats)
    pos = {f: p for p, f in enumerate(feats)}
    masks = np.arange(1 << k)
    bits = ((masks[:, None] >> np.arange(k)[None, :]) & 1).astype(bool)
    v = np.zeros(1 << k)
    for leaf, path in tree.leaf_paths():
        if background is None:
            w = np.ones(1 << k)
            for node, child in path:
                f = tree.feature[node]
                ind = 1.0 if tree.route(node, x[f]) == child else 0.0
                w *= np.where(bits[:, pos[f]], ind, tree.frac(node, child))
            v += tree.value[leaf] * w
        else:
            for r in background:
                w = np.ones(1 << k, dtype=bool)
                for node, child in path:
                    f = tree.feature[node]
                    w &= np.where(bits[:, pos[f]], tree.route(node, x[f]) == child, tree.route(node, r[f]) == child)
                v += tree.value[leaf] * w / len(background)
    return v


def shapley_from_game(v, k):
    w = shapley_weights(k)
    sizes = np.array([bin(m).count("1") for m in range(1 << k)])
    phi = np.zeros(k)
    for p in range(k):
        without = np.array([m for m in range(1 << k) if not m >> p & 1])
        phi[p] = np.sum(np.array([w[s] for s in sizes[without]]) * (v[without | (1 << p)] - v[without]))
    return phi


def brute_force(trees, outputs, M, x, background=None):
    phi = np.zeros((outputs, M))
    for t in trees:
        feats = t.features()
        if not feats:
            continue
        if len(feats) > 16:
            raise SystemExit(f"a tree with {len(feats)} features is too large for brute force")
        phi[t.group, feats] += shapley_from_game(tree_game(t, x, feats, background), len(feats))
    return phi


def brute_force_interactions(trees, outputs, M, x):
    feats = sorted({f for t in trees for f in t.features()})
    k = len(feats)
    assert k <= 10, "interactions by brute force only for M <= 10"
    out = np.zeros((outputs, M, M))
    for g in range(outputs):
        v = np.zeros(1 << k)
        for t in trees:
            if t.group != g or not t.features():
                continue
            tf = t.features()
            sub = tree_game(t, x, tf)
            idx = [feats.index(f) for f in tf]
            for m in range(1 << k):
                v[m] += sub[sum(1 << q for q, p in enumerate(idx) if m >> p & 1)]
        sizes = [bin(m).count("1") for m in range(1 << k)]
        for a in range(k):
            for b in range(k):
                if a == b:
                    continue
                tot = 0.0
                for m in range(1 << k):
                    if m >> a & 1 or m >> b & 1:
                        continue
                    s = sizes[m]
                    w = math.factorial(s) * math.factorial(k - s - 2) / (2 * math.factorial(k - 1))
                    tot += w * (v[m | 1 << a | 1 << b] - v[m | 1 << a] - v[m | 1 << b] + v[m])
                out[g, feats[a], feats[b]] = tot
        phi = shapley_from_game(v, k)
        for a in range(k):
            out[g, feats[a], feats[a]] = phi[a] - sum(out[g, feats[a], feats[b]] for b in range(k) if b != a)
    return out


def expected_value(trees, base, outputs):
    def exp(t, n):
        if t.left[n] < 0:
            return t.value[n]
        return t.frac(n, t.left[n]) * exp(t, t.left[n]) + t.frac(n, t.right[n]) * exp(t, t.right[n])

    e = list(base)
    for t in trees:
        e[t.group] += exp(t, 0)
    return e


def margins(trees, base, outputs, x):
    out = list(base)
    for t in trees:
        out[t.group] += t.predict(x)
    return out


# ---------- fixtures

def clean(a):
    if isinstance(a, np.ndarray):
        a = a.tolist()
    if isinstance(a, list):
        return [clean(v) for v in a]
    if isinstance(a, float) and math.isnan(a):
        return None
    return a


def write_fixture(name, model_path, kind, rows, background=None, feature_types=None, interactions=False):
    with open(model_path) as fh:
        doc = json.load(fh)
    trees, base, M, K = xgb_trees(doc) if kind == "xgboost" else lgb_trees(doc)
    phis, margin_rows = [], []
    E = expected_value(trees, base, K)
    worst_local = 0.0
    for x in rows:
        phi = brute_force(trees, K, M, x)
        f = margins(trees, base, K, x)
        worst_local = max(worst_local, max(abs(E[k] + phi[k].sum() - f[k]) for k in range(K)))
        phis.append(phi)
        margin_rows.append(f)
    assert worst_local < 1e-9, f"{name}: brute force breaks local accuracy by {worst_local}"
    fx = {
        "model": os.path.relpath(model_path, ROOT),
        "format": kind,
        "rows": clean(np.array(rows)),
        "margin": margin_rows,
        "expectedValue": E,
        "bruteForce": [p.tolist() for p in phis],
    }
    if background is not None:
        mean = np.mean([margins(trees, base, K, r) for r in background], axis=0)
        fx["background"] = clean(np.array(background))
        fx["interventional"] = [brute_force(trees, K, M, x, background).tolist() for x in rows]
        fx["backgroundMean"] = mean.tolist()
        for x, phi, f in zip(rows, fx["interventional"], margin_rows):
            assert max(abs(mean[k] + sum(phi[k]) - f[k]) for k in range(K)) < 1e-9
    if interactions:
        fx["interactions"] = [brute_force_interactions(trees, K, M, x).tolist() for x in rows]
    if kind == "xgboost":
        booster = xgb.Booster(model_file=model_path)
        booster.set_param({"nthread": 1})
        X = np.array(rows, dtype=np.float32)
        d = xgb.DMatrix(X, feature_names=booster.feature_names, feature_types=feature_types, enable_categorical=feature_types is not None, missing=np.nan)
        margin = booster.predict(d, output_margin=True)
        contribs = booster.predict(d, pred_contribs=True)
        if K == 1:
            contribs = contribs[:, None, :]
            margin = margin[:, None]
        fx["xgboost"] = {
            "version": xgb.__version__,
            "margin": margin.tolist(),
            "predContribs": contribs.tolist(),
        }
        worst = np.max(np.abs(contribs[:, :, :M] - np.array(phis)))
        worst_m = np.max(np.abs(margin - np.array(margin_rows)))
        scale = max(1.0, float(np.max(np.abs(np.array(phis)))))
        assert worst_m < 1e-4 * scale, f"{name}: XGBoost margins differ from the reference routing by {worst_m}"
        assert worst < 1e-4 * scale, f"{name}: pred_contribs differs from brute force by {worst}"
        assert np.max(np.abs(contribs[:, :, M] - np.array(E)[None, :])) < 1e-4 * scale, f"{name}: bias column differs from E[f]"
        if interactions:
            inter = booster.predict(d, pred_interactions=True)
            if K == 1:
                inter = inter[:, None, :, :]
            fx["xgboost"]["predInteractions"] = inter[:, :, :M, :M].tolist()
            worst_i = np.max(np.abs(inter[:, :, :M, :M] - np.array(fx["interactions"])))
            assert worst_i < 1e-4 * scale, f"{name}: pred_interactions differs from brute force by {worst_i}"
            print(f"  pred_interactions vs brute force: max |diff| {worst_i:.2e}")
        print(f"  pred_contribs vs brute force: max |diff| {worst:.2e}; margins {worst_m:.2e}")
    with open(os.path.join(OUT, f"{name}.expected.json"), "w") as fh:
        json.dump(fx, fh, separators=(",", ":"))
    print(f"{name}: {len(rows)} rows, {M} features, {K} output(s), {len(trees)} trees; local accuracy {worst_local:.1e}")


def with_missing(X, share=0.1):
    X = X.copy()
    X[rng.random(X.shape) < share] = np.nan
    return X


def train(name, params, X, y, rounds, feature_types=None):
    d = xgb.DMatrix(X, label=y, feature_types=feature_types, enable_categorical=feature_types is not None, missing=np.nan)
    booster = xgb.train({"nthread": 1, "seed": 7, **params}, d, rounds)
    path = os.path.join(OUT, f"{name}.model.json")
    booster.save_model(path)
    return path


def generated():
    n = 400
    X = rng.normal(size=(n, 6))
    y = X[:, 0] * 2 + np.sin(X[:, 1] * 2) + X[:, 2] * X[:, 3] + 0.1 * rng.normal(size=n)
    X = with_missing(X)
    p = train("xgb_regression", {"objective": "reg:squarederror", "max_depth": 4, "eta": 0.3, "base_score": 0.5}, X, y, 25)
    write_fixture("xgb_regression", p, "xgboost", with_missing(rng.normal(size=(20, 6))).tolist(), with_missing(rng.normal(size=(25, 6))).tolist(), interactions=True)

    X = rng.normal(size=(n, 8))
    y = (X[:, 0] + X[:, 1] * X[:, 2] - X[:, 4] + 0.5 * rng.normal(size=n) > 0.3).astype(float)
    p = train("xgb_binary", {"objective": "binary:logistic", "max_depth": 5, "eta": 0.3, "base_score": 0.3}, with_missing(X), y, 30)
    write_fixture("xgb_binary", p, "xgboost", with_missing(rng.normal(size=(20, 8))).tolist(), with_missing(rng.normal(size=(25, 8))).tolist())

    X = rng.normal(size=(n, 5))
    y = np.argmax(np.stack([X[:, 0], X[:, 1] - X[:, 2], 0.5 * X[:, 3]]) + 0.3 * rng.normal(size=(3, n)), axis=0).astype(float)
    p = train("xgb_multiclass", {"objective": "multi:softprob", "num_class": 3, "max_depth": 3, "eta": 0.4}, with_missing(X), y, 8)
    write_fixture("xgb_multiclass", p, "xgboost", with_missing(rng.normal(size=(15, 5))).tolist(), with_missing(rng.normal(size=(20, 5))).tolist(), interactions=True)

    X = np.column_stack([rng.integers(0, 6, n), rng.normal(size=n), rng.integers(0, 5, n), rng.normal(size=n)]).astype(float)
    y = np.where(np.isin(X[:, 0], [1, 4]), 2.0, -1.0) + X[:, 1] + np.where(X[:, 2] == 3, 1.5, 0) + 0.2 * rng.normal(size=n)
    types = ["c", "q", "c", "q"]
    p = train("xgb_categorical", {"objective": "reg:squarederror", "tree_method": "hist", "max_cat_to_onehot": 1, "max_depth": 4, "eta": 0.3}, with_missing(X, 0.05), y, 15, types)
    R = np.column_stack([rng.integers(0, 7, 20), rng.normal(size=20), rng.integers(0, 6, 20), rng.normal(size=20)]).astype(float)
    R[3, 0] = 40  # beyond any category seen: the default branch
    R = with_missing(R, 0.08)
    B = np.column_stack([rng.integers(0, 6, 25), rng.normal(size=25), rng.integers(0, 5, 25), rng.normal(size=25)]).astype(float)
    write_fixture("xgb_categorical", p, "xgboost", R.tolist(), B.tolist(), feature_types=types, interactions=True)

    X = rng.normal(size=(n, 5))
    y = X[:, 0] - 2 * X[:, 1] * (X[:, 2] > 0) + 0.2 * rng.normal(size=n)
    p = train("xgb_dart", {"booster": "dart", "objective": "reg:squarederror", "max_depth": 3, "eta": 0.3, "rate_drop": 0.3, "base_score": 0.2}, X, y, 10)
    write_fixture("xgb_dart", p, "xgboost", with_missing(rng.normal(size=(15, 5))).tolist(), rng.normal(size=(20, 5)).tolist())


def lgb_rows(doc, n, missing=0.08):
    """Values around each feature's thresholds (and the listed categories), some missing."""
    M = int(doc["max_feature_idx"]) + 1
    thr = {j: [] for j in range(M)}
    cats = {j: set() for j in range(M)}

    def walk(node):
        if "split_feature" in node:
            j = node["split_feature"]
            if node["decision_type"] == "==":
                cats[j].update(int(c) for c in str(node["threshold"]).split("||"))
            else:
                thr[j].append(float(node["threshold"]))
            walk(node["left_child"])
            walk(node["right_child"])

    for info in doc["tree_info"]:
        walk(info["tree_structure"])
    rows = np.zeros((n, M))
    for j in range(M):
        if cats[j]:
            pool = sorted(cats[j] | {0, 2, 5, -1})
            rows[:, j] = rng.choice(pool, n)
        elif thr[j]:
            t = np.array(thr[j])
            rows[:, j] = rng.choice(t, n) + rng.normal(size=n) * (np.std(t) + 0.05 * (abs(t.mean()) + 1e-3))
        else:
            rows[:, j] = rng.normal(size=n)
    rows[rng.random(rows.shape) < missing] = np.nan
    rows[0, :] = 0.0  # exact zeros
    return rows.tolist()


def shared():
    if not os.path.isdir(SHARED):
        print(f"no shared samples at {SHARED}: skipped")
        return
    x = os.path.join(SHARED, "xgboost")
    R = rng.integers(0, 5, size=(20, 2)).astype(float)
    R[2, 0], R[5, 1] = np.nan, np.nan
    R[7, 0] = 40
    write_fixture("shared_xgb_toy_categorical", os.path.join(x, "xgb_toy_categorical_model.json"), "xgboost", R.tolist(), R[::-1].tolist(), feature_types=["c", "c"], interactions=True)
    A = (rng.random((20, 127)) < 0.2).astype(float)
    A[rng.random(A.shape) < 0.1] = np.nan
    write_fixture("shared_xgagaricus", os.path.join(x, "xgagaricus.json"), "xgboost", A.tolist(), A[5:].tolist())
    l = os.path.join(SHARED, "lightgbm")
    for name in ["lg_1tree", "lg_1tree_1leaf", "lg_dart_breast_cancer"]:
        path = os.path.join(l, f"{name}.json")
        with open(path) as fh:
            doc = json.load(fh)
        rows = lgb_rows(doc, 12 if name == "lg_dart_breast_cancer" else 20)
        background = lgb_rows(doc, 10) if name != "lg_dart_breast_cancer" else None
        write_fixture(f"shared_{name}", path, "lightgbm", rows, background, interactions=name == "lg_1tree")


def churn():
    """Two versions of a churn model on named features (tests, e2e, the guide's screenshots): v2 was trained on
    outcomes where support calls matter far more and the bill less, so its attributions differ from v1's."""
    n = 2000
    age = rng.integers(18, 80, n).astype(float)
    tenure = rng.exponential(24, n).round(1)
    charges = rng.normal(70, 25, n).clip(10, 150).round(2)
    calls = rng.poisson(1.5, n).astype(float)
    plan = rng.integers(0, 3, n).astype(float)  # 0 basic, 1 pro, 2 team
    usage = rng.gamma(2.0, 10.0, n).round(1)
    usage[rng.random(n) < 0.05] = np.nan
    z = -1.0 + 0.035 * (charges - 70) - 0.04 * tenure + 0.45 * calls - 0.6 * (plan == 2) - 0.01 * (age - 45) - 0.02 * np.nan_to_num(usage, nan=20)
    # v2's world: support calls weigh far more (above all early in a contract), the bill and the plan much less
    z2 = -1.0 + 0.012 * (charges - 70) - 0.04 * tenure + 0.9 * calls + 0.5 * calls * (tenure < 12) - 0.1 * (plan == 2) - 0.01 * (age - 45) - 0.02 * np.nan_to_num(usage, nan=20)
    cols = ["age", "tenure_months", "monthly_charges", "support_calls", "plan", "usage_gb"]
    X = np.column_stack([age, tenure, charges, calls, plan, usage])
    y1 = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(float)
    y2 = (rng.random(n) < 1 / (1 + np.exp(-z2))).astype(float)
    with open(os.path.join(OUT, "churn_data.csv"), "w") as fh:
        fh.write(",".join(["customer_id"] + cols + ["churned"]) + "\n")
        for i in range(n):
            cells = [str(1000 + i)] + ["" if math.isnan(v) else f"{v:g}" for v in X[i]] + [str(int(y1[i]))]
            fh.write(",".join(cells) + "\n")
    for name, y, params, rounds in [
        ("churn_v1", y1, {"max_depth": 3, "eta": 0.2}, 60),
        ("churn_v2", y2, {"max_depth": 4, "eta": 0.15, "subsample": 0.9}, 80),
    ]:
        d = xgb.DMatrix(X, label=y, feature_names=cols, missing=np.nan)
        booster = xgb.train({"nthread": 1, "seed": 7, "objective": "binary:logistic", **params}, d, rounds)
        path = os.path.join(OUT, f"{name}.model.json")
        booster.save_model(path)
        write_fixture(name, path, "xgboost", X[:12].tolist())


def ks_reference():
    """The attribution drift check's two-sample KS test: statistic from scipy.stats.ks_2samp, p-value from the limiting
    Kolmogorov distribution kstwobign.sf(sqrt(n m / (n + m)) D)."""
    from scipy import stats
    cases = []
    for n, m, shift, ties in [(50, 60, 0.0, False), (200, 180, 0.3, False), (1000, 1000, 0.05, False), (40, 40, 0.0, True), (500, 300, 1.0, False), (7, 9, 0.4, False)]:
        a = rng.normal(size=n)
        b = rng.normal(loc=shift, size=m)
        if ties:
            a, b = np.round(a, 1), np.round(b, 1)
        d = stats.ks_2samp(a, b).statistic
        en = n * m / (n + m)
        cases.append({"a": a.tolist(), "b": b.tolist(), "statistic": float(d), "pValue": float(stats.kstwobign.sf(math.sqrt(en) * d))})
    xs = [0.05, 0.3, 0.6, 0.9, 1.0, 1.17, 1.19, 1.5, 2.0, 3.0]
    with open(os.path.join(OUT, "ks.expected.json"), "w") as fh:
        json.dump({"cases": cases, "kolmogorovSf": [[x, float(stats.kstwobign.sf(x))] for x in xs]}, fh, separators=(",", ":"))
    print(f"ks: {len(cases)} cases")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    print(f"xgboost {xgb.__version__}, numpy {np.__version__}")
    generated()
    shared()
    churn()
    ks_reference()
    sys.exit(0)
