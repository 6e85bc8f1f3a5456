import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'
import { ManualClock } from '../../core/clock'
import { systemTimeZone } from '../../core/cron'
import type { EventName } from '../../../shared/events'
import { moneySums as sums } from '../../../../tests/helpers/costs'
import { listAtLeast, sharedData } from '../../../../tests/helpers/data'

const FOCUS = sharedData('focus')
const SAMPLE = path.join(FOCUS, 'focus_sample.csv')

let t: TestApp | undefined
const dirs: string[] = []
afterEach(async () => {
  await t?.cleanup()
  t = undefined
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
})

/** Independent exact sum of a decimal column (BigInt at 1e-12), straight from the CSV text. */
function columnSum(file: string, column: string): bigint {
  const text = fs.readFileSync(file, 'utf8')
  const lines = text.split(/\r?\n/).filter((l) => l.length)
  const header = splitCsv(lines[0]!)
  const i = header.indexOf(column)
  let total = 0n
  for (const line of lines.slice(1)) {
    const cell = splitCsv(line)[i]!
    if (cell === 'NULL' || cell === '') continue
    const [int, frac = ''] = cell.replace('-', '').split('.')
    const v = BigInt(int!) * 10n ** 12n + BigInt(frac.padEnd(12, '0').slice(0, 12))
    total += cell.startsWith('-') ? -v : v
  }
  return total
}

function splitCsv(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let q = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"'
        i++
      } else if (c === '"') q = false
      else cur += c
    } else if (c === '"') q = true
    else if (c === ',') {
      out.push(cur)
      cur = ''
    } else cur += c
  }
  out.push(cur)
  return out
}

/** nano-units vs 1e-12 BigInt: equal to the cent, and within 1e-6 in fact. */
function expectSameMoney(nano: bigint | string, exact12: bigint): void {
  const asNano = typeof nano === 'string' ? BigInt(nano.replace('.', '').replace(/^(-?)0+(?=\d)/, '$1')) : nano
  const diff = asNano * 1000n - exact12
  expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(1_000_000n) // 1e-6
  const cents = (v: bigint): bigint => (v + 5n * 10n ** 9n) / 10n ** 10n
  expect(cents(asNano * 1000n)).toBe(cents(exact12))
}

function write(name: string, content: string | Buffer): string {
  const dir = tempDir('cc-costs-')
  dirs.push(dir)
  const file = path.join(dir, name)
  fs.writeFileSync(file, content)
  return file
}

function events(app: TestApp['app']) {
  const seen: { name: EventName; payload: any }[] = []
  app.bus.subscribe((name, payload) => seen.push({ name, payload }))
  return seen
}

describe('costs import', () => {
  it('imports the real FOCUS sample with totals matching a direct sum of BilledCost and EffectiveCost', async () => {
    t = tempApp()
    const seen = events(t.app)
    const report = await t.app.costs.importFile({ path: SAMPLE })
    expect(report.rows).toBe(1000)
    expect(report.currency).toBe('USD')
    const billed = columnSum(SAMPLE, 'BilledCost')
    const effective = columnSum(SAMPLE, 'EffectiveCost')
    expectSameMoney(report.billed, billed)
    expectSameMoney(report.effective, effective)
    const db = t.app.db
    const raw = sums(db, 'cost_rows', ['billed', 'effective'])
    const rolled = sums(db, 'cost_daily', ['billed', 'effective'], 'SUM(rows)')
    expect(rolled).toEqual(raw)
    expect(raw.n).toBe(1000n)
    expectSameMoney(raw.billed!, billed)
    expectSameMoney(raw.effective!, effective)
    expect(report.periods.map((p) => [p.account, p.period])).toContainEqual(['1234567890123', '2024-09-01'])
    const progress = seen.filter((e) => e.name === 'job:progress').map((e) => e.payload)
    expect(progress[0]).toMatchObject({ kind: 'costs:import', area: 'costs', state: 'running' })
    expect(progress.at(-1)).toMatchObject({ jobId: (progress[0] as { jobId: string }).jobId, state: 'done', unit: 'bytes' })
    // tags and x_ columns survive
    expect(db.prepare('SELECT COUNT(*) AS n FROM cost_rows WHERE tags IS NOT NULL').get()).toEqual({ n: 711 })
    const series = t.app.costs.series({
      from: '2024-09-01',
      to: '2024-09-30',
      granularity: 'month',
      groupBy: 'tag:environment',
      basis: 'billed',
      filters: {},
      top: 5
    })
    expect(series.series.map((s) => s.name)).toContain('(untagged)')
    expect(series.totals[0]).toBeCloseTo(Number(billed) / 1e12, 6)
  })

  it('is idempotent: re-importing the same billing periods replaces them', async () => {
    t = tempApp()
    const first = await t.app.costs.importFile({ path: SAMPLE })
    const again = await t.app.costs.importFile({ path: SAMPLE })
    expect(again.replacedRows).toBe(1000)
    const n = sums(t.app.db, 'cost_rows', ['billed'])
    expect(n.n).toBe(1000n)
    expectSameMoney(n.billed!, columnSum(SAMPLE, 'BilledCost'))
    expect(t.app.costs.imports().map((i) => i.id)).toEqual([again.importId])
    expect(first.importId).not.toBe(again.importId)
    // a gzip copy is the same bill
    const gz = write('focus_sample.csv.gz', zlib.gzipSync(fs.readFileSync(SAMPLE)))
    const viaGz = await t.app.costs.importFile({ path: gz })
    expect(viaGz.format).toBe('csv.gz')
    expect(viaGz.replacedRows).toBe(1000)
    expect((t.app.db.prepare('SELECT COUNT(*) AS n FROM cost_rows').get() as { n: number }).n).toBe(1000)
  })

  it('names file, row and column in errors and imports nothing', async () => {
    t = tempApp()
    const header = 'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ServiceName'
    const badDecimal = write('bad.csv', `${header}\n1.00,1.00,USD,2024-09-01 00:00:00,A\n1.00,abc,USD,2024-09-02 00:00:00,B\n`)
    await expect(t.app.costs.importFile({ path: badDecimal })).rejects.toThrow(
      'bad.csv: row 3, column 2 (EffectiveCost): "abc" is not a decimal number'
    )
    await expect(t.app.costs.importFile({ path: path.join(t.dir, 'nowhere.csv') })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'path',
      message: expect.stringMatching(/nowhere\.csv: file not found/)
    })
    const missing = write('missing.csv', 'EffectiveCost,ChargePeriodStart\n1,2024-09-01\n')
    await expect(t.app.costs.importFile({ path: missing })).rejects.toThrow(/missing\.csv: missing required column BilledCost/)
    const mixed = write('mixed.csv', `${header}\n1.00,1.00,USD,2024-09-01 00:00:00,A\n2.00,2.00,EUR,2024-09-01 00:00:00,A\n`)
    await expect(t.app.costs.importFile({ path: mixed })).rejects.toThrow(
      'mixed.csv: row 3, column 3 (BillingCurrency): mixed currencies: EUR differs from USD'
    )
    const badDate = write('date.csv', `${header}\n1.00,1.00,USD,someday,A\n`)
    await expect(t.app.costs.importFile({ path: badDate })).rejects.toThrow(
      /date\.csv: row 2, column 4 \(ChargePeriodStart\): "someday" is not a date-time/
    )
    expect(t.app.db.prepare('SELECT COUNT(*) AS n FROM cost_rows').get()).toEqual({ n: 0 })
    expect(t.app.db.prepare('SELECT COUNT(*) AS n FROM cost_imports').get()).toEqual({ n: 0 })
    // with a rate the mixed file imports, converted
    const ok = await t.app.costs.importFile({ path: mixed, rates: { EUR: 1.1 } })
    expect(ok.billed).toBe('3.200000000')
  })

  it('reads the FOCUS 1.2 spec examples (M/D/YY dates, null literals, blank lines)', async () => {
    t = tempApp()
    const examples = listAtLeast(path.join(FOCUS, 'spec-examples'), 6)
    expect(examples).toEqual([
      'commitment_discount_usage_scenario_3.csv',
      'one_hundred_percent_utilization_with_commitment_discount_flexibility_with_2_resources.csv',
      'saas_spend_agreements_a1.csv',
      'saas_spend_agreements_a2.csv',
      'saas_spend_agreements_b1.csv',
      'saas_spend_agreements_b2.csv'
    ])
    let imported = 0
    for (const f of examples) {
      const r = await t.app.costs.importFile({ path: path.join(FOCUS, 'spec-examples', f) })
      expect(r.rows).toBeGreaterThan(0)
      expectSameMoney(r.billed, columnSum(path.join(FOCUS, 'spec-examples', f), 'BilledCost'))
      imported++
    }
    expect(imported).toBe(examples.length)
  })

  it('imports the sample converted to Parquet (doubles, timestamps, nulls) with the same totals', async () => {
    t = tempApp()
    const { parquetWriteBuffer } = await import('hyparquet-writer')
    const { openCsv } = await import('../../core/files/csv')
    const reader = await openCsv(SAMPLE, { header: true })
    const header = reader.columns
    const rows: string[][] = []
    for await (const b of reader) for (let i = 0; i < b.length; i++) rows.push(header.map((_, j) => b.text(i, j)))
    const col = (name: string): (string | null)[] => rows.map((r) => (r[header.indexOf(name)] === 'NULL' ? null : r[header.indexOf(name)]!))
    const num = (name: string) => col(name).map((v) => (v === null ? null : Number(v)))
    const time = (name: string) => col(name).map((v) => (v === null ? null : new Date(v.replace(' ', 'T') + 'Z')))
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'BilledCost', data: num('BilledCost'), type: 'DOUBLE' },
        { name: 'EffectiveCost', data: num('EffectiveCost'), type: 'DOUBLE' },
        { name: 'BillingCurrency', data: col('BillingCurrency'), type: 'STRING' },
        { name: 'BillingAccountId', data: col('BillingAccountId'), type: 'STRING' },
        { name: 'BillingPeriodStart', data: time('BillingPeriodStart'), type: 'TIMESTAMP' },
        { name: 'ChargePeriodStart', data: time('ChargePeriodStart'), type: 'TIMESTAMP' },
        { name: 'ServiceName', data: col('ServiceName'), type: 'STRING' },
        { name: 'ConsumedQuantity', data: num('ConsumedQuantity'), type: 'DOUBLE' },
        { name: 'Tags', data: col('Tags'), type: 'STRING' }
      ]
    })
    const file = write('focus_sample.parquet', Buffer.from(buf))
    const r = await t.app.costs.importFile({ path: file })
    expect(r.format).toBe('parquet')
    expect(r.rows).toBe(1000)
    expectSameMoney(r.billed, columnSum(SAMPLE, 'BilledCost'))
    expectSameMoney(r.effective, columnSum(SAMPLE, 'EffectiveCost'))
    expect(t.app.db.prepare('SELECT COUNT(*) AS n FROM cost_rows WHERE tags IS NOT NULL').get()).toEqual({ n: 711 })
    expect(t.app.db.prepare('SELECT COUNT(*) AS n FROM cost_rows WHERE consumed_qty IS NULL').get()).toEqual({ n: 1 })
  })

  it('imports a non-FOCUS CSV through a saved column mapping', async () => {
    t = tempApp()
    const file = write('vendor.csv', 'Date,Amount,Product,Cur\n2024-09-01,10.50,Search,USD\n2024-09-02,4.25,Search,USD\n')
    await expect(t.app.costs.importFile({ path: file, source: 'vendor' })).rejects.toThrow(/source "vendor" not found/)
    t.app.costs.saveSource('vendor', { BilledCost: 'Amount', ChargePeriodStart: 'Date', ServiceName: 'Product', BillingCurrency: 'Cur' })
    const r = await t.app.costs.importFile({ path: file, source: 'vendor' })
    expect(r.billed).toBe('14.750000000')
    expect(r.periods).toEqual([{ account: 'vendor', period: '2024-09-01', rows: 2, replacedRows: 0 }])
    const inspected = await t.app.costs.header(file)
    expect(inspected.columns.map((c) => [c.name, c.type])).toEqual([
      ['Date', 'date'],
      ['Amount', 'number'],
      ['Product', 'string'],
      ['Cur', 'string']
    ])
    expect(inspected).toMatchObject({ format: 'csv', delimiter: ',', header: true, rowEstimate: 2, rowsExact: true })
    expect(inspected.required).toEqual(['BilledCost', 'ChargePeriodStart'])
  })

  it('cancels an import and keeps nothing', async () => {
    t = tempApp()
    const lines = ['BilledCost,ChargePeriodStart,ServiceName']
    for (let i = 0; i < 60_000; i++) lines.push(`0.01,2024-09-${String((i % 28) + 1).padStart(2, '0')} 00:00:00,S${i % 7}`)
    const file = write('big.csv', lines.join('\n'))
    const { jobId } = t.app.costs.startImport({ path: file })
    const running = t.app.jobs.wait(jobId)
    setImmediate(() => t!.app.jobs.cancel(jobId))
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(t.app.db.prepare('SELECT COUNT(*) AS n FROM cost_rows').get()).toEqual({ n: 0 })
  })

  it('spreads manual entries evenly and exactly', () => {
    t = tempApp({ clock: new ManualClock(Date.UTC(2024, 10, 15)) })
    const r = t.app.costs.manualCreate({
      service: 'Figma',
      description: 'seats',
      category: 'SaaS',
      amount: '100.00',
      recurrence: 'monthly',
      startDay: '2024-09-01'
    })
    expect(r.rows).toBe(30 + 31 + 30)
    const months = t.app.costs.series({
      from: '2024-09-01',
      to: '2024-11-30',
      granularity: 'month',
      groupBy: 'service',
      basis: 'billed',
      filters: {},
      top: 5
    })
    expect(months.totals).toEqual([100, 100, 100])
    t.app.costs.manualDelete(r.id)
    expect(t.app.db.prepare('SELECT COUNT(*) AS n FROM cost_daily').get()).toEqual({ n: 0 })
  })
})

describe('costs analysis and budgets', () => {
  /** 70 days of synthetic daily cost for two services, one spike. */
  function synthetic(days = 92): string {
    const lines = [
      'BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,BillingPeriodStart,ServiceName,ServiceCategory,RegionId,BillingAccountId,ResourceId,ConsumedQuantity,Tags'
    ]
    const start = Date.UTC(2024, 6, 1)
    for (let d = 0; d < days; d++) {
      const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10)
      const weekend = [0, 6].includes(new Date(start + d * 86_400_000).getUTCDay())
      const compute = (weekend ? 60 : 100) + d * 0.5 + (d === 80 ? 400 : 0)
      lines.push(
        `${compute.toFixed(2)},${(compute * 0.8).toFixed(2)},USD,${day} 00:00:00,${day.slice(0, 7)}-01 00:00:00,Compute,Compute,us-east-1,acct,vm-${d % 3},5,"{""team"": ""core""}"`
      )
      lines.push(`3.00,3.00,USD,${day} 00:00:00,${day.slice(0, 7)}-01 00:00:00,Storage,Storage,eu-west-1,acct,disk-idle,0,`)
    }
    return write('synthetic.csv', lines.join('\n') + '\n')
  }

  it('groups, filters, finds anomalies and movers, and forecasts', async () => {
    t = tempApp({ clock: new ManualClock(Date.UTC(2024, 9, 1)) })
    await t.app.costs.importFile({ path: synthetic() })
    const s = t.app.costs.series({
      from: '2024-07-01',
      to: '2024-09-30',
      granularity: 'day',
      groupBy: 'service',
      basis: 'billed',
      filters: {},
      top: 8
    })
    expect(s.series.map((x) => x.name)).toEqual(['Compute', 'Storage'])
    expect(s.fromRollup).toBe(true)
    expect(s.anomalies.map((a) => a.day)).toContain('2024-09-19')
    const weeks = t.app.costs.series({
      from: '2024-07-01',
      to: '2024-09-30',
      granularity: 'week',
      groupBy: 'region',
      basis: 'effective',
      filters: { region: ['eu-west-1'] },
      top: 8
    })
    expect(weeks.buckets[0]).toBe('2024-07-01')
    expect(weeks.series.map((x) => x.name)).toEqual(['eu-west-1'])
    const movers = t.app.costs.movers({
      a: { from: '2024-07-01', to: '2024-07-31' },
      b: { from: '2024-09-01', to: '2024-09-30' },
      groupBy: 'service',
      basis: 'billed',
      limit: 5
    })
    expect(movers[0]!.key).toBe('Compute')
    expect(movers[0]!.delta).toBeGreaterThan(0)
    const f = t.app.costs.forecast('billed')
    expect(f.method).toBe('holt-winters')
    expect(f.monthEnd!.month).toBe('2024-09')
    expect(f.nextMonths.map((m) => m.month)).toEqual(['2024-10', '2024-11', '2024-12'])
    expect(f.nextMonths[0]!.lo).toBeLessThanOrEqual(f.nextMonths[0]!.mean)
    expect(f.backtest.mape).not.toBeNull()
    expect(f.backtest.holdoutDays).toBeGreaterThanOrEqual(14)
    const recs = t.app.costs.recommendations()
    expect(recs.find((r) => r.kind === 'idle-resource')?.target).toBe('disk-idle')
    expect(recs.find((r) => r.kind === 'untagged')).toBeTruthy()
    const goal = t.app.costs.setSavingsGoal('2024-07', 20)
    expect(goal.months.map((m) => m.month)).toEqual(['2024-07', '2024-08', '2024-09'])
    expect(goal.target).toBeCloseTo(goal.baseline * 0.8, 2)
  })

  it('reads a partial month right: no anomalies on days without data yet, movers like for like', async () => {
    t = tempApp({ clock: new ManualClock(Date.UTC(2024, 8, 16)) })
    await t.app.costs.importFile({ path: synthetic(77) }) // 2024-07-01 … 2024-09-15
    const s = t.app.costs.series({
      from: '2024-09-01',
      to: '2024-09-30',
      granularity: 'day',
      groupBy: 'service',
      basis: 'billed',
      filters: {},
      top: 8
    })
    expect(s.anomalies.filter((a) => a.day > '2024-09-15')).toEqual([])
    expect(s.anomalies.every((a) => a.direction === 'high' || a.day <= '2024-09-15')).toBe(true)
    expect(t.app.costs.summary({ month: '2024-09', basis: 'billed' }).anomalies).toBe(s.anomalies.length)
    const [compute] = t.app.costs.movers({
      a: { from: '2024-08-01', to: '2024-08-31' },
      b: { from: '2024-09-01', to: '2024-09-30' },
      groupBy: 'service',
      basis: 'billed',
      limit: 5
    })
    // 15 days of September against 15 days of August: the cost grows 0.5 a day, so September is ahead, not 50 % down
    expect(compute!.key).toBe('Compute')
    expect(compute!.delta).toBeGreaterThan(0)
    expect(compute!.pct!).toBeLessThan(0.3)
  })

  it('guards the forecast: unreliable with the reason on short history or a MAPE above the limit, budgets alike', async () => {
    t = tempApp({ clock: new ManualClock(Date.UTC(2024, 6, 22)) })
    await t.app.costs.importFile({ path: synthetic(20) }) // 2024-07-01 … 2024-07-20: too short to backtest
    const f = t.app.costs.forecast('billed')
    expect(f.trend).toBe('damped')
    expect(f.reliable).toBe(false)
    expect(f.unreliableReason).toContain('backtest')
    expect(t.app.costs.summary({ basis: 'billed' }).forecastMonthEnd).toMatchObject({ reliable: false })
    const seen = events(t.app)
    t.app.costs.budgetCreate({ name: 'July', amount: '2000' })
    const [budget] = t.app.costs.budgets()
    expect(budget!.status.forecast).toBeNull()
    expect(budget!.status.forecastUnreliable).toContain('backtest')
    // no "forecast over budget" alert from a forecast nobody should trust
    expect(seen.filter((e) => e.name === 'costs:budget' && e.payload.basis === 'forecast')).toEqual([])
  })

  it('lets the MAPE limit be set, and offers a linear trend beside the damped default', async () => {
    t = tempApp({ clock: new ManualClock(Date.UTC(2024, 9, 1)) })
    await t.app.costs.importFile({ path: synthetic() })
    const f = t.app.costs.forecast('billed')
    expect(f.reliable).toBe(true)
    expect(f.params!.phi).toBeLessThan(1)
    expect(t.app.costs.forecast('billed', { kind: 'all' }, 'linear').params!.phi).toBe(1)
    t.app.costs.setSettings({ forecastMaxMape: 0.05 })
    expect(f.backtest.mape!).toBeGreaterThan(0.05)
    const strict = t.app.costs.forecast('billed')
    expect(strict.reliable).toBe(false)
    expect(strict.unreliableReason).toMatch(/MAPE\), above the 5 % limit/)
  })

  it('fires each budget threshold once per period, on actual and forecast spend', async () => {
    t = tempApp({ clock: new ManualClock(Date.UTC(2024, 9, 1)) })
    await t.app.costs.importFile({ path: synthetic() })
    const seen = events(t.app)
    const { id } = t.app.costs.budgetCreate({ name: 'Compute Sept', amount: '3000', scope: { kind: 'service', service: 'Compute' } })
    const budget = seen.filter((e) => e.name === 'costs:budget').map((e) => e.payload)
    expect(budget.filter((b) => b.basis === 'actual').map((b) => b.threshold)).toEqual([0.5, 0.8, 1])
    expect(budget[0]).toMatchObject({
      budgetId: id,
      name: 'Compute Sept',
      basis: 'actual',
      budget: 3000,
      currency: 'USD',
      period: '2024-09'
    })
    expect(budget.find((b) => b.basis === 'forecast')).toMatchObject({ threshold: 1 })
    const count = budget.length
    t.app.costs.evaluateBudgets()
    await t.app.costs.importFile({ path: synthetic() })
    expect(seen.filter((e) => e.name === 'costs:budget')).toHaveLength(count)
    const view = t.app.costs.budgets().find((b) => b.id === id)!
    expect(view.status.state).toBe('over')
    expect(view.fired.length).toBe(count)
    // a quarterly budget for everything that is not crossed raises nothing
    t.app.costs.budgetCreate({ name: 'Big', period: 'quarterly', amount: '1000000' })
    expect(seen.filter((e) => e.name === 'costs:budget')).toHaveLength(count)
  })

  it('computes cost per 1,000 checks for a billed service linked to a monitored service', async () => {
    t = tempApp({ clock: new ManualClock(Date.UTC(2024, 9, 1)) })
    await t.app.costs.importFile({ path: synthetic() })
    const { id } = t.app.health.createService({
      name: 'api',
      environment: 'production',
      region: 'us-east-1',
      description: '',
      tags: {},
      checks: [
        { name: 'tcp', intervalS: 60, retries: 0, paused: true, config: { kind: 'tcp', host: '127.0.0.1', port: 9, timeoutMs: 1000 } }
      ]
    } as never)
    const checkId = t.app.health.serviceDetail(id).checks[0]!.id
    const insert = t.app.db.prepare(
      'INSERT INTO rollup_hour (check_id, bucket, count, failures, degraded, maintenance, lat_min, lat_max, lat_sum, p50, p95, p99, hist) VALUES (?, ?, ?, 0, 0, 0, 1, 1, 1, 1, 1, 1, ?)'
    )
    for (let h = 0; h < 24 * 30; h++) insert.run(checkId, Date.UTC(2024, 8, 1) + h * 3_600_000, 60, Buffer.alloc(0))
    expect(() => t!.app.costs.link('Compute', 999)).toThrow(/not found/)
    t.app.costs.link('Compute', id)
    const [u] = t.app.costs.unitCosts('2024-09-01', '2024-09-30')
    expect(u).toMatchObject({ costService: 'Compute', serviceId: id, serviceName: 'api', checks: 43_200 })
    expect(u!.costPer1000).toBeCloseTo((u!.cost / 43_200) * 1000, 6)
  })

  it('builds a report, its CSV with exact totals, and publishes scheduled reports when due', async () => {
    const clock = new ManualClock(Date.UTC(2024, 9, 1, 5))
    t = tempApp({ clock })
    await t.app.costs.importFile({ path: SAMPLE })
    const r = t.app.costs.report({ from: '2024-09-01', to: '2024-09-30', scope: {} })
    expect(r.summary.billed).toBeCloseTo(20.52, 2)
    expect(r.topServices.length).toBeGreaterThan(0)
    const csv = t.app.costs.reportCsv({ from: '2024-09-01', to: '2024-09-30', scope: {} }).csv
    const total = csv.trim().split('\n').at(-1)!.split(',')
    expect(total[0]).toBe('total')
    expect(Number(total[5])).toBeCloseTo(Number(columnSum(SAMPLE, 'BilledCost')) / 1e12, 6)
    const seen = events(t.app)
    const { nextRunAt } = t.app.costs.scheduleCreate({
      name: 'Monthly costs',
      cadence: 'monthly',
      timezone: 'UTC',
      recipients: ['lead@example.com'],
      scope: {}
    })
    expect(nextRunAt).toBe(Date.UTC(2024, 9, 1, 6))
    // weekly on Mondays at 06:00 in the schedule's zone: New York (EDT, UTC-4) from Tuesday 1 October 2024
    const ny = t.app.costs.scheduleCreate({ name: 'Weekly NY', cadence: 'weekly', timezone: 'America/New_York', recipients: [], scope: {} })
    expect(ny.nextRunAt).toBe(Date.UTC(2024, 9, 7, 10))
    const cron = t.app.costs.scheduleCreate({
      name: 'Cron Tokyo',
      cadence: 'cron',
      cron: '30 8 * * *',
      timezone: 'Asia/Tokyo',
      recipients: [],
      scope: {}
    })
    expect(cron.nextRunAt).toBe(Date.UTC(2024, 9, 1, 23, 30))
    expect(t.app.costs.schedules().map((x) => [x.name, x.timezone])).toEqual([
      ['Cron Tokyo', 'Asia/Tokyo'],
      ['Monthly costs', 'UTC'],
      ['Weekly NY', 'America/New_York']
    ])
    expect(t.app.costs.scheduleCreate({ name: 'Local', cadence: 'monthly', recipients: [], scope: {} })).toBeTruthy()
    expect(t.app.costs.schedules().find((x) => x.name === 'Local')!.timezone).toBe(systemTimeZone())
    for (const x of t.app.costs.schedules()) if (x.name !== 'Monthly costs') t.app.costs.repo.deleteSchedule(x.id)
    expect(t.app.costs.runDueSchedules()).toBe(0)
    clock.set(Date.UTC(2024, 9, 1, 6, 1))
    expect(t.app.costs.runDueSchedules()).toBe(1)
    const sent = seen.find((e) => e.name === 'costs:report')!.payload
    expect(sent.subject).toMatch(/Monthly costs: Cost report 2024-09-01 – 2024-09-30/)
    expect(sent.csv).toMatch(/^date,service/)
    expect(sent.html).toContain('Top services')
    expect(t.app.costs.runDueSchedules()).toBe(0)
    expect(() => t!.app.costs.scheduleCreate({ name: 'x', cadence: 'cron', cron: 'nope', recipients: [], scope: {} })).toThrow(/cron/)
    expect(() =>
      t!.app.costs.scheduleCreate({ name: 'x', cadence: 'weekly', timezone: 'Atlantis/Capital', recipients: [], scope: {} })
    ).toThrow(expect.objectContaining({ field: 'timezone' }))
  })
})
