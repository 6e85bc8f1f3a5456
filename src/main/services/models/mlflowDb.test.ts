import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'

let t: TestApp
afterEach(async () => t?.cleanup())

/** MLflow's SQLite backend tables (mlflow/store/tracking/dbmodels/models.py, model_registry/dbmodels/models.py). */
const DDL = `
CREATE TABLE experiments (experiment_id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, name VARCHAR(256) NOT NULL UNIQUE, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT);
CREATE TABLE experiment_tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000), experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id), PRIMARY KEY (key, experiment_id));
CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL PRIMARY KEY, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT, end_time BIGINT, deleted_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER REFERENCES experiments(experiment_id));
CREATE TABLE metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL REFERENCES runs(run_uuid), step BIGINT DEFAULT '0' NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL, PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan));
CREATE TABLE latest_metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL, is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL REFERENCES runs(run_uuid), PRIMARY KEY (key, run_uuid));
CREATE TABLE params (key VARCHAR(250) NOT NULL, value VARCHAR(8000) NOT NULL, run_uuid VARCHAR(32) NOT NULL REFERENCES runs(run_uuid), PRIMARY KEY (key, run_uuid));
CREATE TABLE tags (key VARCHAR(250) NOT NULL, value VARCHAR(8000), run_uuid VARCHAR(32) NOT NULL REFERENCES runs(run_uuid), PRIMARY KEY (key, run_uuid));
CREATE TABLE registered_models (name VARCHAR(256) NOT NULL PRIMARY KEY, creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000));
CREATE TABLE model_versions (name VARCHAR(256) NOT NULL REFERENCES registered_models(name), version INTEGER NOT NULL, creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000), user_id VARCHAR(256), current_stage VARCHAR(20), source VARCHAR(500), run_id VARCHAR(32), status VARCHAR(20), status_message VARCHAR(500), run_link VARCHAR(500), storage_location VARCHAR(500), PRIMARY KEY (name, version));
CREATE TABLE registered_model_aliases (alias VARCHAR(256) NOT NULL, version INTEGER NOT NULL, name VARCHAR(256) NOT NULL REFERENCES registered_models(name), PRIMARY KEY (name, alias));
CREATE TABLE model_version_tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000), name VARCHAR(256) NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (key, name, version));
`

function buildDb(file: string): void {
  const db = new Database(file)
  db.exec(DDL)
  db.prepare("INSERT INTO experiments VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', 1, 2)").run()
  db.prepare("INSERT INTO experiments VALUES (1, 'churn', 'mlflow-artifacts:/1', 'active', 3, 4)").run()
  db.prepare("INSERT INTO experiment_tags VALUES ('team', 'growth', 1)").run()
  const run = db.prepare("INSERT INTO runs VALUES (?, ?, 'LOCAL', 'train.py', '', 'ana', ?, ?, ?, NULL, '', 'active', ?, 1)")
  run.run('r1', 'lgbm-a', 'FINISHED', 1000, 2000, 'mlflow-artifacts:/1/r1/artifacts')
  run.run('r2', 'lgbm-b', 'FAILED', 3000, 4000, 'mlflow-artifacts:/1/r2/artifacts')
  const metric = db.prepare('INSERT INTO metrics VALUES (?, ?, ?, ?, ?, ?)')
  for (let s = 0; s < 50; s++) {
    metric.run('val_loss', 1 / (s + 1), 1000 + s, 'r1', s, 0)
    metric.run('val_loss', 1.2 / (s + 1), 3000 + s, 'r2', s, 0)
  }
  metric.run('auc', 0.81, 1500, 'r1', 0, 0)
  metric.run('auc', 0, 3500, 'r2', 0, 1) // NaN stored as is_nan
  db.prepare("INSERT INTO latest_metrics VALUES ('val_loss', 0.02, 1049, 49, 0, 'r1')").run()
  db.prepare(
    "INSERT INTO params VALUES ('num_leaves', '31', 'r1'), ('num_leaves', '63', 'r2'), ('lr', '0.05', 'r1'), ('lr', '0.05', 'r2')"
  ).run()
  db.prepare("INSERT INTO tags VALUES ('mlflow.runName', 'lgbm-a', 'r1'), ('mlflow.user', 'ana', 'r1')").run()
  db.prepare("INSERT INTO registered_models VALUES ('churn-model', 10, 20, 'predicts churn')").run()
  db.prepare(
    "INSERT INTO model_versions VALUES ('churn-model', 1, 11, 12, '', 'ana', 'Production', 'runs:/r1/model', 'r1', 'READY', NULL, NULL, 'mlflow-artifacts:/1/r1/artifacts/model')"
  ).run()
  db.prepare(
    "INSERT INTO model_versions VALUES ('churn-model', 2, 13, 14, '', 'ana', 'None', 'runs:/r2/model', 'r2', 'READY', NULL, NULL, NULL)"
  ).run()
  db.prepare("INSERT INTO registered_model_aliases VALUES ('champion', 1, 'churn-model'), ('challenger', 2, 'churn-model')").run()
  db.prepare("INSERT INTO model_version_tags VALUES ('validated', 'yes', 'churn-model', 1)").run()
  db.close()
}

describe('MLflow SQLite backend (mlflow.db) import', () => {
  it('imports experiments, runs, metric histories, params, tags, models, versions, aliases; idempotent', async () => {
    t = tempApp()
    const file = path.join(t.dir, 'mlflow.db')
    buildDb(file)
    const report = await t.app.models.importMlflowDb(file)
    expect(report).toMatchObject({
      experiments: 2,
      runs: { created: 2, updated: 0, unchanged: 0, deleted: 0 },
      metricSeries: 4,
      metricPoints: 102,
      params: 4,
      tags: 2,
      models: 1,
      versions: { created: 2, updated: 0 },
      aliases: 2
    })
    expect(report.warnings.join()).toMatch(/r2 metric auc: 1 NaN/)
    const [m] = t.app.models.list()
    expect(m).toMatchObject({
      name: 'churn-model',
      description: 'predicts churn',
      aliases: [
        { alias: 'challenger', version: 2 },
        { alias: 'champion', version: 1 }
      ],
      stages: { Production: 1, None: 1 }
    })
    const detail = t.app.models.get(m!.id)
    const v1 = t.app.models.version(detail.versions.find((v) => v.version === 1)!.id)
    expect(v1.tags).toEqual({ validated: 'yes' })
    expect(v1.run?.metrics.find((x) => x.key === 'val_loss')).toMatchObject({ value: 0.02, step: 49, count: 50 })
    const cmp = t.app.models.compare({ items: detail.versions.map((v) => ({ kind: 'version' as const, id: v.id })).reverse(), baseline: 0 })
    const loss = cmp.metrics.find((x) => x.key === 'val_loss')!
    expect(loss.higherIsBetter).toBe(false)
    expect(loss.best).toEqual([true, false])
    expect(loss.deltas[1]).toBeCloseTo(0.024 - 0.02, 12)
    expect(cmp.params.find((p) => p.key === 'num_leaves')).toEqual({ key: 'num_leaves', values: ['31', '63'], differs: true })
    expect(cmp.params.find((p) => p.key === 'lr')!.differs).toBe(false)
    expect(cmp.history.find((h) => h.key === 'val_loss')!.series[0]!.n).toBe(50)
    const again = await t.app.models.importMlflowDb(file)
    expect(again.runs).toEqual({ created: 0, updated: 0, unchanged: 2, deleted: 0 })
    expect(t.app.db.prepare('SELECT count(*) FROM model_versions').pluck().get()).toBe(2)
  })

  it('hides runs deleted in MLflow, and the runs of a deleted experiment, from lists and counts', async () => {
    t = tempApp()
    const file = path.join(t.dir, 'mlflow.db')
    buildDb(file)
    const db = new Database(file)
    // `mlflow runs delete r2`, and an experiment deleted with its run still marked active
    db.prepare("UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = 5000 WHERE run_uuid = 'r2'").run()
    db.prepare("INSERT INTO experiments VALUES (2, 'old', 'mlflow-artifacts:/2', 'deleted', 5, 6)").run()
    db.prepare(
      "INSERT INTO runs VALUES ('r3', 'old-run', 'LOCAL', 'train.py', '', 'ana', 'FINISHED', 5000, 6000, NULL, '', 'active', NULL, 2)"
    ).run()
    db.prepare("INSERT INTO metrics VALUES ('val_loss', 0.5, 5000, 'r3', 0, 0)").run()
    db.close()
    const report = await t.app.models.importMlflowDb(file)
    expect(report).toMatchObject({
      experiments: 2,
      runs: { created: 1, updated: 0, unchanged: 0, deleted: 2 },
      metricSeries: 2,
      metricPoints: 51,
      params: 2,
      tags: 2
    })
    expect(t.app.models.runs().map((r) => r.runUuid)).toEqual(['r1'])
    expect(
      t.app.models
        .runs('', 500, true)
        .map((r) => [r.runUuid, r.deleted])
        .sort()
    ).toEqual([
      ['r1', false],
      ['r2', true],
      ['r3', true]
    ])
    // a registered version keeps its run (MLflow shows it too), marked deleted
    const [m] = t.app.models.list()
    const v2 = t.app.models.get(m!.id).versions.find((v) => v.version === 2)!
    expect(t.app.models.version(v2.id).run).toMatchObject({ runUuid: 'r2', deleted: true })
  })

  it('says clearly when the file is not an MLflow database', async () => {
    t = tempApp()
    await expect(t.app.models.importMlflowDb(t.file)).rejects.toThrow(/not an MLflow tracking database/)
  })
})

describe('CSV and JSON metric tables', () => {
  it('imports wide and long CSV and JSON runs', async () => {
    t = tempApp()
    const fs = await import('node:fs')
    const wide = path.join(t.dir, 'wide.csv')
    fs.writeFileSync(wide, 'run,accuracy,rmse,param.depth\na,0.9,1.5,3\nb,0.8,1.2,5\n')
    const r1 = await t.app.models.importTable(wide, 'tables')
    expect(r1.runs.created).toBe(2)
    const long = path.join(t.dir, 'long.csv')
    fs.writeFileSync(long, 'run,metric,step,value\nx,loss,0,1\nx,loss,1,0.5\nx,loss,2,oops\n')
    const r2 = await t.app.models.importTable(long, 'tables')
    expect(r2.metricPoints).toBe(2)
    expect(r2.skipped[0]!.reason).toMatch(/not a number/)
    const js = path.join(t.dir, 'runs.json')
    fs.writeFileSync(
      js,
      JSON.stringify({
        runs: [
          {
            name: 'j',
            metrics: {
              f1: 0.7,
              loss: [
                { step: 0, value: 2 },
                { step: 1, value: 1 }
              ]
            },
            params: { lr: 0.1 }
          }
        ]
      })
    )
    const r3 = await t.app.models.importTable(js, 'tables')
    expect(r3.metricPoints).toBe(3)
    const runs = t.app.models.runs()
    expect(runs.map((r) => r.name).sort()).toEqual(['a', 'b', 'j', 'x'])
    expect((await t.app.models.importTable(wide, 'tables')).runs.unchanged).toBe(2)
  })

  it('reads metric tables with the shared reader: semicolons, gzip, Parquet; names the row of a broken one', async () => {
    t = tempApp()
    const fs = await import('node:fs')
    const zlib = await import('node:zlib')
    const { parquetWriteBuffer } = await import('hyparquet-writer')
    const semi = path.join(t.dir, 'semi.csv.gz')
    fs.writeFileSync(semi, zlib.gzipSync('run;metric;step;value\r\ns;loss;0;1.5\r\ns;loss;1;0.75\r\n'))
    expect((await t.app.models.importTable(semi, 'tables')).metricPoints).toBe(2)
    const pq = path.join(t.dir, 'wide.parquet')
    fs.writeFileSync(
      pq,
      Buffer.from(
        parquetWriteBuffer({
          columnData: [
            { name: 'run', data: ['p1', 'p2'], type: 'STRING' },
            { name: 'accuracy', data: [0.5, 0.25], type: 'DOUBLE' }
          ]
        })
      )
    )
    expect((await t.app.models.importTable(pq, 'tables')).runs.created).toBe(2)
    const series = t.app.models.runs().filter((r) => r.name.startsWith('p'))
    expect(series.map((r) => r.name).sort()).toEqual(['p1', 'p2'])
    const ragged = path.join(t.dir, 'ragged.csv')
    fs.writeFileSync(ragged, 'run,accuracy\na,0.5\nb,0.4,extra\n')
    await expect(t.app.models.importTable(ragged, 'tables')).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'ragged.csv: row 3 has 3 fields, the header has 2'
    })
    const dupes = path.join(t.dir, 'dupes.csv')
    fs.writeFileSync(dupes, 'run,loss,loss\na,1,2\n')
    await expect(t.app.models.importTable(dupes, 'tables')).rejects.toThrow(/the column "loss" appears twice in the header/)
  })
})
