"""Optuna storages for the optimisation area's tests, made by real Optuna (Debian's python3-optuna).

Run with /usr/bin/python3 scripts/reference/optimize_optuna_studies.py; writes into
src/main/services/optimize/__fixtures__/: optuna.db (RDB schema in SQLite), journal.log (journal file storage)
and expected.json (Optuna's own answers: counts per state, best trial, Pareto front, values, params).
"""
import json
import math
import os
import optuna

OUT = os.path.join(os.path.dirname(__file__), "../../src/main/services/optimize/__fixtures__")
os.makedirs(OUT, exist_ok=True)
DB = os.path.join(OUT, "optuna.db")
JOURNAL = os.path.join(OUT, "journal.log")
for f in (DB, JOURNAL):
    if os.path.exists(f):
        os.remove(f)
optuna.logging.set_verbosity(optuna.logging.WARNING)


def objective_pruned(trial):
    lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
    depth = trial.suggest_int("depth", 2, 10)
    booster = trial.suggest_categorical("booster", ["gbtree", "dart", "gblinear"])
    sub = trial.suggest_float("subsample", 0.5, 1.0, step=0.1)
    trial.set_user_attr("note", f"depth {depth}")
    if trial.number == 7:
        raise ValueError("diverged")  # a FAIL trial
    base = (math.log10(lr) + 2) ** 2 + 0.05 * (depth - 6) ** 2 + {"gbtree": 0, "dart": 0.1, "gblinear": 0.4}[booster] + (1 - sub)
    for step in range(20):
        v = base + 1.0 / (step + 1)
        trial.report(v, step)
        if trial.should_prune():
            raise optuna.TrialPruned()
    return base


def objective_multi(trial):
    x = trial.suggest_float("x", 0, 5)
    y = trial.suggest_float("y", 0, 3)
    if trial.number == 3:
        return float("inf"), 0.0  # an INF value
    return 4 * x * x + 4 * y * y, (x - 5) ** 2 + (y - 5) ** 2


def expected(study):
    trials = study.get_trials(deepcopy=False)
    states = {}
    for t in trials:
        states[t.state.name] = states.get(t.state.name, 0) + 1
    out = {
        "name": study.study_name,
        "directions": [d.name for d in study.directions],
        "trials": len(trials),
        "states": states,
        "params": {str(t.number): t.params for t in trials},
        "values": {str(t.number): [None if v is None else (v if math.isfinite(v) else str(v)) for v in (t.values or [])] for t in trials},
        "intermediate": sum(len(t.intermediate_values) for t in trials),
        "user_attrs": {str(t.number): t.user_attrs for t in trials if t.user_attrs},
    }
    if len(study.directions) == 1:
        out["best"] = {"number": study.best_trial.number, "value": study.best_value, "params": study.best_params}
    else:
        out["pareto"] = sorted(t.number for t in study.best_trials)
    return out


def build(storage, prefix):
    s1 = optuna.create_study(
        study_name=f"{prefix}xgb-tuning",
        storage=storage,
        direction="minimize",
        sampler=optuna.samplers.TPESampler(seed=1),
        pruner=optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=3),
    )
    s1.set_user_attr("dataset", "churn")
    s1.optimize(objective_pruned, n_trials=40, catch=(ValueError,))
    s1.enqueue_trial({"lr": 0.01, "depth": 6, "booster": "gbtree", "subsample": 1.0})
    s1.enqueue_trial({"lr": 0.02, "depth": 5, "booster": "dart", "subsample": 0.9})  # stays WAITING
    running = s1.ask()  # takes the first enqueued trial: RUNNING, never told
    running.suggest_float("lr", 1e-4, 1e-1, log=True)
    s2 = optuna.create_study(study_name=f"{prefix}pareto", storage=storage, directions=["minimize", "minimize"], sampler=optuna.samplers.NSGAIISampler(seed=2))
    s2.optimize(objective_multi, n_trials=30)
    s3 = optuna.create_study(study_name=f"{prefix}xgb-tuning-2", storage=storage, direction="minimize", sampler=optuna.samplers.RandomSampler(seed=3))
    s3.optimize(lambda t: objective_pruned(t) if t.number != 7 else 1.0, n_trials=25)
    return [expected(s) for s in (s1, s2, s3)]


rdb = build(f"sqlite:///{DB}", "")
journal = build(optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(JOURNAL)), "")
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump({"optuna": optuna.__version__, "rdb": rdb, "journal": journal}, f, indent=1, sort_keys=True)
print("wrote", DB, JOURNAL)
