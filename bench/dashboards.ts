import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createApp } from '../src/main/app'
import { ManualClock } from '../src/main/core/clock'
import { silentLogger } from '../src/main/core/log'
import { DashboardModel, PanelDataInput, SaveInput } from '../src/shared/contract/dashboards'
import { httpCheck } from '../tests/helpers/health'
import { percentile, sample, type BenchResult, type Figure } from './harness'

/**
 * `npm run bench dashboards`
 *  Panel queries on a seeded workspace (BENCH_DASH_SERVICES services with a check run every minute for a day, a year of
 *  manual costs, 20,000 log lines): p50/p95 of each source's query over 24 h, as the grid asks for them on a refresh.
 *  Saving a 100-panel dashboard as a new version, the diff of two such versions, and a 12-panel HTML snapshot.
 */
const SERVICES = Number(process.env.BENCH_DASH_SERVICES ?? 10)
const MIN = 60_000

export async function dashboardsBench(): Promise<BenchResult> {
  const figures: Figure[] = []
  const notes = [
    `load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`
  ]
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-dash-'))
  const start = Date.UTC(2026, 10, 1)
  const clock = new ManualClock(start)
  const app = createApp({
    workspacePath: path.join(dir, 'w.db'),
    mode: 'test',
    logger: silentLogger,
    clock,
    testHooks: { logsInline: true }
  })
  const server = http.createServer((_q, res) => res.end('ok'))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  try {
    const checks: number[] = []
    for (let s = 0; s < SERVICES; s++) {
      const { id } = app.health.createService({
        name: `svc-${s}`,
        environment: 'production',
        region: 'eu',
        description: '',
        tags: {},
        checks: [{ name: 'http', intervalS: 60, retries: 0, paused: false, config: httpCheck(url, false) }]
      })
      checks.push(app.health.serviceDetail(id).checks[0]!.id)
    }
    const RUNS = 24 * 60
    for (let i = 0; i < RUNS; i++) {
      await Promise.all(checks.map((c) => app.health.runNow(c)))
      clock.advance(MIN)
    }
    notes.push(`${RUNS * SERVICES} health results over 24 h`)
    for (let i = 0; i < 20; i++)
      app.costs.manualCreate({
        service: `Vendor ${i}`,
        description: '',
        category: 'SaaS',
        amount: '1200',
        recurrence: 'monthly',
        startDay: '2025-11-01'
      })
    const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`
    for (let b = 0; b < 20; b++) {
      const values = Array.from({ length: 1000 }, (_, i) => [
        ns(clock.now() - 86_400_000 + (b * 1000 + i) * 4000),
        `request ${i} ${i % 10 ? 'ok' : 'error timeout'}`
      ])
      await app.logs.push(
        'loki',
        null,
        Buffer.from(JSON.stringify({ streams: [{ stream: { service: `svc-${b % SERVICES}` }, values }] })),
        undefined
      )
    }
    const queries: [string, unknown, string][] = [
      ['health uptime, every service', { source: 'health', metric: 'uptime', service: '' }, 'timeseries'],
      ['health p95 latency, one service', { source: 'health', metric: 'latency_p95', service: 'svc-0' }, 'timeseries'],
      ['health status grid', { source: 'health', metric: 'status', service: '' }, 'status'],
      ['alert counts by state', { source: 'alerts', groupBy: 'state' }, 'bar'],
      ['cost series by service (30 days)', { source: 'costs', groupBy: 'service' }, 'timeseries'],
      ['log count (LogQL)', { source: 'logs', logql: '{service=~"svc-.*"} |= "timeout"' }, 'timeseries'],
      ['log stream, 100 lines', { source: 'logs', logql: '{service="svc-1"}', limit: 100 }, 'logs'],
      ['PromQL on the built-in store', { source: 'metrics', promql: 'vector(1)' }, 'timeseries']
    ]
    for (const [name, query, panelType] of queries) {
      const from = name.startsWith('cost') ? 'now-30d' : 'now-24h'
      const input = PanelDataInput.parse({ query, panelType, time: { from, to: 'now' } })
      const t = await sample(40, () => app.dashboards.panelData(input), 5)
      figures.push({ metric: `${name}, p50`, value: percentile(t, 50) / 1000, unit: 'ms' })
      figures.push({ metric: `${name}, p95`, value: percentile(t, 95) / 1000, unit: 'ms', goal: '< 100 ms' })
    }

    const big = (title: string) =>
      DashboardModel.parse({
        title,
        panels: Array.from({ length: 100 }, (_, i) => ({
          id: `p${i + 1}`,
          title: `Panel ${i} ${title}`,
          type: 'timeseries',
          x: (i % 2) * 6,
          y: Math.floor(i / 2) * 4,
          w: 6,
          h: 4,
          query: { source: 'health', metric: 'uptime', service: `svc-${i % SERVICES}` }
        }))
      })
    let v = app.dashboards.save(SaveInput.parse({ model: big('a'), baseVersion: 0 }))
    const saves = await sample(
      60,
      () => {
        v = app.dashboards.save(SaveInput.parse({ uid: v.uid, model: big(`v${v.version}`), baseVersion: v.version }))
      },
      5
    )
    figures.push({ metric: 'save a 100-panel dashboard as a new version, p50', value: percentile(saves, 50) / 1000, unit: 'ms' })
    const diffs = await sample(20, () => app.dashboards.diff(v.uid, v.version - 10, v.version), 2)
    figures.push({ metric: 'diff of two 100-panel versions, p50', value: percentile(diffs, 50) / 1000, unit: 'ms' })
    const small = app.dashboards.save(
      SaveInput.parse({ model: { ...big('snap'), panels: big('snap').panels.slice(0, 12) }, baseVersion: 0 })
    )
    const snaps = await sample(10, () => app.dashboards.snapshot(small.uid, 7, {}), 1)
    figures.push({ metric: '12-panel HTML snapshot (queries and SVG), p50', value: percentile(snaps, 50) / 1000, unit: 'ms' })
  } finally {
    server.close()
    await app.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return { name: 'dashboards', figures, notes }
}
