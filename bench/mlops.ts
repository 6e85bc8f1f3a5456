import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { createApp, type App } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { JobDefinitionInput, TargetInput } from '../src/shared/contract/mlops'
import { startServingEndpoint } from '../tests/helpers/servingEndpoint'
import { percentile, type BenchResult, type Figure } from './harness'
import { lagFigures, seedChecks, sleep, sortNum, timerLag } from './pollerLag'
import { startTargets, stopTargets } from './targetsProcess'

/**
 * `npm run bench mlops`
 *  A. A job that prints BENCH_MLOPS_MB (12) MB of output as fast as Python writes it, BENCH_MLOPS_REPEAT (8) times back
 *     to back, with the health poller running
 *     BENCH_MLOPS_CHECKS (50) loopback checks: the poller's scheduling lag and a 10 ms timer's lateness during the run
 *     against a control window; run time; bytes kept (10 MB cap); the time to read the log's tail and to search it.
 *  B. The retraining pipeline end to end: the plain-Python training script writes an MLflow run → import → version →
 *     evaluation on a 10,000-row holdout (with the champion) → gate → alias move → signed reload → verification.
 */
const MB_OUT = Number(process.env.BENCH_MLOPS_MB ?? 12)
const CHECKS = Number(process.env.BENCH_MLOPS_CHECKS ?? 50)
const REPEAT = Number(process.env.BENCH_MLOPS_REPEAT ?? 8)
const FIX = path.resolve('src/main/services/mlops/__fixtures__')

export async function mlopsBench(): Promise<BenchResult> {
  const figures: Figure[] = []
  const notes: string[] = [`${os.cpus().length} cores, Node ${process.version}`]
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-mlops-'))
  let app: App | undefined
  let targets: ChildProcess | undefined
  try {
    const t = await startTargets(600)
    targets = t.child
    const file = path.join(dir, 'workspace.db')
    await seedChecks(file, t.ports, CHECKS)
    app = createApp({ workspacePath: file, mode: 'serve', logger: silentLogger })
    await sleep(8_000) // every check has run once

    // control window
    let from = app.health.schedulerStats().lagMs.length
    let timer = timerLag()
    await sleep(10_000)
    const control = { lags: sortNum(app.health.schedulerStats().lagMs.slice(from)), timer: timer.stop() }

    // A: a loud job
    const lines = Math.round((MB_OUT * 1024 * 1024) / 64)
    const loud = app.mlops.saveJob(
      JobDefinitionInput.parse({
        name: 'loud',
        command: `python3 -c "import os, sys\nw = sys.stdout.write\nfor i in range(${lines}): w('epoch %9d loss=0.123456 acc=0.987654 lr=0.001 batch=128 ok\\n' % i)\nopen(os.environ['MLOPS_OUTPUT_DIR'] + '/metrics.json', 'w').write('{}'); os.mkdir(os.environ['MLOPS_OUTPUT_DIR'] + '/model')"`,
        workingDir: dir,
        output: 'metrics',
        retries: 1
      })
    )
    from = app.health.schedulerStats().lagMs.length
    timer = timerLag()
    const runTimes: number[] = []
    let run = null as unknown as Awaited<ReturnType<typeof app.mlops.startRun>['done']>
    for (let i = 0; i < REPEAT; i++) {
      const t0 = performance.now()
      run = await app.mlops.startRun({ jobId: loud.id, params: {} }).done
      runTimes.push(performance.now() - t0)
    }
    const runMs = percentile(sortNum(runTimes), 50)
    const during = { lags: sortNum(app.health.schedulerStats().lagMs.slice(from)), timer: timer.stop() }
    figures.push(
      {
        metric: `A: job printing ${MB_OUT} MB (${lines.toLocaleString('en-US')} lines), ${REPEAT} runs back to back: run time p50`,
        value: runMs / 1000,
        unit: 's'
      },
      { metric: 'A: log bytes kept', value: run.logBytes / 1024 / 1024, unit: 'MB', goal: '10 MB' },
      ...lagFigures('A: ', CHECKS, during, control).map((f) => ({
        ...f,
        metric: f.metric.replace('the import', 'the job'),
        ...(f.goal ? { goal: '< 50 ms' } : {})
      }))
    )
    let t1 = performance.now()
    const tail = await app.mlops.log(run.id, '', 2000)
    figures.push({
      metric: `A: read the log's last 2,000 lines (of ${tail.totalLines.toLocaleString('en-US')})`,
      value: performance.now() - t1,
      unit: 'ms'
    })
    t1 = performance.now()
    const hit = await app.mlops.log(run.id, 'epoch    123456 ', 100)
    figures.push({ metric: `A: search the whole log (${hit.lines.length} hit)`, value: performance.now() - t1, unit: 'ms' })

    // B: the retraining pipeline end to end
    const ep = await startServingEndpoint('bench-secret')
    try {
      const holdout = path.join(dir, 'holdout.csv')
      const train = path.join(dir, 'train.csv')
      fs.writeFileSync(train, 'x,label\n' + Array.from({ length: 10_000 }, (_, i) => `${i},${i % 2}`).join('\n') + '\n')
      fs.writeFileSync(
        holdout,
        'x,label\n' + Array.from({ length: 10_000 }, (_, i) => `${i},${(i * 37) % 3 === 0 ? 1 : 0}`).join('\n') + '\n'
      )
      const job = app.mlops.saveJob(
        JobDefinitionInput.parse({
          name: 'retrain',
          command: 'python3 train.py --data {data} --holdout {holdout} --out {output_dir} --quality {quality}',
          params: [
            { name: 'data', type: 'path', default: train, isData: true },
            { name: 'holdout', type: 'path', default: holdout },
            { name: 'quality', type: 'number', default: '0.9' }
          ],
          workingDir: FIX,
          retries: 1,
          pipeline: {
            modelName: 'bench',
            evaluation: { holdoutPath: holdout, labelColumn: 'label', column: 'prediction' },
            gate: [{ metric: 'accuracy', threshold: 0.7, minAbsoluteChange: 0.001 }]
          }
        })
      )
      app.mlops.deployer.save(
        TargetInput.parse({
          name: 'ep',
          modelName: 'bench',
          kind: 'endpoint',
          reloadUrl: `${ep.url}/reload`,
          healthUrl: `${ep.url}/health`,
          secret: 'bench-secret',
          windowSec: 0
        })
      )
      const times: number[] = []
      for (const q of ['0.8', '0.85', '0.9', '0.95']) {
        const s = performance.now()
        await app.mlops.startRun({ jobId: job.id, params: { quality: q } }).done
        await app.mlops.deployer.idle()
        times.push(performance.now() - s)
      }
      figures.push(
        {
          metric: 'B: retrain → register → evaluate (10,000 rows, with champion) → gate → promote → signed reload → verify, median of 4',
          value: percentile(sortNum(times), 50) / 1000,
          unit: 's'
        },
        { metric: 'B: reloads the endpoint received (4 better models in a row)', value: ep.reloads.length, unit: '' }
      )
    } finally {
      await ep.close()
    }
  } finally {
    await app?.close()
    if (targets) await stopTargets(targets)
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return { name: 'mlops', figures, notes }
}
