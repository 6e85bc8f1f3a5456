/**
 * The load generator's own ceiling on this machine, against autocannon on the same trivial loopback server (in a child
 * process): closed model at full speed with the same connections, then both at a fixed rate of half that ceiling.
 * Goal (issue 19): at least 80 % of autocannon's rate, with the same percentiles within 5 %.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import autocannon, { type Result as AutocannonResult } from 'autocannon'
import { LoadPlan, type LoadReport } from '../src/shared/contract/testingLoad'
import { loadWorkerExecutor } from '../src/main/workers/pool'
import type { BenchResult, Figure } from './harness'

const SECONDS = Number(process.env.LOADTEST_BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.LOADTEST_BENCH_CONNECTIONS ?? 50)

async function startTarget(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('bench/loadtestTarget.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, TARGET_MAX_SECONDS: String(SECONDS * 6 + 60) }
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0]!) as { port: number }).port)
    })
    child.once('exit', (c) => reject(new Error(`target exited ${c}`)))
  })
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.stdin!.end() }
}

const ours = (url: string, executor: Record<string, unknown>): Promise<LoadReport> =>
  loadWorkerExecutor().run(
    { plan: LoadPlan.parse({ requests: [{ url }], executor, maxRequests: 10_000_000, timeoutMs: 10_000 }) },
    () => {}
  )

const pct = (a: number, b: number): number => Math.round((a / b) * 1000) / 10
/** The difference at autocannon's resolution (whole milliseconds, truncated as its histogram stores them), in %. */
const diff = (ours: number, theirs: number): number => {
  const a = Math.floor(ours)
  return theirs === 0 ? (a === 0 ? 0 : 100) : Math.round(((a - theirs) / theirs) * 1000) / 10
}

/** p50, p90 and p99 of both tools side by side, the difference at autocannon's resolution. */
function percentiles(what: string, mine: LoadReport, theirs: AutocannonResult, goal?: string): Figure[] {
  return (['p50', 'p90', 'p99'] as const).map((p) => ({
    metric: `${what} ${p}: ${mine.latency[p].toFixed(2)} ms here, ${theirs.latency[p]} ms autocannon`,
    value: diff(mine.latency[p], theirs.latency[p]),
    unit: '% (whole ms)',
    ...(goal ? { goal } : {})
  }))
}

export async function loadtestBench(): Promise<BenchResult> {
  const target = await startTarget()
  const figures: Figure[] = []
  try {
    await ours(target.url, { kind: 'constant-vus', vus: CONNECTIONS, durationS: 2 }) // warm the target's JIT
    const mine = await ours(target.url, { kind: 'constant-vus', vus: CONNECTIONS, durationS: SECONDS })
    const theirs = await autocannon({ url: target.url, connections: CONNECTIONS, duration: SECONDS })
    const theirRate = theirs.requests.total / theirs.duration
    figures.push(
      { metric: `closed model, ${CONNECTIONS} connections: control-console rate`, value: mine.achievedRate, unit: 'req/s' },
      { metric: 'closed model: autocannon rate', value: theirRate, unit: 'req/s' },
      { metric: 'closed model: control-console / autocannon', value: pct(mine.achievedRate, theirRate), unit: '%', goal: '≥ 80 %' }
    )
    figures.push(...percentiles('closed model', mine, theirs, 'within 5 %'))
    figures.push({ metric: 'closed model: generator thread busy', value: Math.round(mine.generator.utilization * 100), unit: '%' })

    const rate = Math.max(100, Math.round(Math.min(mine.achievedRate, theirRate) / 2 / 100) * 100)
    const mineFixed = await ours(target.url, {
      kind: 'constant-arrival-rate',
      rate,
      durationS: SECONDS,
      preAllocatedVUs: CONNECTIONS,
      maxVUs: CONNECTIONS
    })
    const theirsFixed = await autocannon({ url: target.url, connections: CONNECTIONS, duration: SECONDS, overallRate: rate })
    const theirFixedRate = theirsFixed.requests.total / theirsFixed.duration
    figures.push(
      { metric: `fixed ${rate} req/s: control-console achieved`, value: mineFixed.achievedRate, unit: 'req/s' },
      { metric: `fixed ${rate} req/s: autocannon achieved`, value: theirFixedRate, unit: 'req/s' }
    )
    figures.push(...percentiles('fixed rate (corrected here)', mineFixed, theirsFixed))
    figures.push({
      metric: 'fixed rate: sends later than 10 ms while a connection was free',
      value: Math.round(mineFixed.generator.lateSendShare * 1000) / 10,
      unit: '%'
    })
  } finally {
    target.stop()
  }
  return {
    name: 'loadtest',
    figures,
    notes: [
      `${SECONDS} s per run, same target process, ${CONNECTIONS} connections; control-console's generator on a worker thread, autocannon on the main thread`,
      'autocannon records whole milliseconds (its HDR histogram holds integers), this generator microseconds: at sub-millisecond latencies the % differences mostly measure that rounding',
      'at a fixed rate autocannon times each connection on its own and does not correct for coordinated omission; the percentiles here are corrected'
    ]
  }
}
