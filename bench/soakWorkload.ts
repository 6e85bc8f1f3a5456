// What the soak asks of the console: 1,000 checks (a share failing, flapping or flaky), alert rules with a webhook,
// a FOCUS bill to import and two datasets for a drift check. Checks and rules are written through the service layer
// before the console starts; the bill and the datasets go through its API once it runs.
import path from 'node:path'
import { NotifyChannelInput, RuleInput, ServiceInput } from '../src/shared/contract'
import { createApp } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { generateFocus as writeFocusCsv } from './data'
import { writeData } from './drift'
import { rpc, runJob, type ServeProcess } from './soakConsole'

export interface Workload {
  checks: number
  failing: number
  flapping: number
  flaky: number
  rules: number
  bill: string
  reference: string
  current: string
}

const KINDS = ['health', 'ready', 'live', 'deps', 'public']

/** The route a check polls: 2 % always fail, 5 % flap (down 90 s of every 6 min), ~3 % flaky, the rest pass. */
export function routeOf(service: number, n: number): 'fail' | 'flap' | 'flaky' | 'health' {
  if (service % 50 === 1) return 'fail'
  if (service % 20 === 3) return 'flap'
  return n % 33 === 7 ? 'flaky' : 'health'
}

/** Services, checks (10 s), a webhook destination on the targets, and rules that fire and resolve with the flapping. */
export async function configure(file: string, dir: string, ports: number[], checks: number, intervalS: number): Promise<Workload> {
  const app = createApp({ workspacePath: file, mode: 'test', logger: silentLogger })
  const counts = { fail: 0, flap: 0, flaky: 0, health: 0 }
  try {
    const hook = app.alerts.createChannel(
      NotifyChannelInput.parse({
        name: 'ops webhook',
        config: { kind: 'webhook', retries: 0, timeoutMs: 2000 },
        secret: `http://127.0.0.1:${ports[0]}/hook`
      })
    )
    const flapServices: number[] = []
    let n = 0
    for (let s = 0; n < checks; s++) {
      const list = []
      for (let c = 0; c < KINDS.length && n < checks; c++, n++) {
        const route = routeOf(s, n)
        counts[route]++
        list.push({
          name: KINDS[c]!,
          intervalS,
          config: { kind: 'http' as const, url: `http://127.0.0.1:${ports[n % ports.length]}/${route}/${n}`, timeoutMs: 5000 }
        })
      }
      const { id } = app.health.createService(
        ServiceInput.parse({
          name: `svc-${s}`,
          environment: s % 5 === 0 ? 'staging' : 'production',
          region: `region-${s % 3}`,
          checks: list
        })
      )
      if (routeOf(s, s * 5) === 'flap') flapServices.push(id)
    }
    const rule = (r: Record<string, unknown>): void => void app.alerts.createRule(RuleInput.parse({ channelIds: [hook.id], ...r }))
    for (const serviceId of flapServices)
      rule({ name: `svc ${serviceId} down`, serviceId, condition: { signal: 'down', failuresToFire: 2, successesToResolve: 2 } })
    rule({
      name: 'error rate above 50 %',
      condition: { signal: 'error_rate', windowS: 60, above: 0.5, minSamples: 3 },
      severity: 'critical'
    })
    rule({
      name: 'p95 above 30 ms',
      condition: { signal: 'latency', windowS: 120, percentile: 95, aboveMs: 30, minSamples: 10 },
      severity: 'info'
    })
    const bill = path.join(dir, 'focus.csv')
    await writeFocusCsv(bill, 2000)
    const reference = writeData(dir, 'reference', false, 1, 20_000, 8).csv
    const current = writeData(dir, 'current', true, 2, 20_000, 8).csv
    return {
      checks: n,
      failing: counts.fail,
      flapping: counts.flap,
      flaky: counts.flaky,
      rules: flapServices.length + 2,
      bill,
      reference,
      current
    }
  } finally {
    await app.close()
  }
}

/** Once the console runs: import both datasets and save the drift check; returns its id. */
export async function prepareDrift(p: ServeProcess, w: Workload): Promise<number> {
  const ids: number[] = []
  for (const [name, file] of [
    ['reference', w.reference],
    ['current', w.current]
  ] as const) {
    const job = await runJob(p, 'drift:importDataset', { name, path: file, role: name, model: 'soak', version: '1' })
    if (job.state !== 'done') throw new Error(`drift dataset ${name}: ${job.state} ${job.error}`)
    const list = await rpc<{ id: number; name: string }[]>(p, 'drift:datasets')
    ids.push(list.find((d) => d.name === name)!.id)
  }
  // a check's model and version must be in the registry
  const model = await rpc<{ id: number }>(p, 'models:create', { name: 'soak', description: '', owner: '', tags: {} })
  await rpc(p, 'models:createVersion', { modelId: model.id, description: '', notes: '', tags: {} })
  const check = await rpc<{ id: number }>(p, 'drift:saveCheck', {
    name: 'soak',
    model: 'soak',
    version: '1',
    referenceId: ids[0],
    currentId: ids[1]
  })
  return check.id
}

/** The quarter-hourly jobs: a cost import (replacing the same periods) and a drift run; seconds each took. */
export async function periodicJobs(p: ServeProcess, w: Workload, driftCheck: number): Promise<{ importS: number; driftS: number }> {
  const t0 = performance.now()
  const imp = await runJob(p, 'costs:import', { path: w.bill })
  const t1 = performance.now()
  const { runId } = await rpc<{ runId: number; jobId: string }>(p, 'drift:runCheck', { id: driftCheck })
  for (;;) {
    const run = await rpc<{ state: string }>(p, 'drift:run', { runId })
    if (run.state !== 'running') break
    await new Promise((r) => setTimeout(r, 1000))
  }
  const t2 = performance.now()
  if (imp.state !== 'done') throw new Error(`cost import ${imp.state}: ${imp.error}`)
  return { importS: (t1 - t0) / 1000, driftS: (t2 - t1) / 1000 }
}
