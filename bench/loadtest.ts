/**
 * The load generator's own ceiling on this machine, against autocannon (npm) and wrk (Debian, when installed) on the
 * same trivial loopback server (in a child process), then its percentiles against theirs with the same definition —
 * time from the actual send — on answers that take 10–30 ms, in repeated pairs run side by side (the median difference
 * is the figure), with our generator beside itself as the noise floor.
 * Goal (issue 19): at least 80 % of their rate, with the same percentiles within 5 %.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { LoadPlan, type LoadReport } from '../src/shared/contract/testingLoad'
import { loadWorkerExecutor } from '../src/main/workers/pool'
import type { BenchResult, Figure } from './harness'
import { autocannon, hasWrk, wrk, type ToolRun } from './loadtestTools'

const SECONDS = Number(process.env.LOADTEST_BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.LOADTEST_BENCH_CONNECTIONS ?? 50)
/** Repeated pairs of the percentile comparison: the machine is shared, the tails move from run to run. */
const PAIRS = Number(process.env.LOADTEST_BENCH_PAIRS ?? 5)
/** The fixed rate of each tool in the open-model comparison against answers that take 10–30 ms (about 10 in flight). */
const SLOW_RATE = 500
/** Connections of each tool in the closed-model comparison against those answers (about 500 req/s). */
const SLOW_CONNECTIONS = 10
const PS = ['p50', 'p90', 'p99'] as const

async function startTarget(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('bench/loadtestTarget.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, TARGET_MAX_SECONDS: String(SECONDS * (10 + PAIRS * 4) + 120) }
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

/** Requests the target answered since the last call (the target's own count). */
const answered = async (url: string): Promise<number> => Number(await (await fetch(`${url}__count`)).text())

const ours = (url: string, executor: Record<string, unknown>): Promise<LoadReport> =>
  loadWorkerExecutor().run(
    { plan: LoadPlan.parse({ requests: [{ url }], executor, maxRequests: 10_000_000, timeoutMs: 10_000 }) },
    () => {}
  )
const closed = (url: string): Promise<LoadReport> => ours(url, { kind: 'constant-vus', vus: CONNECTIONS, durationS: SECONDS })
const fixedRate = (url: string, rate: number): Promise<LoadReport> =>
  ours(url, { kind: 'constant-arrival-rate', rate, durationS: SECONDS, preAllocatedVUs: CONNECTIONS, maxVUs: CONNECTIONS })

const pct = (a: number, b: number): number => Math.round((a / b) * 1000) / 10
const round1 = (v: number): number => Math.round(v * 10) / 10
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
/**
 * How far our value lies outside autocannon's 1 ms bin (its histogram truncates to whole ms, so "3" means [3, 4) ms),
 * in % of that bin's middle: 0 when ours falls in the bin.
 */
export const binDiff = (mine: number, theirs: number): number => {
  const outside = mine < theirs ? theirs - mine : mine >= theirs + 1 ? mine - (theirs + 1) : 0
  return round1((outside / (theirs + 0.5)) * 100)
}
/** wrk keeps microseconds: the plain relative difference. */
const relDiff = (mine: number, theirs: number): number => round1((Math.abs(mine - theirs) / theirs) * 100)

interface Pair {
  mine: LoadReport['latency']
  theirs: ToolRun
}
/** Per percentile: the median difference over the pairs, each pair's values in the label. */
function comparison(what: string, tool: string, pairs: Pair[], diff: (a: number, b: number) => number): Figure[] {
  return PS.map((p) => {
    const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1))
    const each = pairs.map((x) => `${fmt(x.mine[p])}/${fmt(x.theirs[p])}`).join(', ')
    return {
      metric: `${what} ${p}, here/${tool} ms by pair: ${each}; median difference`,
      value: median(pairs.map((x) => diff(x.mine[p], x.theirs[p]))),
      unit: '%',
      goal: '≤ 5 %'
    }
  })
}

export async function loadtestBench(): Promise<BenchResult> {
  const target = await startTarget()
  const withWrk = hasWrk()
  const figures: Figure[] = []
  try {
    await closed(target.url) // warm the target's JIT
    // the ceiling: alternate two runs of each tool, keep each one's best
    const mineRuns: { report: LoadReport; answered: number }[] = []
    const acRuns: ToolRun[] = []
    const wrkRuns: ToolRun[] = []
    for (let i = 0; i < 2; i++) {
      await answered(target.url)
      const report = await closed(target.url)
      mineRuns.push({ report, answered: await answered(target.url) })
      acRuns.push(await autocannon({ url: target.url, connections: CONNECTIONS, duration: SECONDS }))
      if (withWrk) wrkRuns.push(await wrk({ url: target.url, connections: CONNECTIONS, duration: SECONDS }))
    }
    const best = mineRuns.reduce((a, b) => (b.report.achievedRate > a.report.achievedRate ? b : a))
    const mine = best.report
    const bestOf = (runs: ToolRun[]): ToolRun => runs.reduce((a, b) => (b.rate > a.rate ? b : a))
    const ac = bestOf(acRuns)
    figures.push(
      { metric: `closed model, ${CONNECTIONS} connections: control-console rate`, value: mine.achievedRate, unit: 'req/s' },
      { metric: 'closed model: autocannon rate', value: Math.round(ac.rate), unit: 'req/s' },
      { metric: 'closed model: control-console / autocannon', value: pct(mine.achievedRate, ac.rate), unit: '%', goal: '≥ 80 %' }
    )
    if (withWrk) {
      const w = bestOf(wrkRuns)
      figures.push(
        { metric: 'closed model: wrk rate (one thread)', value: Math.round(w.rate), unit: 'req/s' },
        { metric: 'closed model: control-console / wrk', value: pct(mine.achievedRate, w.rate), unit: '%', goal: '≥ 80 %' }
      )
    }
    figures.push(
      {
        metric: `closed model: requests the target answered (${best.answered}) / measured here (${mine.requests.total})`,
        value: pct(best.answered, mine.requests.total),
        unit: '%',
        goal: '100 %'
      },
      { metric: 'closed model: generator thread busy', value: Math.round(mine.generator.utilization * 100), unit: '%' }
    )

    // the trivial target at a fixed rate, a fifth of the lower ceiling: sub-ms answers, so each tool mostly times its
    // own event loop — shown, not judged
    const rate = Math.max(100, Math.round(Math.min(mine.achievedRate, ac.rate) / 5 / 100) * 100)
    await answered(target.url)
    const mineFixed = await fixedRate(target.url, rate)
    const answeredFixed = await answered(target.url)
    const acFixed = await autocannon({ url: target.url, connections: CONNECTIONS, duration: SECONDS, overallRate: rate })
    figures.push(
      {
        metric: `fixed ${rate} req/s: control-console achieved (autocannon ${Math.round(acFixed.rate)})`,
        value: mineFixed.achievedRate,
        unit: 'req/s'
      },
      {
        metric: `fixed rate: requests the target answered (${answeredFixed}) / measured here (${mineFixed.requests.total})`,
        value: pct(answeredFixed, mineFixed.requests.total),
        unit: '%',
        goal: '100 %'
      },
      {
        metric: `fixed rate, from the send: p50 ${mineFixed.serviceTime.p50.toFixed(2)} ms here, autocannon's ${acFixed.p50} ms bin; p99 here`,
        value: Math.round(mineFixed.serviceTime.p99 * 100) / 100,
        unit: `ms (autocannon ${acFixed.p99})`
      },
      {
        metric: 'fixed rate: sends later than 10 ms while a connection was free',
        value: Math.round(mineFixed.generator.lateSendShare * 1000) / 10,
        unit: '%'
      }
    )

    // the percentile goal, on answers that take 10–30 ms so that every tool measures the server. Each pair runs both
    // tools at the same time, so that they share the machine's load of that moment (on a shared machine the tails move
    // from run to run far more than 5 %); both compared with the same definition, time from the actual send. Our
    // generator against itself, also side by side, shows how far two identical measurements differ under that load.
    const slow = `${target.url}slow`
    const vsAc: Pair[] = []
    const vsWrk: Pair[] = []
    const vsSelf: Pair[] = []
    const corrected: { send: number; due: number }[] = []
    const rates: string[] = []
    for (let i = 0; i < PAIRS; i++) {
      const [mineOpen, acSlow] = await Promise.all([
        fixedRate(slow, SLOW_RATE),
        autocannon({ url: slow, connections: CONNECTIONS, duration: SECONDS, overallRate: SLOW_RATE })
      ])
      vsAc.push({ mine: mineOpen.serviceTime, theirs: acSlow })
      corrected.push({ send: mineOpen.serviceTime.p99, due: mineOpen.latency.p99 })
      if (withWrk) {
        const [mineClosed, w] = await Promise.all([
          ours(slow, { kind: 'constant-vus', vus: SLOW_CONNECTIONS, durationS: SECONDS }),
          wrk({ url: slow, connections: SLOW_CONNECTIONS, duration: SECONDS })
        ])
        vsWrk.push({ mine: mineClosed.latency, theirs: w })
        rates.push(`${Math.round(mineClosed.achievedRate)}/${Math.round(w.rate)}`)
      }
      const [a, b] = await Promise.all([fixedRate(slow, SLOW_RATE), fixedRate(slow, SLOW_RATE)])
      vsSelf.push({ mine: a.serviceTime, theirs: { rate: b.achievedRate, requests: b.requests.total, ...b.serviceTime } })
    }
    figures.push(
      ...comparison(
        `10–30 ms answers, open model ${SLOW_RATE} req/s beside autocannon -R ${SLOW_RATE}, from the send,`,
        'autocannon',
        vsAc,
        binDiff
      )
    )
    if (withWrk) {
      figures.push(
        ...comparison(
          `10–30 ms answers, closed model ${SLOW_CONNECTIONS} connections beside wrk -c${SLOW_CONNECTIONS}, from the send,`,
          'wrk',
          vsWrk,
          relDiff
        ),
        {
          metric: `closed model on 10–30 ms answers, rate here/wrk by pair: ${rates.join(', ')}`,
          value: median(vsWrk.map((p, i) => pct(Number(rates[i]!.split('/')[0]), p.theirs.rate))),
          unit: '% (median)'
        }
      )
    }
    figures.push(
      ...comparison(
        `noise floor: control-console beside itself, open model ${SLOW_RATE} req/s, from the send,`,
        'itself',
        vsSelf,
        relDiff
      ).map((f) => ({ ...f, goal: 'shows the noise' }))
    )
    figures.push({
      metric: `open model at ${SLOW_RATE} req/s, p99 from the send / from the due time (corrected) by pair: ${corrected.map((c) => `${c.send.toFixed(1)}/${c.due.toFixed(1)}`).join(', ')}; median corrected − from the send`,
      value: round1(median(corrected.map((c) => c.due - c.send))),
      unit: 'ms'
    })
  } finally {
    target.stop()
  }
  return {
    name: 'loadtest',
    figures,
    notes: [
      ...(withWrk ? [] : ['wrk is not installed (Debian: apt-get install wrk): its comparisons were skipped']),
      `${SECONDS} s per run, one target process (it counts what it answers), ${CONNECTIONS} connections; control-console's generator on a worker thread of the bench process, autocannon (its CLI, -j) and wrk (-t1, a Lua done() hook) each in a process of their own`,
      `ceiling: two alternating runs of each tool, the best kept; percentiles: ${PAIRS} pairs, the two tools of a pair side by side (same moment, same load), the figure is the median difference over the pairs; the noise floor is our generator beside itself`,
      'all compared percentiles are time from the actual send (autocannon -C at a fixed rate; wrk and closed models always): the corrected figures (from the due time) are legitimately higher and are listed apart',
      "autocannon records whole milliseconds (its HDR histogram truncates): ours matches when it falls in autocannon's 1 ms bin; wrk records microseconds and takes the nearest rank, ours interpolates as k6 (the same at these counts)"
    ]
  }
}
