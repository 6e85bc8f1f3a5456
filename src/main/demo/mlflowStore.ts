import fs from 'node:fs/promises'
import path from 'node:path'
import { yieldToLoop } from './files'
import { writeExperiment, writeModel, writeRun, type ModelSpec, type RunSpec } from './mlflowLayout'
import { Rng } from './random'

/**
 * The demo's MLflow file store: a churn classifier (a hyper-parameter sweep with learning curves, baselines, failed,
 * killed and deleted runs) and a demand forecaster, with a registry of versions in every stage and aliases.
 */

const DAY = 86_400_000
const USERS = ['maria.schmidt', 'dev.patel', 'li.wei', 'sam.okafor']
const r4 = (v: number): number => Math.round(v * 10_000) / 10_000

export interface DemoStore {
  root: string
  experiments: number
  /** runs written, the deleted one included */
  runs: number
  deletedRuns: number
  models: { name: string; versions: number }[]
}

interface Plan {
  experimentId: string
  runs: RunSpec[]
}

function baseTags(rng: Rng, source: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'mlflow.source.name': source,
    'mlflow.source.type': source.endsWith('.ipynb') ? 'NOTEBOOK' : 'LOCAL',
    'mlflow.source.git.commit': rng.hex(40),
    team: 'growth-ml',
    ...extra
  }
}

/** A boosting curve sampled every 10 rounds: validation AUC rises to `auc`, validation loss turns up when it overfits. */
function boostingCurves(rng: Rng, rounds: number, auc: number, overfit: number, stopAt = rounds) {
  const valAuc: { step: number; value: number }[] = []
  const valLoss: { step: number; value: number }[] = []
  const trainLoss: { step: number; value: number }[] = []
  const tau = rounds / 5
  for (let step = 0; step <= Math.min(rounds, stopAt); step += 10) {
    const progress = 1 - Math.exp(-step / tau)
    const late = Math.max(0, step - rounds * 0.45) / rounds
    valAuc.push({ step, value: r4(0.68 + (auc - 0.68) * progress - overfit * late * 0.04 + rng.normal(0, 0.0015)) })
    valLoss.push({ step, value: r4(0.62 - 0.27 * progress + overfit * late * 0.09 + rng.normal(0, 0.002)) })
    trainLoss.push({ step, value: r4(0.62 - (0.33 + 0.05 * overfit) * (1 - Math.exp(-step / (tau * 0.8))) + rng.normal(0, 0.0015)) })
  }
  return { val_auc: valAuc, val_logloss: valLoss, train_logloss: trainLoss }
}

/** Per-epoch curves of a neural network. */
function epochCurves(rng: Rng, epochs: number, final: number, stopAt = epochs, keys = ['train_loss', 'val_loss']) {
  const out: Record<string, { step: number; value: number }[]> = { [keys[0]!]: [], [keys[1]!]: [] }
  for (let e = 1; e <= Math.min(epochs, stopAt); e++) {
    const p = 1 - Math.exp(-e / (epochs / 4))
    out[keys[0]!]!.push({ step: e, value: r4(final * 2.4 - final * 1.55 * p + rng.normal(0, final * 0.02)) })
    out[keys[1]!]!.push({
      step: e,
      value: r4(final * 2.3 - final * 1.3 * p + Math.max(0, e - epochs * 0.7) * final * 0.004 + rng.normal(0, final * 0.03))
    })
  }
  return out
}

/** Classification scores that fit together around an AUC. */
function churnFinals(rng: Rng, auc: number): Record<string, { step: number; value: number }[]> {
  const acc = 0.79 + (auc - 0.8) * 0.9 + rng.normal(0, 0.003)
  const precision = 0.62 + (auc - 0.8) * 1.4 + rng.normal(0, 0.006)
  const recall = 0.55 + (auc - 0.8) * 1.1 + rng.normal(0, 0.008)
  const f1 = (2 * precision * recall) / (precision + recall)
  const one = (v: number) => [{ step: 0, value: r4(v) }]
  return {
    roc_auc: one(auc),
    pr_auc: one(0.58 + (auc - 0.8) * 1.6 + rng.normal(0, 0.004)),
    accuracy: one(acc),
    precision: one(precision),
    recall: one(recall),
    f1_score: one(f1),
    log_loss: one(0.43 - (auc - 0.8) * 1.2 + rng.normal(0, 0.003))
  }
}

function modelArtifacts(rng: Rng, runId: string, flavor: string, created: number, requirements: string[]): Record<string, string | Buffer> {
  const pickle = Buffer.alloc(6_000 + rng.int(0, 20_000))
  for (let i = 0; i < pickle.length; i++) pickle[i] = Math.floor(rng.next() * 256)
  return {
    'model/MLmodel': [
      'artifact_path: model',
      'flavors:',
      '  python_function:',
      `    loader_module: mlflow.${flavor}`,
      '    model_path: model.pkl',
      '    python_version: 3.11.9',
      `  ${flavor}:`,
      '    pickled_model: model.pkl',
      '    serialization_format: cloudpickle',
      'mlflow_version: 2.16.2',
      `model_size_bytes: ${pickle.length}`,
      `model_uuid: ${rng.hex(32)}`,
      `run_id: ${runId}`,
      `utc_time_created: '${new Date(created).toISOString().replace('T', ' ').replace('Z', '')}'`,
      ''
    ].join('\n'),
    'model/model.pkl': pickle,
    'model/requirements.txt': ['mlflow==2.16.2', ...requirements].join('\n') + '\n',
    'model/python_env.yaml': 'python: 3.11.9\nbuild_dependencies:\n- pip==24.2\ndependencies:\n- -r requirements.txt\n'
  }
}

interface ChurnRegistered {
  logreg: RunSpec
  forest: RunSpec
  best: RunSpec
  mlp: RunSpec
  lgbm: RunSpec
}

function churnRuns(rng: Rng, now: number, trainPath: string): { runs: RunSpec[]; registered: ChurnRegistered } {
  const runs: RunSpec[] = []
  let t = now - 60 * DAY
  const next = (minutes: number, gapHours: number): { start: number; end: number } => {
    t += gapHours * 3_600_000 * (0.8 + rng.next() * 0.4)
    const start = Math.round(t)
    return { start, end: Math.round(start + minutes * 60_000 * (0.8 + rng.next() * 0.4)) }
  }
  const common = { train_data_path: trainPath, valid_data_path: 's3://acme-ml/churn/valid/2025-q1.parquet', target: 'churned' }
  const add = (r: Omit<RunSpec, 'id' | 'user' | 'lifecycle' | 'artifacts'> & Partial<RunSpec>): RunSpec => {
    const run: RunSpec = { id: rng.hex(32), user: rng.pick(USERS), lifecycle: 'active', artifacts: {}, ...r }
    runs.push(run)
    return run
  }
  // baselines
  const logreg = [0.01, 0.1, 1, 10].map((C, i) =>
    add({
      name: `logreg-C${C}`,
      status: 3,
      ...next(2, 24),
      params: { ...common, model_type: 'logistic_regression', C: String(C), penalty: 'l2', class_weight: 'balanced' },
      tags: baseTags(rng, 'notebooks/churn_baseline.ipynb'),
      metrics: churnFinals(rng, [0.792, 0.806, 0.811, 0.809][i]!)
    })
  )
  const forest = add({
    name: 'random-forest-500',
    status: 3,
    ...next(14, 72),
    params: { ...common, model_type: 'random_forest', n_estimators: '500', max_depth: '12', min_samples_leaf: '20' },
    tags: baseTags(rng, 'train.py'),
    metrics: churnFinals(rng, 0.842)
  })
  // the XGBoost sweep
  const sweep: RunSpec[] = []
  for (const lr of [0.03, 0.05, 0.1]) {
    for (const depth of [4, 6, 8]) {
      const rounds = lr === 0.03 ? 800 : lr === 0.05 ? 500 : 300
      const auc = 0.872 - Math.abs(depth - 6) * 0.005 - Math.abs(lr - 0.05) * 0.08 + rng.normal(0, 0.0015)
      const overfit = depth === 8 ? 1 : depth === 6 ? 0.35 : 0.1
      sweep.push(
        add({
          name: `xgb-lr${lr}-d${depth}`,
          status: 3,
          ...next(6 + rounds / 60, 12),
          params: {
            ...common,
            model_type: 'xgboost',
            learning_rate: String(lr),
            max_depth: String(depth),
            n_estimators: String(rounds),
            subsample: '0.8',
            colsample_bytree: '0.8'
          },
          tags: baseTags(rng, 'train.py', { sweep: 'xgb-2025-04' }),
          metrics: { ...boostingCurves(rng, rounds, auc, overfit), ...churnFinals(rng, auc) }
        })
      )
    }
  }
  add({
    name: 'xgb-lr0.3-d10',
    status: 4,
    ...next(3, 3),
    params: { ...common, model_type: 'xgboost', learning_rate: '0.3', max_depth: '10', n_estimators: '1000', subsample: '1.0' },
    tags: baseTags(rng, 'train.py', { sweep: 'xgb-2025-04', 'mlflow.note.content': 'MemoryError while building histograms at round 140' }),
    metrics: boostingCurves(rng, 1000, 0.85, 1.5, 140)
  })
  const best = sweep.reduce((a, b) => (a.metrics.roc_auc![0]!.value >= b.metrics.roc_auc![0]!.value ? a : b))
  best.tags['mlflow.note.content'] = 'Best of the April sweep; promoted to production after the A/B test.'
  // neural networks
  const mlp = add({
    name: 'mlp-256x128-dropout0.2',
    status: 3,
    ...next(25, 240),
    params: {
      ...common,
      model_type: 'mlp',
      hidden_layers: '256,128',
      dropout: '0.2',
      epochs: '40',
      batch_size: '512',
      learning_rate: '0.001'
    },
    tags: baseTags(rng, 'train_nn.py'),
    metrics: { ...epochCurves(rng, 40, 0.36), ...churnFinals(rng, 0.874) }
  })
  add({
    name: 'mlp-512x256-nodropout',
    status: 5,
    ...next(9, 20),
    params: {
      ...common,
      model_type: 'mlp',
      hidden_layers: '512,256',
      dropout: '0.0',
      epochs: '60',
      batch_size: '256',
      learning_rate: '0.003'
    },
    tags: baseTags(rng, 'train_nn.py', { 'mlflow.note.content': 'Stopped by hand: validation loss diverging.' }),
    metrics: epochCurves(rng, 60, 0.42, 17)
  })
  add({
    name: 'mlp-debug',
    status: 4,
    lifecycle: 'deleted',
    ...next(1, 2),
    params: { ...common, model_type: 'mlp', hidden_layers: '8', epochs: '2' },
    tags: baseTags(rng, 'train_nn.py'),
    metrics: {}
  })
  add({
    name: 'lgbm-smoke-test',
    status: 4,
    ...next(0.5, 520),
    params: { ...common, model_type: 'lightgbm', n_estimators: '10' },
    tags: baseTags(rng, 'train.py', { 'mlflow.note.content': 'KeyError: support_tickets_30d (feature store snapshot missing the column)' }),
    metrics: {}
  })
  const lgbm = add({
    name: 'lgbm-leaves63-lr0.05',
    status: 3,
    ...next(9, 48),
    params: {
      ...common,
      train_data_path: 's3://acme-ml/churn/train/2025-q2.parquet',
      model_type: 'lightgbm',
      num_leaves: '63',
      learning_rate: '0.05',
      n_estimators: '600',
      feature_fraction: '0.8'
    },
    tags: baseTags(rng, 'train.py'),
    metrics: { ...boostingCurves(rng, 600, 0.8835, 0.3), ...churnFinals(rng, 0.8835) }
  })
  for (const r of [logreg[2]!, forest, best, mlp, lgbm]) {
    const flavor = r.params.model_type === 'xgboost' ? 'xgboost' : r.params.model_type === 'lightgbm' ? 'lightgbm' : 'sklearn'
    r.artifacts = modelArtifacts(rng, r.id, flavor, r.end, [
      `${flavor === 'sklearn' ? 'scikit-learn==1.5.2' : `${flavor}==2.1.1`}`,
      'pandas==2.2.3'
    ])
    r.tags['mlflow.log-model.history'] = JSON.stringify([{ run_id: r.id, artifact_path: 'model', flavors: { [flavor]: {} } }])
  }
  return { runs, registered: { logreg: logreg[2]!, forest, best, mlp, lgbm } }
}

function forecastRuns(rng: Rng, now: number): { runs: RunSpec[]; registered: RunSpec[] } {
  const runs: RunSpec[] = []
  let t = now - 48 * DAY
  const common = { horizon_days: '28', train_data_path: 's3://acme-ml/demand/daily_orders_2023_2025.parquet', target: 'orders' }
  const spec: [string, Record<string, string>, number, 'lgbm' | 'tft' | null][] = [
    ['seasonal-naive', { model_type: 'seasonal_naive', season_length: '7' }, 412, null],
    ['prophet-weekly-yearly', { model_type: 'prophet', changepoint_prior_scale: '0.05', seasonality_mode: 'multiplicative' }, 318, null],
    ['lgbm-lags28', { model_type: 'lightgbm', lags: '1,7,14,28', num_leaves: '31', n_estimators: '400' }, 271, 'lgbm'],
    [
      'lgbm-lags28-promo',
      { model_type: 'lightgbm', lags: '1,7,14,28', num_leaves: '63', n_estimators: '400', features: 'promo,holiday' },
      249,
      'lgbm'
    ],
    ['tft-hidden64', { model_type: 'temporal_fusion_transformer', hidden_size: '64', epochs: '30', learning_rate: '0.001' }, 238, 'tft'],
    ['tft-hidden128', { model_type: 'temporal_fusion_transformer', hidden_size: '128', epochs: '30', learning_rate: '0.001' }, 243, 'tft']
  ]
  for (const [name, params, rmse, curve] of spec) {
    t += DAY * (2 + rng.next() * 5)
    const start = Math.round(t)
    const minutes = curve === 'tft' ? 55 : curve === 'lgbm' ? 8 : 2
    const end = start + Math.round(minutes * 60_000 * (0.8 + rng.next() * 0.4))
    const one = (v: number) => [{ step: 0, value: r4(v) }]
    const metrics: RunSpec['metrics'] = {
      rmse: one(rmse + rng.normal(0, 3)),
      mae: one(rmse * 0.74 + rng.normal(0, 2)),
      mape: one(rmse / 2900 + rng.normal(0, 0.002)),
      r2: one(0.97 - (rmse - 230) / 1400)
    }
    if (curve === 'lgbm') {
      metrics.valid_rmse = []
      for (let s = 0; s <= 400; s += 10) metrics.valid_rmse.push({ step: s, value: r4(rmse + 900 * Math.exp(-s / 60) + rng.normal(0, 2)) })
    }
    if (curve === 'tft') Object.assign(metrics, epochCurves(rng, 30, rmse / 1000))
    runs.push({
      id: rng.hex(32),
      name,
      status: 3,
      lifecycle: 'active',
      start,
      end,
      user: rng.pick(USERS),
      params: { ...common, ...params },
      tags: { ...baseTags(rng, curve === 'tft' ? 'forecast/train_tft.py' : 'forecast/train.py'), team: 'supply-chain-ml' },
      metrics,
      artifacts: {}
    })
  }
  const registered = [runs[1]!, runs[3]!, runs[4]!]
  for (const r of registered) r.artifacts = modelArtifacts(rng, r.id, 'pyfunc', r.end, ['pandas==2.2.3'])
  return { runs, registered }
}

/** Writes the store into `root` (replacing what is there) and returns what it holds. */
export async function writeDemoStore(root: string, opts: { now: number; trainPath: string; seed?: string }): Promise<DemoStore> {
  const rng = new Rng(opts.seed ?? 'control-console demo mlruns')
  const now = opts.now
  await fs.rm(root, { recursive: true, force: true })
  await writeExperiment(root, { id: '0', name: 'Default', created: now - 90 * DAY, tags: {} })
  const churn = churnRuns(rng, now, opts.trainPath)
  const forecast = forecastRuns(rng, now)
  const plans: Plan[] = [
    { experimentId: rng.digits(18), runs: churn.runs },
    { experimentId: rng.digits(18), runs: forecast.runs }
  ]
  await writeExperiment(root, {
    id: plans[0]!.experimentId,
    name: 'churn-prediction',
    created: now - 64 * DAY,
    tags: { 'mlflow.note.content': 'Which subscribers cancel in the next 30 days. Owner: growth-ml.', team: 'growth-ml' }
  })
  await writeExperiment(root, {
    id: plans[1]!.experimentId,
    name: 'demand-forecast',
    created: now - 50 * DAY,
    tags: { 'mlflow.note.content': 'Daily orders per warehouse, 28 days ahead.', team: 'supply-chain-ml' }
  })
  const dirs = new Map<string, string>()
  for (const p of plans)
    for (const r of p.runs) {
      dirs.set(r.id, await writeRun(root, p.experimentId, r))
      await yieldToLoop()
    }
  const runDir = (id: string): string => dirs.get(id)!
  const c = churn.registered
  const v = (version: number, run: RunSpec, stage: 'None' | 'Staging' | 'Production' | 'Archived', days: number, description: string) => ({
    version,
    runId: run.id,
    artifactPath: 'model',
    stage,
    created: run.end + 3_600_000,
    updated: Math.min(now - DAY, run.end + days * DAY),
    description,
    tags: { framework: String(run.params.model_type), validated: stage === 'None' ? 'false' : 'true' }
  })
  const models: ModelSpec[] = [
    {
      name: 'churn-classifier',
      description: 'Probability that a subscriber cancels within 30 days; scored nightly for the retention campaigns.',
      created: c.logreg.end + 3_600_000,
      tags: { team: 'growth-ml', task: 'binary-classification', pii: 'none' },
      aliases: { champion: 3, challenger: 4 },
      versions: [
        v(1, c.logreg, 'Archived', 9, 'Logistic-regression baseline.'),
        v(2, c.forest, 'Archived', 7, 'Random forest, 500 trees.'),
        v(3, c.best, 'Production', 4, 'XGBoost, best of the April sweep.'),
        v(4, c.mlp, 'Staging', 2, 'MLP challenger, shadow-scored next to v3.'),
        v(5, c.lgbm, 'None', 1, 'LightGBM on the Q2 training snapshot; not validated yet.')
      ]
    },
    {
      name: 'demand-forecaster',
      description: 'Daily orders per warehouse, 28 days ahead; feeds replenishment.',
      created: forecast.registered[0]!.end + 3_600_000,
      tags: { team: 'supply-chain-ml', task: 'forecasting' },
      aliases: { prod: 2 },
      versions: [
        v(1, forecast.registered[0]!, 'Archived', 6, 'Prophet with weekly and yearly seasonality.'),
        v(2, forecast.registered[1]!, 'Production', 3, 'LightGBM on lags and promotions.'),
        v(3, forecast.registered[2]!, 'Staging', 1, 'Temporal Fusion Transformer, hidden size 64.')
      ]
    }
  ]
  for (const m of models) await writeModel(root, m, runDir)
  const all = plans.flatMap((p) => p.runs)
  return {
    root,
    experiments: 3,
    runs: all.length,
    deletedRuns: all.filter((r) => r.lifecycle === 'deleted').length,
    models: models.map((m) => ({ name: m.name, versions: m.versions.length }))
  }
}

export const storeRoot = (dataDir: string): string => path.join(dataDir, 'mlruns')
