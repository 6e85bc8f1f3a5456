/** Runs as real processes: retries, cancel, timeout, the 10 MB log cap and search, sealed secrets, interrupted runs, bad input. */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { JobDefinitionInput, SweepInput, TriggerInput, type MlopsRun } from '../../../shared/contract/mlops'

let t: TestApp | undefined
afterEach(async () => {
  await t?.cleanup()
  t = undefined
})

/** A job whose shell line writes metrics.json and a model folder after `body` (no shell: `sh -c` is the program). */
const shJob = (dir: string, body: string, extra: Partial<JobDefinitionInput> = {}) =>
  JobDefinitionInput.parse({
    name: 'sh job',
    command: `sh -c "${body}; echo '{\\"loss\\": 0.5}' > $MLOPS_OUTPUT_DIR/metrics.json; mkdir -p $MLOPS_OUTPUT_DIR/model"`,
    workingDir: dir,
    output: 'metrics',
    retries: 1,
    backoffSec: 0,
    ...extra
  })

const settle = async (p: Promise<MlopsRun>): Promise<void> => void (await p.catch(() => undefined))

it('retries a failing try with backoff, keeps stderr apart, and records exit code, CPU and memory', async () => {
  t = tempApp()
  const { app } = t
  const mark = path.join(t.dir, 'mark')
  const job = app.mlops.saveJob(
    shJob(
      t.dir,
      `test -f ${mark} || { touch ${mark}; echo boom >&2; exit 3; }; echo ok; i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; sleep 1.5`,
      { retries: 2 }
    )
  )
  const s = app.mlops.startRun({ jobId: job.id, params: {} })
  await settle(s.done)
  const run = app.mlops.run(s.runId)
  expect(run).toMatchObject({ state: 'succeeded', attempt: 2, exitCode: 0, metrics: { loss: 0.5 } })
  expect(run.cpuMs).toBeGreaterThan(0)
  expect(run.maxRssBytes).toBeGreaterThan(0)
  const log = await app.mlops.log(s.runId, '', 100)
  expect(log.lines.find((l) => l.text === 'boom')?.stream).toBe('err')
  expect(log.lines.some((l) => l.stream === 'sys' && /try 1 failed \(exit 3\); next try in 0 s/.test(l.text))).toBe(true)
  expect(app.jobs.get(run.jobUuid!).state).toBe('done')
})

it('cancels with SIGTERM, times out, and fails a job that writes no run with nothing registered', async () => {
  t = tempApp()
  const { app } = t
  const slow = app.mlops.saveJob(shJob(t.dir, 'sleep 30', { name: 'slow', timeoutSec: 60 }))
  const s = app.mlops.startRun({ jobId: slow.id, params: {} })
  await new Promise((r) => setTimeout(r, 300))
  expect(app.mlops.cancelRun(s.runId)).toEqual({ cancelled: true })
  await settle(s.done)
  expect(app.mlops.run(s.runId)).toMatchObject({ state: 'cancelled', error: 'cancelled' })
  expect((await app.mlops.log(s.runId, 'SIGTERM', 10)).lines[0]?.text).toBe('cancelled: SIGTERM sent')

  const stuck = app.mlops.saveJob(shJob(t.dir, 'sleep 30', { name: 'stuck', timeoutSec: 1 }))
  const s2 = app.mlops.startRun({ jobId: stuck.id, params: {} })
  await settle(s2.done)
  expect(app.mlops.run(s2.runId)).toMatchObject({ state: 'failed', error: 'timed out after 1 s' })

  const empty = app.mlops.saveJob(
    JobDefinitionInput.parse({ name: 'writes nothing', command: 'true', workingDir: t.dir, retries: 1, pipeline: { modelName: 'ghost' } })
  )
  const s3 = app.mlops.startRun({ jobId: empty.id, params: {} })
  await expect(s3.done).rejects.toThrow(/wrote no MLflow run/)
  expect(app.mlops.run(s3.runId).state).toBe('failed')
  expect(app.models.list()).toEqual([])
}, 30_000)

it('keeps the first 10 MB of a loud run, finds lines by search, and shows the tail', async () => {
  t = tempApp()
  const { app } = t
  const loud = app.mlops.saveJob(
    JobDefinitionInput.parse({
      name: 'loud',
      command: `python3 -c "import sys\nfor i in range(240000): sys.stdout.write('line %d %s\\n' % (i, 'x' * 40))\nimport os; open(os.environ['MLOPS_OUTPUT_DIR'] + '/metrics.json', 'w').write('{}'); os.mkdir(os.environ['MLOPS_OUTPUT_DIR'] + '/model')"`,
      workingDir: t.dir,
      output: 'metrics',
      retries: 1
    })
  )
  const s = app.mlops.startRun({ jobId: loud.id, params: {} })
  await settle(s.done)
  const run = app.mlops.run(s.runId)
  expect(run.state).toBe('succeeded')
  expect(run.logBytes).toBeLessThanOrEqual(10 * 1024 * 1024 + 1000)
  expect(run.logBytes).toBeGreaterThan(9.9 * 1024 * 1024)
  const hit = await app.mlops.log(s.runId, 'line 123456 ', 10)
  expect(hit.lines.map((l) => l.text)).toEqual([`line 123456 ${'x'.repeat(40)}`])
  const tail = await app.mlops.log(s.runId, '', 3)
  expect(tail.lines.map((l) => l.stream)).toEqual(['sys', 'sys', 'sys'])
  expect(tail.lines[0]!.text).toMatch(/log truncated/)
  expect(tail.lines[2]!.n).toBe(tail.totalLines)
}, 60_000)

it('seals secret environment variables, never answers them, and hands them to the process', async () => {
  t = tempApp()
  const { app } = t
  const job = app.mlops.saveJob(
    shJob(t.dir, 'echo token=$API_TOKEN mode=$MODE', { env: { MODE: 'fast' }, secretEnv: { API_TOKEN: 'tok-very-secret' } })
  )
  expect(job.secretNames).toEqual(['API_TOKEN'])
  expect(JSON.stringify(app.mlops.jobDefinitions())).not.toContain('tok-very-secret')
  const row = app.db.prepare('SELECT spec, secrets FROM mlops_jobs').get() as { spec: string; secrets: Buffer }
  expect(row.spec + row.secrets.toString('latin1')).not.toContain('tok-very-secret')
  // changing the job without the secret keeps it
  app.mlops.saveJob(shJob(t.dir, 'echo token=$API_TOKEN mode=$MODE', { id: job.id, env: { MODE: 'slow' } }))
  const s = app.mlops.startRun({ jobId: job.id, params: {} })
  await settle(s.done)
  expect((await app.mlops.log(s.runId, 'token=tok', 5)).lines[0]?.text).toBe('token=tok-very-secret mode=slow')
})

it('refuses bad definitions with the field named, and imports an MLproject file', () => {
  t = tempApp()
  const { app } = t
  expect(() => app.mlops.saveJob(shJob('/no/such/folder', 'true'))).toThrow(
    'workingDir: /no/such/folder cannot be read (missing or no permission)'
  )
  expect(() => app.mlops.saveJob(shJob(t!.dir, 'true', { command: 'python3 {script}' }))).toThrow(/unknown placeholder \{script\}/)
  expect(app.mlops.jobDefinitions()).toEqual([])
  const file = path.join(t.dir, 'MLproject')
  fs.writeFileSync(
    file,
    'name: churn\nentry_points:\n  main:\n    parameters:\n      data: path\n      alpha: {type: float, default: 0.5}\n      solver: {type: string, default: lbfgs}\n    command: "python train.py --data {data} --alpha {alpha} --solver {solver}"\n'
  )
  const j = app.mlops.importMlproject(file)
  expect(j).toMatchObject({
    name: 'churn',
    workingDir: t.dir,
    output: 'mlflow',
    command: 'python train.py --data {data} --alpha {alpha} --solver {solver}'
  })
  expect(j.params.map((p) => [p.name, p.type, p.default ?? null])).toEqual([
    ['data', 'path', null],
    ['alpha', 'number', '0.5'],
    ['solver', 'string', 'lbfgs']
  ])
})

it('marks runs left running by a stopped console as interrupted, and retries them', async () => {
  t = tempApp()
  const job = t.app.mlops.saveJob(shJob(t.dir, 'echo hi'))
  t.app.db
    .prepare(
      "INSERT INTO mlops_runs (job_id, state, trigger, reason, params, created_at) VALUES (?, 'running', 'manual', 'by hand', '{}', 1)"
    )
    .run(job.id)
  await t.app.close()
  const again = tempApp({ file: t.file })
  const dir = t.dir
  t = { ...again, cleanup: async () => (await again.cleanup(), fs.rmSync(dir, { recursive: true, force: true })) }
  const [left] = t.app.mlops.runs(job.id)
  expect(left).toMatchObject({ state: 'interrupted', error: 'the console stopped while this run was going' })
  const retry = t.app.mlops.retryRun(left!.id)
  await settle(t.app.mlops.startRun({ jobId: job.id, params: {} }).done)
  expect(t.app.mlops.runSummary(retry.runId).reason).toBe(`retry of run #${left!.id}`)
})

it('starts runs from a schedule, a watched file and another job, recording why', async () => {
  t = tempApp()
  const { app } = t
  const a = app.mlops.saveJob(shJob(t.dir, 'echo a', { name: 'a' }))
  const b = app.mlops.saveJob(shJob(t.dir, 'echo b', { name: 'b' }))
  const watched = path.join(t.dir, 'data.csv')
  fs.writeFileSync(watched, 'x\n1\n')
  app.mlops.saveTrigger(TriggerInput.parse({ jobId: a.id, kind: 'cron', cron: '*/5 * * * *' }))
  app.mlops.saveTrigger(TriggerInput.parse({ jobId: a.id, kind: 'file', watchPath: watched }))
  app.mlops.saveTrigger(TriggerInput.parse({ jobId: b.id, kind: 'job', afterJobId: a.id }))
  expect(() => app.mlops.saveTrigger(TriggerInput.parse({ jobId: a.id, kind: 'cron', cron: '61 * * * *' }))).toThrow(/cron/)
  expect(() => app.mlops.saveTrigger(TriggerInput.parse({ jobId: a.id, kind: 'job', afterJobId: a.id }))).toThrow(
    'afterJobId: a job cannot start itself'
  )

  app.mlops.triggers.tick() // nothing due, nothing changed
  expect(app.mlops.runs(undefined)).toEqual([])
  fs.appendFileSync(watched, '2\n')
  app.mlops.triggers.tick(Date.now() + 6 * 60_000)
  const reasons = async (): Promise<string[]> => {
    for (
      let i = 0;
      i < 200 &&
      app.mlops
        .runs(undefined)
        .some((r) => r.state === 'queued' || r.state === 'running' || (r.jobId === a.id && app.mlops.runs(b.id).length < 2));
      i++
    )
      await new Promise((r) => setTimeout(r, 50))
    return app.mlops
      .runs(undefined)
      .map((r) => `${r.jobName}: ${r.reason}`)
      .sort()
  }
  expect(await reasons()).toEqual([
    'a: new data in ' + watched,
    'a: schedule “*/5 * * * *” (UTC) came due',
    expect.stringMatching(/^b: job “a” run #\d succeeded$/),
    expect.stringMatching(/^b: job “a” run #\d succeeded$/)
  ])
}, 30_000)

it('sweeps a grid with bounded parallelism', async () => {
  t = tempApp()
  const { app } = t
  const job = app.mlops.saveJob(
    shJob(t.dir, 'echo lr=$0', {
      command: `sh -c "echo '{\\"loss\\": {lr}}' > $MLOPS_OUTPUT_DIR/metrics.json; mkdir -p $MLOPS_OUTPUT_DIR/model; echo {depth}"`,
      params: [
        { name: 'lr', type: 'number', default: '0.1' },
        { name: 'depth', type: 'choice', choices: ['2', '4'], default: '2' }
      ]
    })
  )
  expect(() => app.mlops.startSweep(SweepInput.parse({ jobId: job.id, space: { width: ['1'] } }))).toThrow(
    'space.width: the job has no parameter “width”'
  )
  const sweep = app.mlops.startSweep(SweepInput.parse({ jobId: job.id, space: { lr: ['0.1', '0.2'], depth: ['2', '4'] }, parallelism: 2 }))
  expect(sweep.runs).toHaveLength(4)
  for (let i = 0; i < 200 && app.mlops.sweep(sweep.id).runs.some((r) => r.state !== 'succeeded'); i++)
    await new Promise((r) => setTimeout(r, 50))
  const done = app.mlops.sweep(sweep.id)
  expect(done.runs.map((r) => [r.params.lr, r.params.depth, r.metrics.loss])).toEqual([
    ['0.1', '2', 0.1],
    ['0.1', '4', 0.1],
    ['0.2', '2', 0.2],
    ['0.2', '4', 0.2]
  ])
}, 30_000)

it('kills a run that ignores SIGTERM after the grace period', async () => {
  t = tempApp()
  const { app } = t
  const job = app.mlops.saveJob(
    JobDefinitionInput.parse({
      name: 'stubborn',
      command: `python3 -c "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('ready', flush=True)\ntime.sleep(60)"`,
      workingDir: t.dir,
      output: 'metrics',
      retries: 1
    })
  )
  const s = app.mlops.startRun({ jobId: job.id, params: {} })
  for (let i = 0; i < 100 && !(await app.mlops.log(s.runId, 'ready', 5)).lines.some((l) => l.stream === 'out'); i++)
    await new Promise((r) => setTimeout(r, 50))
  const t0 = Date.now()
  app.mlops.cancelRun(s.runId)
  await settle(s.done)
  expect(Date.now() - t0).toBeGreaterThanOrEqual(4900)
  expect(app.mlops.run(s.runId).state).toBe('cancelled')
  const log = (await app.mlops.log(s.runId, '', 10)).lines.map((l) => l.text)
  expect(log).toContain('still running 5 s after SIGTERM: SIGKILL sent')
  expect(log).toContain('exited with signal SIGKILL')
}, 20_000)
