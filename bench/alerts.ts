import { createApp } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import type { ResultEvent } from '../src/main/services/health/service'
import { startReceiver } from '../tests/helpers/receiver'
import { tempDir } from '../tests/helpers/app'
import { httpCheck } from '../tests/helpers/health'
import { percentile, type BenchResult } from './harness'
import path from 'node:path'
import fs from 'node:fs'

/** 1,000 rules over a stream of results: evaluation cost per result, and failing check → notification latency. */
export async function alertsBench(): Promise<BenchResult> {
  const dir = tempDir('cc-bench-alerts-')
  const app = createApp({ workspacePath: path.join(dir, 'w.db'), mode: 'test', logger: silentLogger })
  const rx = await startReceiver()
  try {
    const services: { id: number; checkId: number }[] = []
    for (let i = 0; i < 100; i++) {
      const { id } = app.health.createService({
        name: `svc-${i}`,
        environment: 'production',
        region: 'eu',
        description: '',
        tags: {},
        checks: [{ name: 'health', intervalS: 10, retries: 0, paused: false, config: httpCheck(`http://127.0.0.1:9/${i}`) }]
      })
      services.push({ id, checkId: app.health.serviceDetail(id).checks[0]!.id })
    }
    app.alerts.ensureDefaultRules()
    const kinds = [
      { signal: 'error_rate', windowS: 300, above: 0.5, minSamples: 3 },
      { signal: 'latency', windowS: 300, percentile: 95, aboveMs: 400, minSamples: 3 },
      { signal: 'component', component: 'db:status', worstAllowed: 'pass' },
      { signal: 'value', component: 'cpu:utilization', op: '>', threshold: 90 }
    ]
    const existing = app.alerts.rules().length
    for (let i = 0; i < 1000 - existing; i++) {
      const s = services[i % services.length]!
      app.alerts.createRule({
        name: `rule ${i}`,
        serviceId: s.id,
        checkId: null,
        condition: kinds[i % kinds.length] as never,
        forS: 60,
        severity: 'warning',
        labels: {},
        runbook: '',
        channelIds: [],
        reminderS: 0,
        notifyResolve: true,
        enabled: true
      })
    }
    const rules = app.alerts.rules().length
    // a stream of results: mostly healthy, some slow, an occasional failure burst
    const N = 50_000
    const event = (i: number, at: number): ResultEvent => {
      const s = services[i % services.length]!
      const bad = i % 997 < 3
      return {
        checkId: s.checkId,
        serviceId: s.id,
        checkName: 'health',
        serviceName: `svc-${i % 100}`,
        at,
        maintenance: false,
        state: bad ? 'DOWN' : 'UP',
        previous: 'UP',
        outcome: {
          status: bad ? 'DOWN' : 'UP',
          latencyMs: 20 + (i % 50) * (i % 7 === 0 ? 20 : 1),
          components: [
            { key: 'db:status', name: 'db', status: bad ? 'fail' : 'pass' },
            { key: 'cpu:utilization', name: 'cpu', status: 'pass', observedValue: 40 + (i % 60), observedUnit: 'percent' }
          ]
        }
      }
    }
    const t0 = Date.now()
    // the same path the health service uses: one transaction per result
    const feed = app.db.transaction((e: ResultEvent) => app.alerts.engine.onHealthResult(e))
    for (let i = 0; i < 2000; i++) feed(event(i, t0 + i * 100))
    const cpu0 = process.cpuUsage()
    const w0 = performance.now()
    for (let i = 2000; i < N; i++) feed(event(i, t0 + i * 100))
    const wall = performance.now() - w0
    const cpu = process.cpuUsage(cpu0)
    const perResultUs = (wall * 1000) / (N - 2000)
    const rulesPerResult = rules / services.length

    // failing check → notification on a loopback webhook
    const hook = app.alerts.createChannel({
      name: 'bench hook',
      config: { kind: 'webhook', headers: {}, retries: 0, timeoutMs: 5000 },
      secret: `${rx.url}/hook`,
      enabled: true
    }).id
    const latency = async (forS: number, trials: number): Promise<number[]> => {
      const out: number[] = []
      for (let k = 0; k < trials; k++) {
        const { id } = app.health.createService({
          name: `lat-${forS}-${k}`,
          environment: 'bench',
          region: 'eu',
          description: '',
          tags: {},
          checks: []
        })
        const r = app.alerts.createRule({
          name: `lat ${forS} ${k}`,
          serviceId: id,
          checkId: null,
          condition: { signal: 'down', failuresToFire: 1, successesToResolve: 1 },
          forS,
          severity: 'critical',
          labels: {},
          runbook: '',
          channelIds: [hook],
          reminderS: 0,
          notifyResolve: false,
          enabled: true
        })
        const before = rx.got.length
        const at = Date.now()
        app.alerts.engine.onHealthResult({
          checkId: 1_000_000 + k,
          serviceId: id,
          checkName: 'x',
          serviceName: 'x',
          at,
          maintenance: false,
          state: 'DOWN',
          previous: 'UP',
          outcome: { status: 'DOWN', latencyMs: 5 }
        })
        await rx.waitFor(before + 1, 10_000 + forS * 1000)
        out.push(rx.got[before]!.at - (at + forS * 1000))
        app.alerts.deleteRule(r.id)
      }
      return out.sort((a, b) => a - b)
    }
    const immediate = await latency(0, 20)
    const delayed = await latency(2, 5)
    return {
      name: 'alerts',
      figures: [
        { metric: 'rules', value: rules, unit: 'rules' },
        { metric: 'results evaluated', value: N - 2000, unit: 'results' },
        { metric: 'evaluation per result (≈10 rules each)', value: perResultUs, unit: 'µs' },
        { metric: 'evaluation per rule evaluation', value: perResultUs / rulesPerResult, unit: 'µs' },
        { metric: 'CPU per result', value: (cpu.user + cpu.system) / (N - 2000), unit: 'µs' },
        { metric: 'failing check → webhook received (for 0 s): p50', value: percentile(immediate, 50), unit: 'ms', goal: '< 1000 ms' },
        { metric: 'failing check → webhook received (for 0 s): max', value: immediate.at(-1)!, unit: 'ms', goal: '< 1000 ms' },
        { metric: 'for-duration end → webhook received (for 2 s): max', value: delayed.at(-1)!, unit: 'ms', goal: '< 1000 ms' }
      ],
      notes: [
        'results are fed straight into the engine (no HTTP checks); each result reaches the rules of its own service (default down rule + 9 others)',
        'latency is measured at a loopback webhook receiver, so it includes the HTTP delivery'
      ]
    }
  } finally {
    await rx.close()
    await app.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
