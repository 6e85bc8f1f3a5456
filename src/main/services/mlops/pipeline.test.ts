/**
 * The "done when", with real peers: a drift alert starts a retraining run of a plain-Python training script
 * that writes an MLflow run folder; the version is evaluated on the holdout, passes the gate, becomes champion and is
 * pushed to a loopback serving endpoint with a signed reload and verified; a worse model is stopped by the gate; a
 * version that breaks the endpoint's health is rolled back.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { startServingEndpoint, type ServingEndpoint } from '../../../../tests/helpers/servingEndpoint'
import { CheckInput, ServiceInput } from '../../../shared/contract/health'
import { JobDefinitionInput, TargetInput, TriggerInput, type MlopsRun } from '../../../shared/contract/mlops'

const FIXTURES = path.join(__dirname, '__fixtures__')
let t: TestApp | undefined
let ep: ServingEndpoint | undefined
afterEach(async () => {
  await t?.cleanup()
  await ep?.close()
  t = ep = undefined
})

/** What the training script gets right on the holdout: row i is right when (i·7919 mod 1000)/1000 < quality. */
const accuracy = (quality: number, rows: number): number => {
  let right = 0
  for (let i = 0; i < rows; i++) if (((i * 7919) % 1000) / 1000 < quality) right++
  return right / rows
}

export function writeData(dir: string, rows = 200): { train: string; holdout: string } {
  const train = path.join(dir, 'train.csv')
  const holdout = path.join(dir, 'holdout.csv')
  fs.writeFileSync(train, 'x,label\n' + Array.from({ length: 500 }, (_, i) => `${i},${i % 2}`).join('\n') + '\n')
  fs.writeFileSync(holdout, 'x,label\n' + Array.from({ length: rows }, (_, i) => `${i},${(i * 37) % 3 === 0 ? 1 : 0}`).join('\n') + '\n')
  return { train, holdout }
}

export const trainingJob = (train: string, holdout: string, extra: Partial<JobDefinitionInput> = {}) =>
  JobDefinitionInput.parse({
    name: 'retrain churn',
    command: 'python3 train.py --data {data} --holdout {holdout} --out {output_dir} --quality {quality}',
    params: [
      { name: 'data', type: 'path', default: train, isData: true },
      { name: 'holdout', type: 'path', default: holdout },
      { name: 'quality', type: 'number', default: '0.9' }
    ],
    workingDir: FIXTURES,
    retries: 1,
    pipeline: {
      modelName: 'churn',
      evaluation: { holdoutPath: holdout, labelColumn: 'label', task: 'classification', column: 'prediction' },
      gate: [{ metric: 'accuracy', threshold: 0.7, minAbsoluteChange: 0.01 }],
      promoteTo: 'champion'
    },
    ...extra
  })

async function until<T>(fn: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = fn()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

it('retrains on drift, gates, promotes, deploys with a signed reload, stops a worse model and rolls back a failing one', async () => {
  t = tempApp()
  const { app } = t
  ep = await startServingEndpoint('s3cret-reload-key')
  const { train, holdout } = writeData(t.dir)
  const job = app.mlops.saveJob(trainingJob(train, holdout))
  app.mlops.saveTrigger(TriggerInput.parse({ jobId: job.id, kind: 'drift' }))
  app.mlops.deployer.save(
    TargetInput.parse({
      name: 'churn-serving',
      modelName: 'churn',
      kind: 'endpoint',
      reloadUrl: `${ep.url}/reload`,
      healthUrl: `${ep.url}/health`,
      secret: 's3cret-reload-key',
      smokeUrl: `${ep.url}/predict`,
      smokeBody: '{"x": 1}',
      smokeExpect: '"prediction"',
      canaryWeight: 10,
      windowSec: 0
    })
  )
  app.mlops.start()

  // 1. a drift alert starts a retraining run
  app.bus.publish('drift:detected', {
    checkId: 7,
    checkName: 'churn features',
    model: 'churn',
    version: '1',
    share: 0.5,
    driftedColumns: ['x'],
    runId: 1,
    at: Date.now()
  })
  const ended = (id?: number): MlopsRun | undefined =>
    app.mlops.runs(job.id).find((r) => (id === undefined || r.id === id) && !['queued', 'running'].includes(r.state))
  const first = await until(() => ended(), 'the drift-triggered run')
  expect(first.trigger).toBe('drift')
  expect(first.reason).toContain('drift check “churn features” drifted')
  expect(first.state).toBe('succeeded')
  expect(first.gate?.passed).toBe(true)
  expect(first.gate?.checks.find((c) => c.rule.startsWith('≥'))?.candidate).toBeCloseTo(accuracy(0.9, 200), 12)
  expect(first.gate?.promoted).toBe('champion')
  expect(app.ports.get('models').version(first.versionId!)?.aliases).toEqual(['champion'])
  const detail = app.mlops.run(first.id)
  expect(detail.dataPath).toBe(train)
  expect(detail.codeVersion).toMatch(/^(git|sha256):/)

  // 2. the endpoint receives the signed reload and is verified
  await app.mlops.deployer.idle()
  expect(ep.reloads).toHaveLength(1)
  expect(ep.reloads[0]).toMatchObject({ model: 'churn', version: 1, signatureOk: true, canaryWeight: 10 })
  expect(ep.reloads[0]!.sha256).toMatch(/^[0-9a-f]{64}$/)
  expect(app.mlops.deployer.history(undefined, 10).map((d) => [d.action, d.ok, d.versionLabel])).toEqual([
    ['verify', true, 'churn v1'],
    ['push', true, 'churn v1']
  ])

  // 3. a worse model is stopped by the gate: the version stays, the reason is shown and notified
  const notices: string[] = []
  app.bus.on('mlops:notice', (n) => notices.push(n.body))
  const worse = app.mlops.startRun({ jobId: job.id, params: { quality: '0.6' } })
  const second = await worse.done
  expect(second.gate?.passed).toBe(false)
  expect(second.gate?.summary).toMatch(/accuracy .* misses the threshold 0.7/)
  expect(second.gate?.championVersionId).toBe(first.versionId)
  expect(notices[0]).toContain('misses the threshold')
  expect(app.ports.get('models').version(second.versionId!)?.aliases).toEqual([])
  await app.mlops.deployer.idle()
  expect(ep.reloads).toHaveLength(1)

  // 4. a better model that breaks the endpoint's health is rolled back, alias and all
  ep.failHealth(3)
  const third = await app.mlops.startRun({ jobId: job.id, params: { quality: '0.97' } }).done
  expect(third.gate?.passed).toBe(true)
  await app.mlops.deployer.idle()
  expect(ep.reloads.map((r) => r.version)).toEqual([1, 3, 1])
  expect(ep.current()).toBe(1)
  expect(app.ports.get('models').version(first.versionId!)?.aliases).toEqual(['champion'])
  const h = app.mlops.deployer.history(undefined, 10)
  expect(h.slice(0, 3).map((d) => [d.action, d.ok, d.versionLabel])).toEqual([
    ['rollback', true, 'churn v1'],
    ['verify', false, 'churn v3'],
    ['push', true, 'churn v3']
  ])
  expect(h[1]!.detail).toContain('HTTP 503')

  // lineage: both retrains descend from the champion they replaced
  const lineage = app.mlops.lineage('churn')
  expect(lineage.map((n) => [n.label, n.parentVersionId, n.kind])).toEqual([
    ['churn v1', null, 'retrain'],
    ['churn v2', first.versionId, 'retrain'],
    ['churn v3', first.versionId, 'retrain']
  ])
}, 90_000)

it('tracks a fine-tune of a version as its child and copies the champion into a watched folder', async () => {
  t = tempApp()
  const { app } = t
  const { train, holdout } = writeData(t.dir)
  const job = app.mlops.saveJob(
    trainingJob(train, holdout, {
      command: 'python3 train.py --data {data} --holdout {holdout} --out {output_dir} --quality {quality} --parent {parent_artifact}'
    })
  )
  const served = fs.mkdtempSync(path.join(t.dir, 'served-'))
  app.mlops.deployer.save(TargetInput.parse({ name: 'batch-folder', modelName: 'churn', kind: 'folder', folder: served, windowSec: 0 }))
  app.mlops.start()
  const base = await app.mlops.startRun({ jobId: job.id, params: {} }).done
  const tuned = await app.mlops.startRun({ jobId: job.id, params: { quality: '0.95' }, parentVersionId: base.versionId! }).done
  expect(tuned.parentVersionId).toBe(base.versionId)
  const log = await app.mlops.log(tuned.id, 'fine-tuning from', 5)
  expect(log.lines[0]?.text).toContain(app.ports.get('models').versionArtifact(base.versionId!)!.artifactPath!)
  expect(app.mlops.lineage('churn').map((n) => [n.versionId, n.parentVersionId, n.kind])).toEqual([
    [base.versionId, null, 'retrain'],
    [tuned.versionId, base.versionId, 'fine-tune']
  ])
  expect(app.models.version(tuned.versionId!).tags['mlops.fine_tune_of']).toBe(String(base.versionId))
  await app.mlops.deployer.idle()
  const current = JSON.parse(fs.readFileSync(path.join(served, 'current.json'), 'utf8')) as { version: number; path: string }
  expect(current.version).toBe(2)
  expect(JSON.parse(fs.readFileSync(path.join(current.path, 'model.json'), 'utf8'))).toMatchObject({ quality: 0.95 })
  expect(app.mlops.deployer.history(undefined, 10)[0]).toMatchObject({ action: 'verify', ok: true, versionLabel: 'churn v2' })
}, 60_000)

it('verifies a push through a linked health-area check, and rolls back when that check is down', async () => {
  t = tempApp()
  const { app } = t
  ep = await startServingEndpoint('linked-check-key')
  const svc = app.health.createService(
    ServiceInput.parse({
      name: 'churn serving',
      checks: [CheckInput.parse({ name: 'model health', intervalS: 86_400, config: { kind: 'http', url: `${ep.url}/health` } })]
    })
  )
  const checkId = app.health.repo.checks(svc.id)[0]!.id
  const { train, holdout } = writeData(t.dir)
  const job = app.mlops.saveJob(trainingJob(train, holdout))
  app.mlops.deployer.save(
    TargetInput.parse({
      name: 'churn-serving',
      modelName: 'churn',
      kind: 'endpoint',
      reloadUrl: `${ep.url}/reload`,
      secret: 'linked-check-key',
      healthCheckId: checkId,
      windowSec: 0
    })
  )
  app.mlops.start()
  // the deployer waits for the check's next result: run the check now and then, as its schedule would
  const runner = setInterval(() => void app.health.runNow(checkId).catch(() => undefined), 250)
  try {
    const first = await app.mlops.startRun({ jobId: job.id, params: {} }).done
    await app.mlops.deployer.idle()
    expect(app.mlops.deployer.history(undefined, 10)[0]).toMatchObject({ action: 'verify', ok: true, versionLabel: 'churn v1' })
    expect(app.mlops.deployer.history(undefined, 10)[0]!.detail).toContain(`health check #${checkId} up`)

    // version 2 makes the endpoint unhealthy: the linked check goes down and the push is rolled back
    ep.failHealth(2)
    const second = await app.mlops.startRun({ jobId: job.id, params: { quality: '0.97' } }).done
    expect(second.gate?.passed).toBe(true)
    await app.mlops.deployer.idle()
    expect(ep.current()).toBe(1)
    expect(app.ports.get('models').version(first.versionId!)?.aliases).toEqual(['champion'])
    const h = app.mlops.deployer.history(undefined, 10)
    expect(h.slice(0, 2).map((d) => [d.action, d.ok])).toEqual([
      ['rollback', true],
      ['verify', false]
    ])
    expect(h[1]!.detail).toContain(`health check #${checkId} is down`)
  } finally {
    clearInterval(runner)
  }
}, 90_000)

it('rolls back when the linked health check goes down within the watch window after a good verification', async () => {
  t = tempApp()
  const { app } = t
  ep = await startServingEndpoint('window-key')
  const svc = app.health.createService(
    ServiceInput.parse({
      name: 'churn serving',
      checks: [CheckInput.parse({ name: 'model health', intervalS: 86_400, config: { kind: 'http', url: `${ep.url}/health` } })]
    })
  )
  const checkId = app.health.repo.checks(svc.id)[0]!.id
  const { train, holdout } = writeData(t.dir)
  const job = app.mlops.saveJob(trainingJob(train, holdout))
  app.mlops.deployer.save(
    TargetInput.parse({
      name: 'churn-serving',
      modelName: 'churn',
      kind: 'endpoint',
      reloadUrl: `${ep.url}/reload`,
      secret: 'window-key',
      healthCheckId: checkId,
      windowSec: 60
    })
  )
  app.mlops.start()
  const runner = setInterval(() => void app.health.runNow(checkId).catch(() => undefined), 250)
  try {
    await app.mlops.startRun({ jobId: job.id, params: {} }).done
    await app.mlops.deployer.idle()
    await app.mlops.startRun({ jobId: job.id, params: { quality: '0.97' } }).done
    await app.mlops.deployer.idle()
    const history = () => app.mlops.deployer.history(undefined, 10)
    expect(history()[0]).toMatchObject({ action: 'verify', ok: true, versionLabel: 'churn v2' })
    // v2 passed its verification; it turns unhealthy inside the 60 s window
    ep.failHealth(2)
    await until(() => (history()[0]?.action === 'rollback' ? history()[0] : undefined), 'the rollback', 20_000)
    expect(history()[0]).toMatchObject({ action: 'rollback', ok: true, versionLabel: 'churn v1' })
    expect(history()[0]!.detail).toContain('went down within the window')
    expect(ep.current()).toBe(1)
  } finally {
    clearInterval(runner)
  }
}, 90_000)
