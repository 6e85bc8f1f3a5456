import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createApp } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { percentile, sample, type BenchResult } from './harness'

/**
 * `npm run bench costs`
 *  A. import of BENCH_COSTS_ROWS (default 1,000,000) generated FOCUS rows over 12 months (CSV, streamed, one transaction):
 *     rows per second and peak RSS of the process.
 *  B. the dashboard's month-by-service query over those 12 months (served from the daily rollup), p50/p99.
 */
const ROWS = Number(process.env.BENCH_COSTS_ROWS ?? 1_000_000)
const MB = 1024 * 1024

const SERVICES = Array.from({ length: 40 }, (_, i) => ({
  name: `Service ${String(i + 1).padStart(2, '0')}`,
  category: ['Compute', 'Storage', 'Databases', 'Networking', 'Analytics'][i % 5]!,
  regions: [`region-${i % 6}`, `region-${(i + 3) % 6}`],
  sub: `sub-${i % 10}`
}))

/** Write a FOCUS 1.0 CSV of n rows spread evenly over 2024-01-01 .. 2024-12-31 (streamed, constant memory). */
async function generate(file: string, n: number): Promise<void> {
  const out = fs.createWriteStream(file, { highWaterMark: 1 << 20 })
  const header =
    'BilledCost,EffectiveCost,ListCost,BillingCurrency,BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,ServiceCategory,RegionId,SubAccountId,SubAccountName,ResourceId,ConsumedQuantity,ConsumedUnit,ProviderName,Tags,x_Operation\n'
  out.write(header)
  const start = Date.UTC(2024, 0, 1)
  const days = 366
  let seed = 12345
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
  let buf = ''
  for (let i = 0; i < n; i++) {
    const day = Math.floor((i * days) / n)
    const t = start + day * 86_400_000 + (i % 24) * 3_600_000
    const d = new Date(t)
    const iso = d.toISOString().slice(0, 19).replace('T', ' ')
    const end = new Date(t + 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
    const ps = `${iso.slice(0, 7)}-01 00:00:00`
    const pe = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 19).replace('T', ' ')
    const s = SERVICES[i % SERVICES.length]!
    const billed = (rand() * 3).toFixed(10)
    const eff = (Number(billed) * 0.9).toFixed(10)
    const tag = i % 4 === 0 ? '' : `"{""team"": ""t${i % 7}"", ""env"": ""${i % 2 ? 'prod' : 'dev'}""}"`
    buf += `${billed},${eff},${billed},USD,acct-1,${ps},${pe},${iso},${end},Usage,${s.name},${s.category},${s.regions[i % 2]},${s.sub},Team ${s.sub},res-${i % 5000},${(rand() * 10).toFixed(3)},Hours,Bench,${tag},op${i % 3}\n`
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()))
      buf = ''
    }
  }
  out.write(buf)
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
}

export async function costsBench(): Promise<BenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-costs-'))
  const csv = path.join(dir, 'focus-1m.csv')
  try {
    const tGen = performance.now()
    await generate(csv, ROWS)
    const genS = (performance.now() - tGen) / 1000
    const app = createApp({ workspacePath: path.join(dir, 'bench.db'), mode: 'test', logger: silentLogger })
    let peak = process.memoryUsage().rss
    const baseRss = peak
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss)
    }, 25)
    const t0 = performance.now()
    const report = await app.costs.importFile({ path: csv })
    const importS = (performance.now() - t0) / 1000
    clearInterval(timer)
    peak = Math.max(peak, process.memoryUsage().rss)
    const rollupRows = (app.db.prepare('SELECT COUNT(*) AS n FROM cost_daily').get() as { n: number }).n

    const query = (): unknown => app.costs.series({ from: '2024-01-01', to: '2024-12-31', granularity: 'month', groupBy: 'service', basis: 'billed', filters: {}, top: 8 })
    const tCold = performance.now()
    query()
    const coldMs = performance.now() - tCold
    const times = await sample(50, query, 5)
    const summaryTimes = await sample(10, () => app.costs.summary({ basis: 'billed' }), 2)
    await app.close()
    return {
      name: 'costs',
      figures: [
        { metric: `import ${ROWS.toLocaleString('en-US')} FOCUS rows (CSV ${(fs.statSync(csv).size / MB).toFixed(0)} MB)`, value: importS, unit: 's' },
        { metric: 'import throughput', value: report.rows / importS, unit: 'rows/s' },
        { metric: 'peak RSS during import', value: peak / MB, unit: 'MB' },
        { metric: 'RSS before import', value: baseRss / MB, unit: 'MB' },
        { metric: 'month-by-service query, first call after the import', value: coldMs, unit: 'ms', goal: '< 100 ms' },
        { metric: 'month-by-service query, 12 months, p50', value: percentile(times, 50) / 1000, unit: 'ms', goal: '< 100 ms' },
        { metric: 'month-by-service query, 12 months, p99', value: percentile(times, 99) / 1000, unit: 'ms', goal: '< 100 ms' },
        { metric: 'dashboard summary (incl. forecast), p50', value: percentile(summaryTimes, 50) / 1000, unit: 'ms' },
        { metric: 'daily rollup rows', value: rollupRows, unit: 'rows' }
      ],
      notes: [`generated the CSV in ${genS.toFixed(1)} s (not counted)`, `billed total ${report.billed} ${report.currency}`]
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
