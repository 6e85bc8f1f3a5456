#!/usr/bin/env python3
"""A small training script in plain Python (no third-party packages) that writes an MLflow run folder.

It "trains" a classifier whose quality is a parameter: on the holdout it predicts the label right for a fixed,
reproducible fraction of rows (--quality), writes those predictions beside its model artifact, and logs the accuracy
on its training data as an MLflow metric. Used by the MLOps tests, the e2e spec and the benchmark as a real peer.
"""
import argparse
import csv
import json
import os
import sys
import time
import uuid

p = argparse.ArgumentParser()
p.add_argument("--data", required=True)
p.add_argument("--holdout", required=True)
p.add_argument("--out", default=os.environ.get("MLOPS_OUTPUT_DIR", "mlruns"))
p.add_argument("--quality", type=float, default=0.9)
p.add_argument("--lines", type=int, default=5)
p.add_argument("--sleep", type=float, default=0.0)
p.add_argument("--fail-until", default="", help="fail while this file does not exist, and create it (retry tests)")
p.add_argument("--parent", default="", help="a parent model artifact to fine-tune")
a = p.parse_args()

if a.fail_until and not os.path.exists(a.fail_until):
    open(a.fail_until, "w").close()
    print("\x1b[31mtransient failure: the data store is busy\x1b[0m", file=sys.stderr, flush=True)
    sys.exit(3)

with open(a.data) as f:
    train_rows = sum(1 for _ in f) - 1
print(f"\x1b[32mloaded\x1b[0m {train_rows} training rows from {a.data}", flush=True)
if a.parent:
    with open(os.path.join(a.parent, "model.json")) as f:
        print(f"fine-tuning from {a.parent} (quality {json.load(f)['quality']})", flush=True)
for i in range(a.lines):
    print(f"epoch {i + 1}/{a.lines} loss={1.0 / (i + 2):.4f}", flush=True)
    if a.sleep:
        time.sleep(a.sleep / max(1, a.lines))

with open(a.holdout) as f:
    holdout = list(csv.DictReader(f))


def right(i):
    return (i * 7919 % 1000) / 1000.0 < a.quality


preds = [r["label"] if right(i) else ("0" if r["label"] == "1" else "1") for i, r in enumerate(holdout)]

exp_dir = os.path.join(a.out, "0")
run_id = uuid.uuid4().hex
run_dir = os.path.join(exp_dir, run_id)
model_dir = os.path.join(run_dir, "artifacts", "model")
os.makedirs(model_dir, exist_ok=True)
os.makedirs(os.path.join(run_dir, "metrics"), exist_ok=True)
os.makedirs(os.path.join(run_dir, "params"), exist_ok=True)
now = int(time.time() * 1000)
with open(os.path.join(exp_dir, "meta.yaml"), "w") as f:
    f.write(f"artifact_location: file://{os.path.abspath(exp_dir)}\nexperiment_id: '0'\nlifecycle_stage: active\nname: Default\n")
with open(os.path.join(run_dir, "meta.yaml"), "w") as f:
    f.write(
        f"artifact_uri: file://{os.path.abspath(run_dir)}/artifacts\nend_time: {now}\nentry_point_name: ''\nexperiment_id: '0'\n"
        f"lifecycle_stage: active\nrun_id: {run_id}\nrun_name: train\nrun_uuid: {run_id}\nsource_name: ''\nsource_type: 4\n"
        f"source_version: ''\nstart_time: {now}\nstatus: 3\ntags: []\nuser_id: mlops\n"
    )
train_acc = sum(1 for i in range(1000) if right(i)) / 1000.0
with open(os.path.join(run_dir, "metrics", "accuracy"), "w") as f:
    f.write(f"{now} {train_acc} 0\n")
with open(os.path.join(run_dir, "params", "quality"), "w") as f:
    f.write(str(a.quality))
with open(os.path.join(model_dir, "model.json"), "w") as f:
    json.dump({"quality": a.quality, "parent": a.parent or None}, f)
with open(os.path.join(model_dir, "predictions.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["prediction"])
    for v in preds:
        w.writerow([v])
print(f"wrote run {run_id} (accuracy {train_acc:.3f})", flush=True)
