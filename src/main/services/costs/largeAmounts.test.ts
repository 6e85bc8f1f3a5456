import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { moneySums } from '../../../../tests/helpers/costs'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'
import { oldWorkspace } from '../../../../tests/helpers/oldWorkspace'

/**
 * Bills in currencies with large units (IDR, KRW, VND, JPY) and large upfront commitments: rows up to 10^15 units
 * and beyond, totals past 2^63 units, credits, and sub-cent rows, all imported and summed exactly.
 */
let t: TestApp | undefined
const dirs: string[] = []
afterEach(async () => {
  await t?.cleanup()
  t = undefined
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
})

/** Exact nano-units of a plain decimal, independently of the code under test. */
const nanoOf = (text: string): bigint => {
  const negative = text.startsWith('-')
  const [int, frac = ''] = text.replace(/^-/, '').split('.')
  const v = BigInt(int!) * 10n ** 9n + BigInt(frac.padEnd(9, '0').slice(0, 9))
  return negative ? -v : v
}
const decimal9 = (nano: bigint): string => {
  const abs = nano < 0n ? -nano : nano
  return `${nano < 0n ? '-' : ''}${abs / 10n ** 9n}.${(abs % 10n ** 9n).toString().padStart(9, '0')}`
}

const HUGE = '999999999999999.99'
const CREDIT = '-999999999999999.99'
const COMMITMENT = '123456789012345678.123456789'
const TINY = '0.000000001'

/** An IDR bill: most rows on one day and service (one rollup cell past 9.2 × 10^18 units), credits and sub-cent rows. */
function idrBill(dir: string, rows: number): { file: string; billed: bigint; effective: bigint } {
  const lines = ['BilledCost,EffectiveCost,BillingCurrency,ChargePeriodStart,ServiceName,ChargeCategory,BillingAccountId']
  let billed = 0n
  let effective = 0n
  for (let i = 0; i < rows; i++) {
    const cost = i === 0 ? COMMITMENT : i % 23 === 4 ? CREDIT : i % 10 === 7 ? TINY : HUGE
    const eff = i % 2 ? cost : TINY
    const day = i % 50 === 0 ? `2024-09-${String((i % 28) + 1).padStart(2, '0')}` : '2024-09-01'
    lines.push(
      `${cost},${eff},IDR,${day} 00:00:00,${i % 100 === 0 ? 'Storage' : 'Compute'},${cost.startsWith('-') ? 'Credit' : 'Usage'},acct`
    )
    billed += nanoOf(cost)
    effective += nanoOf(eff)
  }
  const file = path.join(dir, 'idr.csv')
  fs.writeFileSync(file, lines.join('\n') + '\n')
  return { file, billed, effective }
}

describe('costs of any size', () => {
  it('imports rows of 10^15 IDR and more, with credits, and sums them exactly everywhere', async () => {
    t = tempApp()
    const bill = idrBill(t.dir, 14_000)
    expect(bill.billed > 2n ** 63n * 10n ** 9n).toBe(true) // more than 9.2 × 10^18 units
    const r = await t.app.costs.importFile({ path: bill.file })
    expect(r.rows).toBe(14_000)
    expect(r.currency).toBe('IDR')
    expect(r.billed).toBe(decimal9(bill.billed))
    expect(r.effective).toBe(decimal9(bill.effective))
    const db = t.app.db
    // raw rows, the import's daily sums and the dashboards' rollup agree to the nano-unit
    expect(moneySums(db, 'cost_rows_live', ['billed', 'effective'])).toEqual({ billed: bill.billed, effective: bill.effective, n: 14_000n })
    expect(moneySums(db, 'cost_daily', ['billed', 'effective'], 'SUM(rows)')).toEqual({
      billed: bill.billed,
      effective: bill.effective,
      n: 14_000n
    })
    // every stored limb below 10^9 but giga, whose rollup cell holds more than 2^63 units
    const big = db
      .prepare('SELECT MAX(ABS(billed_units)) AS u, MAX(ABS(billed_nano)) AS n, MAX(billed_giga) AS g FROM cost_daily')
      .get() as {
      u: number
      n: number
      g: number
    }
    expect(big.u).toBeLessThan(1e9)
    expect(big.n).toBeLessThan(1e9)
    expect(big.g).toBeGreaterThan(9.3e9)
    expect(t.app.costs.imports()[0]!.billed).toBe(decimal9(bill.billed + 5_000_000n).slice(0, -7))
    // the report's CSV carries exact totals; views carry floats close to them
    const csv = t.app.costs.reportCsv({ from: '2024-09-01', to: '2024-09-30', scope: {} }).csv
    expect(csv.trim().split('\n').at(-1)).toBe(`total,,,,,${decimal9(bill.billed)},${decimal9(bill.effective)},IDR`)
    const tagged = t.app.costs.reportCsv({ from: '2024-09-01', to: '2024-09-30', scope: { service: 'Compute' } }).csv
    expect(tagged).toContain('2024-09-01,Compute,')
    const series = t.app.costs.series({
      from: '2024-09-01',
      to: '2024-09-30',
      granularity: 'month',
      groupBy: 'service',
      basis: 'billed',
      filters: {},
      top: 5
    })
    expect(series.totals[0]! / Number(bill.billed / 10n ** 9n)).toBeCloseTo(1, 12)
    expect(series.series.map((s) => s.name)).toEqual(['Compute', 'Storage'])
    // grouping by resource reads the raw rows: the same total
    const raw = t.app.costs.series({
      from: '2024-09-01',
      to: '2024-09-30',
      granularity: 'month',
      groupBy: 'resource',
      basis: 'billed',
      filters: {},
      top: 5
    })
    expect(raw.fromRollup).toBe(false)
    expect(raw.totals[0]).toBe(series.totals[0])
  })

  it('refuses a row beyond ±10^18 units, naming row and column', async () => {
    t = tempApp()
    const file = path.join(t.dir, 'too-big.csv')
    fs.writeFileSync(file, `BilledCost,ChargePeriodStart\n1.00,2024-09-01\n1000000000000000000,2024-09-02\n`)
    await expect(t.app.costs.importFile({ path: file })).rejects.toThrow(
      'too-big.csv: row 3, column 1 (BilledCost): "1000000000000000000" is beyond ±10^18, the largest amount one row can hold'
    )
  })

  it('keeps manual entries and budgets of 10^15 and more exactly', () => {
    t = tempApp()
    const m = t.app.costs.manualCreate({
      service: 'Commitment',
      description: '3-year commitment',
      category: 'Commitment',
      amount: HUGE,
      currency: 'KRW',
      recurrence: 'once',
      startDay: '2024-09-01',
      endDay: '2024-09-03'
    })
    expect(m.rows).toBe(3)
    expect(t.app.costs.manualList()[0]!.amount).toBe(HUGE)
    // spread over three days, remainder nano-units to the first days: the sum is the amount
    const days = t.app.db.prepare('SELECT billed_giga AS g, billed_units AS u, billed_nano AS n FROM cost_rows ORDER BY day').all()
    expect(days).toEqual([
      { g: 333_333, u: 333_333_333, n: 330_000_000 },
      { g: 333_333, u: 333_333_333, n: 330_000_000 },
      { g: 333_333, u: 333_333_333, n: 330_000_000 }
    ])
    expect(moneySums(t.app.db, 'cost_daily', ['billed'])).toMatchObject({ billed: nanoOf(HUGE) })
    const { id } = t.app.costs.budgetCreate({ name: 'Group', period: 'quarterly', amount: '500000000000000000' })
    const b = t.app.costs.budgets().find((x) => x.id === id)!
    expect(b.amount).toBe(5e17)
    expect(b.status.actual).toBeCloseTo(999999999999999.99, 0)
    expect(b.status.pctActual).toBeCloseTo(0.002, 6)
  })

  it('a workspace stored in single nano-unit columns keeps its amounts after the migration to limbs', () => {
    const dir = tempDir()
    dirs.push(dir)
    const { file, db: old } = oldWorkspace(dir, 10)
    const max = 2n ** 63n - 1n // 9,223,372,036.854775807 units: the most the old column held
    old
      .prepare(
        "INSERT INTO cost_imports (id, file, format, rows, billed_nano, effective_nano, currency, periods, replaced_rows, started_at, finished_at) VALUES (1, 'a.csv', 'csv', 2, ?, ?, 'USD', '[]', 0, 0, 0)"
      )
      .run(max - 1_234_567_890_123_456_789n, 7n)
    const row = old.prepare(
      `INSERT INTO cost_rows (import_id, account, billing_period, day, charge_start, billed_nano, effective_nano, list_nano, currency, charge_category, service, service_category, region, sub_account)
       VALUES (1, 'acct', '2024-09-01', ?, 0, ?, ?, ?, 'USD', 'Usage', 'S1', 'Other', '(global)', '')`
    )
    row.run('2024-09-02', max, 3n, null)
    row.run('2024-09-03', -1_234_567_890_123_456_789n, 4n, -12n)
    old
      .prepare(
        "INSERT INTO cost_import_periods (import_id, account, billing_period, state, rows, lo_day, hi_day) VALUES (1, 'acct', '2024-09-01', 'live', 2, '2024-09-02', '2024-09-03')"
      )
      .run()
    old
      .prepare(
        `INSERT INTO cost_import_daily SELECT import_id, account, billing_period, day, service, service_category, region, sub_account, charge_category, currency,
           billed_nano, effective_nano, COALESCE(list_nano, 0), 1 FROM cost_rows`
      )
      .run()
    old.close()
    t = tempApp({ file })
    const db = t.app.db
    expect(moneySums(db, 'cost_rows', ['billed', 'effective'])).toEqual({ billed: max - 1_234_567_890_123_456_789n, effective: 7n, n: 2n })
    expect(
      db
        .prepare(
          'SELECT billed_giga AS g, billed_units AS u, billed_nano AS n, list_giga AS lg, list_units AS lu, list_nano AS ln FROM cost_rows ORDER BY day'
        )
        .all()
    ).toEqual([
      { g: 9, u: 223_372_036, n: 854_775_807, lg: null, lu: null, ln: null },
      { g: -1, u: -234_567_890, n: -123_456_789, lg: 0, lu: 0, ln: -12 }
    ])
    expect(moneySums(db, 'cost_import_daily', ['billed', 'list'])).toEqual({ billed: max - 1_234_567_890_123_456_789n, list: -12n, n: 2n })
    expect(t.app.costs.imports()[0]!.billed).toBe('7988804146.73')
  })
})
