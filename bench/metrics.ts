import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CHROMIUM_ARGS, findBrowser } from '../scripts/doctor/browser.mjs'
import { createApp } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { scrapeTarget } from '../src/main/services/metrics/scraper'
import { seriesKey } from '../src/main/services/metrics/store'
import { percentile, type BenchResult, type Figure } from './harness'

/**
 * `npm run bench metrics`
 *  A. The built-in scraper: 500 endpoints (a child process serving a 200-sample page each) every 15 s, two cycles:
 *     CPU of this process per scrape (fetch, parse, store), bytes of workspace per stored sample.
 *  B. A 30-day, 200-series query_range on the built-in store (one sample every 5 min: 1.7 M samples): the query
 *     (select, evaluate, the contract's shape, JSON as sent to the window), p50/p95 of 20 runs after two warm-ups, once
 *     the past days are in the 5-minute rollup (its catch-up time is a figure of its own).
 * BENCH_METRICS_TARGETS (500), BENCH_METRICS_SERIES (200).
 */
const TARGETS = Number(process.env.BENCH_METRICS_TARGETS ?? 500)
const SERIES = Number(process.env.BENCH_METRICS_SERIES ?? 200)
const CYCLE_MS = 15_000
const DAY = 86_400_000

const EXPORTER = `
const http = require('http')
let n = 0
const server = http.createServer((req, res) => {
  n++
  const lines = []
  for (let i = 0; i < 40; i++) lines.push('http_requests_total{code="200",handler="/h' + i + '"} ' + (n * 7 + i))
  for (let i = 0; i < 40; i++) lines.push('http_requests_total{code="500",handler="/h' + i + '"} ' + n)
  for (const le of ['0.005','0.01','0.025','0.05','0.1','0.25','0.5','1','2.5','5','10','+Inf']) for (let i = 0; i < 10; i++) lines.push('http_request_duration_seconds_bucket{handler="/h' + i + '",le="' + le + '"} ' + n * 3)
  for (let i = 0; i < 40; i++) lines.push('node_cpu_seconds_total{cpu="' + (i % 8) + '",mode="m' + i + '"} ' + n * 0.5)
  res.setHeader('content-type', 'text/plain; version=0.0.4')
  res.end('# TYPE http_requests_total counter\\n' + lines.join('\\n') + '\\n')
})
server.listen(0, '127.0.0.1', () => console.log(server.address().port))
`

async function scraping(figures: Figure[], notes: string[]): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-metrics-'))
  const app = createApp({ workspacePath: path.join(dir, 'w.db'), mode: 'test', logger: silentLogger })
  const child = spawn(process.execPath, ['-e', EXPORTER], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<number>((r) => child.stdout!.once('data', (d) => r(Number(String(d).trim()))))
  try {
    const targets = Array.from({ length: TARGETS }, (_, i) => ({
      url: `http://127.0.0.1:${port}/metrics?t=${i}`,
      job: `svc${i}`,
      interval_s: 15
    }))
    const repo = app.metrics.repo
    const pageBytes = () =>
      (app.db.pragma('page_count', { simple: true }) as number) * (app.db.pragma('page_size', { simple: true }) as number)
    // first cycle creates the series; measure the second and third
    await Promise.all(targets.map((t) => scrapeTarget(repo, t, Date.now())))
    const bytes0 = pageBytes()
    const cpu0 = process.cpuUsage()
    let samples = 0
    let pageSize = 0
    const durations: number[] = []
    const started = Date.now()
    for (let cycle = 0; cycle < 2; cycle++) {
      const cycleStart = Date.now()
      await Promise.all(
        targets.map(async (t, i) => {
          await new Promise((r) => setTimeout(r, (i * CYCLE_MS) / TARGETS))
          const r = await scrapeTarget(repo, t, Date.now())
          if (r.error) throw new Error(r.error)
          samples += r.samples
          pageSize = r.bytes
          durations.push(r.durationMs)
        })
      )
      await new Promise((r) => setTimeout(r, Math.max(0, CYCLE_MS - (Date.now() - cycleStart))))
    }
    const cpu = process.cpuUsage(cpu0)
    const scrapes = 2 * TARGETS
    const wall = Date.now() - started
    durations.sort((a, b) => a - b)
    app.db.pragma('wal_checkpoint(TRUNCATE)')
    figures.push(
      { metric: `CPU per scrape (${TARGETS} endpoints every 15 s)`, value: (cpu.user + cpu.system) / 1000 / scrapes, unit: 'ms' },
      { metric: 'CPU share of one core while scraping', value: ((cpu.user + cpu.system) / 1000 / wall) * 100, unit: '%' },
      { metric: 'scrape duration p50 (fetch + parse + store)', value: percentile(durations, 50), unit: 'ms' },
      { metric: 'scrape duration p99', value: percentile(durations, 99), unit: 'ms' },
      { metric: 'workspace bytes per stored sample', value: (pageBytes() - bytes0) / samples, unit: 'B' },
      { metric: 'exposition bytes per sample', value: pageSize / (samples / scrapes - 1), unit: 'B' }
    )
    notes.push(
      `${scrapes} scrapes of ${samples / scrapes} samples (page ${pageSize} B) in ${(wall / 1000).toFixed(1)} s; the exporter runs in a child process`
    )
  } finally {
    child.kill()
    await app.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function rangeQuery(figures: Figure[], notes: string[]): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-metrics-'))
  const app = createApp({ workspacePath: path.join(dir, 'w.db'), mode: 'test', logger: silentLogger })
  try {
    const end = Math.floor(Date.now() / 60_000) * 60_000
    const start = end - 30 * DAY
    const step = 300_000
    const t0 = performance.now()
    for (let s = 0; s < SERIES; s++) {
      const labels = { __name__: 'node_load1', instance: `host-${s}:9100`, job: 'node' }
      const id = app.metrics.repo.seriesId('node_load1', seriesKey(labels))
      const rows = []
      for (let t = start; t <= end; t += step) rows.push({ seriesId: id, t, v: 1 + Math.sin(t / 3_600_000 + s) + (s % 7) * 0.1 })
      app.metrics.repo.insertSamples(rows)
    }
    notes.push(`${SERIES} series × ${(30 * DAY) / step + 1} samples written in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    const rolled = performance.now()
    const days = app.metrics.repo.rollup.catchUp(start - DAY, Infinity)
    figures.push({
      metric: `5-minute rollup of ${days} series-days (done in the background, a few a second)`,
      value: performance.now() - rolled,
      unit: 'ms'
    })
    let points = 0
    let lastWire = ''
    const runs = async (n: number): Promise<number[]> => {
      const times: number[] = []
      for (let i = 0; i < n + 2; i++) {
        const t = performance.now()
        const r = await app.metrics.queryRange({ sourceId: 0, query: 'node_load1', start, end })
        const wire = JSON.stringify(r)
        lastWire = wire
        if (i >= 2) times.push(performance.now() - t)
        points = r.series.reduce((a, s) => a + s.points.length, 0)
        if (!wire.length) throw new Error('empty answer')
      }
      return times.sort((a, b) => a - b)
    }
    const times = await runs(20)
    const drawn = await drawInChromium(lastWire, notes)
    // the same query without the rollup (dropped), under the same load: what the rollup saves
    app.db.exec('DELETE FROM metrics_rollup_5m')
    const raw = await runs(10)
    figures.push(
      {
        metric: `30-day ${SERIES}-series query_range answered and serialised, p50`,
        value: percentile(times, 50),
        unit: 'ms',
        goal: '< 200 ms drawn'
      },
      {
        metric: `30-day ${SERIES}-series query_range answered and serialised, p95`,
        value: percentile(times, 95),
        unit: 'ms',
        goal: '< 200 ms drawn'
      },
      { metric: 'the same query read raw (rollup dropped), p50', value: percentile(raw, 50), unit: 'ms' },
      ...(drawn.length
        ? [
            {
              metric: `the answer parsed and drawn by ECharts in Chromium (${SERIES} lines), p50`,
              value: percentile(drawn, 50),
              unit: 'ms'
            },
            {
              metric: `query p50 + drawing p50 (the goal's "drawn")`,
              value: percentile(times, 50) + percentile(drawn, 50),
              unit: 'ms',
              goal: '< 200 ms drawn'
            }
          ]
        : [])
    )
    notes.push(`${points} points returned (step chosen for ~500 points a series)`)
  } finally {
    await app.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The answer as the window gets it (JSON text), parsed and drawn as the metrics panels draw it (one line a series, no
 * symbols, time axis; canvas 1200 × 400, no animation) in the e2e browser: ms from the text to ECharts' `finished`.
 */
async function drawInChromium(wire: string, notes: string[]): Promise<number[]> {
  const found = findBrowser()
  if (!found.path) {
    notes.push('no Chromium found: drawing not measured')
    return []
  }
  const { chromium } = await import('@playwright/test')
  const browser = await chromium.launch({
    executablePath: found.path,
    args: CHROMIUM_ARGS
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 600 } })
    await page.setContent('<div id="c" style="width:1200px;height:400px"></div>')
    await page.addScriptTag({ path: path.resolve('node_modules/echarts/dist/echarts.min.js') })
    const times: number[] = []
    for (let i = 0; i < 12; i++) {
      const ms = await page.evaluate(async (text: string) => {
        const g = globalThis as any // the page's window (this file is typed for Node)
        const echarts = g.echarts
        const el = g.document.getElementById('c')
        const t = performance.now()
        const r = JSON.parse(text) as { series: { labels: Record<string, string>; points: [number, number | null][] }[] }
        const chart = echarts.init(el, null, { renderer: 'canvas' })
        const done = new Promise<void>((res) => chart.on('finished', () => res()))
        chart.setOption({
          animation: false,
          grid: { left: 8, right: 24, top: 48, bottom: 24, containLabel: true },
          legend: { top: 0, type: 'scroll' },
          tooltip: { trigger: 'axis' },
          xAxis: { type: 'time' },
          yAxis: { type: 'value', scale: true },
          series: r.series.map((s) => ({ name: s.labels.instance, type: 'line', showSymbol: false, connectNulls: false, data: s.points }))
        })
        await done
        const ms = performance.now() - t
        chart.dispose()
        return ms
      }, wire)
      if (i >= 2) times.push(ms)
    }
    notes.push(`drawing: Chromium ${browser.version()} (${found.path}), canvas renderer, 10 runs after two warm-ups`)
    return times.sort((a, b) => a - b)
  } finally {
    await browser.close()
  }
}

export async function metricsBench(): Promise<BenchResult> {
  const figures: Figure[] = []
  const notes: string[] = [
    `load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`
  ]
  await scraping(figures, notes)
  await rangeQuery(figures, notes)
  return { name: 'metrics', figures, notes }
}
