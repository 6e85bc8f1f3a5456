import type { Db } from '../../db/open'
import { limbsToNano, moneyColumns, moneyRealSql, nanoToLimbs, readMoney, sumMoneySql } from './money'

export type Dimension = 'service' | 'category' | 'region' | 'account' | 'subAccount' | 'chargeCategory' | 'resource'

/** Rollup column per dimension (resource and tags need the raw rows). */
export const ROLLUP_COLUMN: Partial<Record<Dimension, string>> = {
  service: 'service',
  category: 'service_category',
  region: 'region',
  account: 'account',
  subAccount: 'sub_account',
  chargeCategory: 'charge_category'
}

export interface Filters {
  service?: string[] | undefined
  category?: string[] | undefined
  region?: string[] | undefined
  account?: string[] | undefined
  tag?: { key: string; value: string } | undefined
}

export interface GroupSpec {
  /** SQL expression of the group key. */
  expr: string
  params: unknown[]
  raw: boolean
}

export const tagPath = (key: string): string => `$."${key.replace(/["\\]/g, '')}"`

/** Where a query must read from, and the SQL of its grouping key. */
export function groupSpec(groupBy: string | null, filters: Filters): GroupSpec {
  const needsRaw = filters.tag !== undefined || groupBy === 'resource' || (groupBy?.startsWith('tag:') ?? false)
  if (groupBy === null) return { expr: "'Total'", params: [], raw: needsRaw }
  if (groupBy === 'resource') return { expr: "COALESCE(resource_id, '(no resource)')", params: [], raw: true }
  if (groupBy.startsWith('tag:'))
    return { expr: "COALESCE(json_extract(tags, ?), '(untagged)')", params: [tagPath(groupBy.slice(4))], raw: true }
  const col = ROLLUP_COLUMN[groupBy as Dimension] ?? 'service'
  return { expr: col, params: [], raw: needsRaw }
}

export function whereFor(filters: Filters, from: string | null, to: string | null): { sql: string; params: unknown[] } {
  const parts: string[] = []
  const params: unknown[] = []
  if (from) {
    parts.push('day >= ?')
    params.push(from)
  }
  if (to) {
    parts.push('day <= ?')
    params.push(to)
  }
  const inList = (col: string, values?: string[]): void => {
    if (values && values.length) {
      parts.push(`${col} IN (${values.map(() => '?').join(', ')})`)
      params.push(...values)
    }
  }
  inList('service', filters.service)
  inList('service_category', filters.category)
  inList('region', filters.region)
  inList('account', filters.account)
  if (filters.tag) {
    parts.push('json_extract(tags, ?) = ?')
    params.push(tagPath(filters.tag.key), filters.tag.value)
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params }
}

export const bucketExpr = (g: 'day' | 'week' | 'month'): string =>
  g === 'day'
    ? 'day'
    : g === 'month'
      ? 'substr(day, 1, 7)'
      : "date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')"

export interface ImportRow {
  id: number
  source_id: number | null
  file: string
  format: string
  rows: number
  /** Exact amounts in nano-units. */
  billed: bigint
  effective: bigint
  currency: string
  periods: string
  replaced_rows: number
  started_at: number
  finished_at: number
}

export interface BudgetRow {
  id: number
  name: string
  period: 'monthly' | 'quarterly'
  /** Nano-units. */
  amount: bigint
  currency: string
  scope_kind: 'all' | 'service' | 'tag'
  scope_key: string | null
  scope_value: string | null
  basis: 'billed' | 'effective'
  thresholds: string
  forecast_thresholds: string
  created_at: number
}

export interface ManualRow {
  id: number
  service: string
  description: string
  category: string
  /** Nano-units. */
  amount: bigint
  currency: string
  recurrence: 'once' | 'monthly'
  start_day: string
  end_day: string | null
  tags: string
  created_at: number
}

export interface ScheduleRow {
  id: number
  name: string
  cadence: 'monthly' | 'weekly' | 'cron'
  cron: string | null
  /** IANA zone the schedule runs in. */
  timezone: string
  recipients: string
  scope: string
  next_run_at: number
  last_run_at: number | null
  created_at: number
}

/** SQL of the costs area. */
export class CostsRepo {
  /** Bumped whenever the rollup changes; memoised reads of it compare against it. */
  version = 0

  constructor(private db: Db) {}

  getSetting<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value FROM cost_settings WHERE key = ?').get(key) as { value: string } | undefined
    return row ? (JSON.parse(row.value) as T) : undefined
  }

  setSetting(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO cost_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value))
  }

  dataRange(): { first: string | null; last: string | null } {
    // two scalar subqueries: each uses the min/max optimisation on the primary key (one SELECT MIN, MAX would scan)
    return this.db.prepare('SELECT (SELECT MIN(day) FROM cost_daily) AS first, (SELECT MAX(day) FROM cost_daily) AS last').get() as {
      first: string | null
      last: string | null
    }
  }

  rowCount(): number {
    return (this.db.prepare('SELECT COALESCE(SUM(rows), 0) AS n FROM cost_daily').get() as { n: number }).n
  }

  /**
   * Re-aggregate the daily rollup for [from, to] from the live segments' daily sums (cost_import_daily) and the
   * manual entries' rows: never from the raw imported rows, so publishing a large import stays short.
   */
  rebuildRollup(from: string, to: string): void {
    this.version++
    this.db.prepare('DELETE FROM cost_daily WHERE day BETWEEN ? AND ?').run(from, to)
    const dims = 'day, service, service_category, region, account, sub_account, charge_category, currency'
    const limbs = (name: string, alias = name): string =>
      moneyColumns(name)
        .map((c, i) => `${c} AS ${moneyColumns(alias)[i]}`)
        .join(', ')
    this.db
      .prepare(
        `INSERT INTO cost_daily (${dims}, ${['billed', 'effective', 'list'].flatMap(moneyColumns).join(', ')}, rows)
         SELECT ${dims}, ${carriedSql('b')}, ${carriedSql('e')}, ${carriedSql('l')}, n FROM (
           SELECT ${dims}, ${sumMoneySql('b')}, ${sumMoneySql('e')}, ${sumMoneySql('l')}, SUM(n) AS n FROM (
             SELECT d.day, d.service, d.service_category, d.region, d.account, d.sub_account, d.charge_category, d.currency,
                    ${limbs('d.billed', 'b')}, ${limbs('d.effective', 'e')}, ${limbs('d.list', 'l')}, d.rows AS n
             FROM cost_import_periods p JOIN cost_import_daily d ON d.import_id = p.import_id AND d.account = p.account AND d.billing_period = p.billing_period
             WHERE p.state = 'live' AND p.lo_day <= :to AND p.hi_day >= :from AND d.day BETWEEN :from AND :to
             UNION ALL
             SELECT ${dims}, ${limbs('billed', 'b')}, ${limbs('effective', 'e')},
                    COALESCE(list_giga, 0) AS l_giga, COALESCE(list_units, 0) AS l_units, COALESCE(list_nano, 0) AS l_nano, 1
             FROM cost_rows WHERE manual_id IN (SELECT id FROM cost_manual) AND +day BETWEEN :from AND :to
           )
           GROUP BY ${dims}
         )`
      )
      .run({ from, to })
  }

  /** Sum per (bucket, group) over [from, to]. */
  grouped(opts: {
    from: string
    to: string
    bucket: 'day' | 'week' | 'month' | null
    groupBy: string | null
    basis: 'billed' | 'effective'
    filters: Filters
  }): { bucket: string; key: string; nano: bigint }[] {
    const g = groupSpec(opts.groupBy, opts.filters)
    const w = whereFor(opts.filters, opts.from, opts.to)
    const table = g.raw ? 'cost_rows_live' : 'cost_daily'
    const bucket = opts.bucket ? bucketExpr(opts.bucket) : "''"
    const sql = `SELECT ${bucket} AS bucket, ${g.expr} AS key, ${sumMoneySql(opts.basis, 'm')} FROM ${table} ${w.sql} GROUP BY 1, 2`
    return (
      this.db
        .prepare(sql)
        .safeIntegers(true)
        .all(...g.params, ...w.params) as { bucket: string; key: string; m_giga: bigint; m_units: bigint; m_nano: bigint }[]
    ).map((r) => ({ bucket: r.bucket, key: r.key, nano: limbsToNano(r.m_giga, r.m_units, r.m_nano) }))
  }

  usesRaw(groupBy: string | null, filters: Filters): boolean {
    return groupSpec(groupBy, filters).raw
  }

  distinct(col: 'service' | 'service_category' | 'region' | 'account'): string[] {
    return (this.db.prepare(`SELECT DISTINCT ${col} AS v FROM cost_daily ORDER BY 1`).all() as { v: string }[]).map((r) => r.v)
  }

  tagKeys(): string[] {
    return (
      this.db
        .prepare(
          'SELECT DISTINCT j.key AS k FROM (SELECT tags FROM cost_rows_live WHERE tags IS NOT NULL LIMIT 200000) r, json_each(r.tags) j ORDER BY 1 LIMIT 200'
        )
        .all() as { k: string }[]
    ).map((r) => r.k)
  }

  // ---------------------------------------------------------------- imports
  /** A new import in state 'staging': its job writes rows under it that no query sees until publishImport. */
  insertImport(i: Omit<ImportRow, 'id'>, state: 'staging' | 'live' = 'staging'): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO cost_imports (source_id, file, format, rows, ${moneyColumns('billed').join(', ')}, ${moneyColumns('effective').join(', ')}, currency, periods, replaced_rows, started_at, finished_at, state)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
          i.source_id,
          i.file,
          i.format,
          i.rows,
          ...nanoToLimbs(i.billed),
          ...nanoToLimbs(i.effective),
          i.currency,
          i.periods,
          i.replaced_rows,
          i.started_at,
          i.finished_at,
          state
        ).lastInsertRowid
    )
  }

  imports(): (ImportRow & { source: string | null; live_rows: number })[] {
    return (
      this.db
        .prepare(
          `SELECT i.*, s.name AS source,
                (SELECT COALESCE(SUM(p.rows), 0) FROM cost_import_periods p WHERE p.import_id = i.id AND p.state = 'live') AS live_rows
         FROM cost_imports i LEFT JOIN cost_sources s ON s.id = i.source_id WHERE i.state = 'live' ORDER BY i.id DESC LIMIT 200`
        )
        .all() as Record<string, unknown>[]
    ).map((r) => ({
      id: r.id as number,
      source_id: r.source_id as number | null,
      file: r.file as string,
      format: r.format as string,
      rows: r.rows as number,
      billed: readMoney(r, 'billed'),
      effective: readMoney(r, 'effective'),
      currency: r.currency as string,
      periods: r.periods as string,
      replaced_rows: r.replaced_rows as number,
      started_at: r.started_at as number,
      finished_at: r.finished_at as number,
      source: r.source as string | null,
      live_rows: r.live_rows as number
    }))
  }

  /**
   * Make a staged import visible and retire the live segments of other imports for the same (account, billing
   * period), all in the caller's (short) transaction: a few small UPDATEs and the rollup rebuilt from daily sums.
   */
  publishImport(
    importId: number,
    meta: Pick<ImportRow, 'format' | 'rows' | 'billed' | 'effective' | 'currency' | 'finished_at'>
  ): { periods: { account: string; period: string; rows: number; replacedRows: number }[]; replacedRows: number } {
    const segments = this.db
      .prepare(
        "SELECT account, billing_period AS period, rows, lo_day AS lo, hi_day AS hi FROM cost_import_periods WHERE import_id = ? AND state = 'staging' ORDER BY 1, 2"
      )
      .all(importId) as {
      account: string
      period: string
      rows: number
      lo: string | null
      hi: string | null
    }[]
    let from: string | null = null
    let to: string | null = null
    const widen = (lo: string | null, hi: string | null): void => {
      if (lo && (!from || lo < from)) from = lo
      if (hi && (!to || hi > to)) to = hi
    }
    const replaced = this.db.prepare(
      "SELECT COALESCE(SUM(rows), 0) AS n, MIN(lo_day) AS lo, MAX(hi_day) AS hi FROM cost_import_periods WHERE account = ? AND billing_period = ? AND state = 'live' AND import_id != ?"
    )
    const retire = this.db.prepare(
      "UPDATE cost_import_periods SET state = 'retired' WHERE account = ? AND billing_period = ? AND state = 'live' AND import_id != ?"
    )
    const periods = segments.map((p) => {
      const r = replaced.get(p.account, p.period, importId) as { n: number; lo: string | null; hi: string | null }
      widen(r.lo, r.hi)
      widen(p.lo, p.hi)
      if (r.n) retire.run(p.account, p.period, importId)
      return { account: p.account, period: p.period, rows: p.rows, replacedRows: r.n }
    })
    this.db.prepare("UPDATE cost_import_periods SET state = 'live' WHERE import_id = ? AND state = 'staging'").run(importId)
    const replacedRows = periods.reduce((s, p) => s + p.replacedRows, 0)
    this.db
      .prepare(
        `UPDATE cost_imports SET state = 'live', format = ?, rows = ?, ${[...moneyColumns('billed'), ...moneyColumns('effective')].map((c) => `${c} = ?`).join(', ')},
           currency = ?, periods = ?, replaced_rows = ?, finished_at = ? WHERE id = ?`
      )
      .run(
        meta.format,
        meta.rows,
        ...nanoToLimbs(meta.billed),
        ...nanoToLimbs(meta.effective),
        meta.currency,
        JSON.stringify(periods.map((p) => `${p.account} ${p.period.slice(0, 7)}`)),
        replacedRows,
        meta.finished_at,
        importId
      )
    this.retireEmptyImports()
    if (from && to) this.rebuildRollup(from, to)
    else this.version++
    return { periods, replacedRows }
  }

  /** Imports left without a live segment disappear from the list; cleanUp deletes them with their rows. */
  private retireEmptyImports(): void {
    this.db
      .prepare(
        "UPDATE cost_imports SET state = 'retired' WHERE state = 'live' AND NOT EXISTS (SELECT 1 FROM cost_import_periods p WHERE p.import_id = cost_imports.id AND p.state = 'live')"
      )
      .run()
  }

  /** Hide an import at once (its rows are deleted afterwards, in batches); -1 rows when there is no such import. */
  deleteImport(id: number): { rows: number; from: string | null; to: string | null } {
    const imp = this.db.prepare("SELECT id FROM cost_imports WHERE id = ? AND state = 'live'").get(id)
    if (!imp) return { rows: -1, from: null, to: null }
    const span = this.db
      .prepare(
        "SELECT COALESCE(SUM(rows), 0) AS n, MIN(lo_day) AS lo, MAX(hi_day) AS hi FROM cost_import_periods WHERE import_id = ? AND state = 'live'"
      )
      .get(id) as {
      n: number
      lo: string | null
      hi: string | null
    }
    this.db.prepare("UPDATE cost_import_periods SET state = 'retired' WHERE import_id = ? AND state = 'live'").run(id)
    this.db.prepare("UPDATE cost_imports SET state = 'retired' WHERE id = ?").run(id)
    return { rows: span.n, from: span.lo, to: span.hi }
  }

  /** Delete a staging import that wrote no rows yet (rows are only ever written with their segment); false if it has some. */
  dropUnwrittenImport(id: number): boolean {
    if (this.db.prepare('SELECT 1 FROM cost_import_periods WHERE import_id = ? LIMIT 1').get(id)) return false
    this.db.prepare("DELETE FROM cost_imports WHERE id = ? AND state = 'staging'").run(id)
    return true
  }

  /** Imports still staging (their job's id, when it runs, is excluded by the caller). */
  stagingImports(): number[] {
    return (this.db.prepare("SELECT id FROM cost_imports WHERE state = 'staging'").all() as { id: number }[]).map((r) => r.id)
  }

  /** Whether a clean-up has work: retired segments or imports, or staging imports (abandoned, when none runs). */
  hasLeftovers(): boolean {
    return (
      this.db
        .prepare(
          "SELECT 1 FROM cost_imports WHERE state != 'live' UNION ALL SELECT 1 FROM cost_import_periods WHERE state = 'retired' LIMIT 1"
        )
        .get() !== undefined
    )
  }

  // ---------------------------------------------------------------- sources
  sources(): { id: number; name: string; kind: 'focus' | 'mapped'; mapping: string }[] {
    return this.db.prepare('SELECT id, name, kind, mapping FROM cost_sources ORDER BY name').all() as {
      id: number
      name: string
      kind: 'focus' | 'mapped'
      mapping: string
    }[]
  }
  sourceByName(name: string): { id: number; name: string; kind: 'focus' | 'mapped'; mapping: string } | undefined {
    return this.db.prepare('SELECT id, name, kind, mapping FROM cost_sources WHERE name = ?').get(name) as
      { id: number; name: string; kind: 'focus' | 'mapped'; mapping: string } | undefined
  }
  saveSource(name: string, mapping: Record<string, string>, at: number): number {
    const kind = Object.keys(mapping).length ? 'mapped' : 'focus'
    this.db
      .prepare(
        'INSERT INTO cost_sources (name, kind, mapping, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, mapping = excluded.mapping'
      )
      .run(name, kind, JSON.stringify(mapping), at)
    return this.sourceByName(name)!.id
  }
  deleteSource(id: number): boolean {
    return this.db.prepare('DELETE FROM cost_sources WHERE id = ?').run(id).changes > 0
  }

  // ---------------------------------------------------------------- manual entries
  manual(): ManualRow[] {
    return (this.db.prepare('SELECT * FROM cost_manual ORDER BY start_day DESC, id DESC').all() as Record<string, unknown>[]).map(manualRow)
  }
  manualById(id: number): ManualRow | undefined {
    const row = this.db.prepare('SELECT * FROM cost_manual WHERE id = ?').get(id) as Record<string, unknown> | undefined
    return row && manualRow(row)
  }
  insertManual(m: Omit<ManualRow, 'id'>): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO cost_manual (service, description, category, ${moneyColumns('amount').join(', ')}, currency, recurrence, start_day, end_day, tags, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
          m.service,
          m.description,
          m.category,
          ...nanoToLimbs(m.amount),
          m.currency,
          m.recurrence,
          m.start_day,
          m.end_day,
          m.tags,
          m.created_at
        ).lastInsertRowid
    )
  }
  manualSpan(id: number): { lo: string | null; hi: string | null; n: number } {
    return this.db.prepare('SELECT MIN(day) AS lo, MAX(day) AS hi, COUNT(*) AS n FROM cost_rows WHERE manual_id = ?').get(id) as {
      lo: string | null
      hi: string | null
      n: number
    }
  }
  deleteManualRows(id: number): void {
    this.db.prepare('DELETE FROM cost_rows WHERE manual_id = ?').run(id)
  }
  deleteManual(id: number): boolean {
    return this.db.prepare('DELETE FROM cost_manual WHERE id = ?').run(id).changes > 0
  }
  insertManualRows(id: number, m: ManualRow, days: { day: string; nano: bigint }[]): void {
    const stmt = this.db.prepare(
      `INSERT INTO cost_rows (manual_id, account, billing_period, day, charge_start, charge_end, ${moneyColumns('billed').join(', ')}, ${moneyColumns('effective').join(', ')},
         currency, charge_category, service, service_category, region, sub_account, tags)
       VALUES (?, 'manual', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Purchase', ?, ?, '(global)', '', ?)`
    )
    for (const d of days) {
      const t = Date.parse(`${d.day}T00:00:00Z`)
      const limbs = nanoToLimbs(d.nano)
      stmt.run(
        id,
        `${d.day.slice(0, 7)}-01`,
        d.day,
        t,
        t + 86_400_000,
        ...limbs,
        ...limbs,
        m.currency,
        m.service,
        m.category,
        m.tags === '{}' ? null : m.tags
      )
    }
  }

  // ---------------------------------------------------------------- links (cost service -> monitored service)
  /** Billed cost and consumed quantity of usage rows in `unit` of these cost services since `from` (a day), per currency. */
  usageOf(
    services: string[],
    unit: string,
    from: string
  ): { currency: string; cost: number; quantity: number; first: string; last: string; services: string }[] {
    if (!services.length) return []
    return this.db
      .prepare(
        `SELECT currency, ${moneyRealSql('billed', 'SUM')} AS cost, SUM(consumed_qty) AS quantity, MIN(day) AS first, MAX(day) AS last,
                GROUP_CONCAT(DISTINCT service) AS services
         FROM cost_rows_live
         WHERE day >= ? AND consumed_unit = ? AND consumed_qty > 0 AND charge_category = 'Usage' AND service IN (${services.map(() => '?').join(', ')})
         GROUP BY currency ORDER BY quantity DESC`
      )
      .all(from, unit, ...services) as { currency: string; cost: number; quantity: number; first: string; last: string; services: string }[]
  }

  links(): { costService: string; serviceId: number }[] {
    return this.db.prepare('SELECT cost_service AS costService, service_id AS serviceId FROM cost_service_links ORDER BY 1, 2').all() as {
      costService: string
      serviceId: number
    }[]
  }
  link(costService: string, serviceId: number): void {
    this.db.prepare('INSERT OR IGNORE INTO cost_service_links (cost_service, service_id) VALUES (?, ?)').run(costService, serviceId)
  }
  unlink(costService: string, serviceId: number): number {
    return this.db.prepare('DELETE FROM cost_service_links WHERE cost_service = ? AND service_id = ?').run(costService, serviceId).changes
  }
  // ---------------------------------------------------------------- budgets
  budgets(): BudgetRow[] {
    return (this.db.prepare('SELECT * FROM cost_budgets ORDER BY name, id').all() as Record<string, unknown>[]).map(budgetRow)
  }
  budget(id: number): BudgetRow | undefined {
    const row = this.db.prepare('SELECT * FROM cost_budgets WHERE id = ?').get(id) as Record<string, unknown> | undefined
    return row && budgetRow(row)
  }
  insertBudget(b: Omit<BudgetRow, 'id'>): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO cost_budgets (name, period, ${moneyColumns('amount').join(', ')}, currency, scope_kind, scope_key, scope_value, basis, thresholds, forecast_thresholds, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
          b.name,
          b.period,
          ...nanoToLimbs(b.amount),
          b.currency,
          b.scope_kind,
          b.scope_key,
          b.scope_value,
          b.basis,
          b.thresholds,
          b.forecast_thresholds,
          b.created_at
        ).lastInsertRowid
    )
  }
  updateBudget(id: number, b: Omit<BudgetRow, 'id' | 'created_at'>): boolean {
    return (
      this.db
        .prepare(
          `UPDATE cost_budgets SET name = ?, period = ?, ${moneyColumns('amount')
            .map((c) => `${c} = ?`)
            .join(', ')}, currency = ?, scope_kind = ?, scope_key = ?, scope_value = ?,
             basis = ?, thresholds = ?, forecast_thresholds = ? WHERE id = ?`
        )
        .run(
          b.name,
          b.period,
          ...nanoToLimbs(b.amount),
          b.currency,
          b.scope_kind,
          b.scope_key,
          b.scope_value,
          b.basis,
          b.thresholds,
          b.forecast_thresholds,
          id
        ).changes > 0
    )
  }
  deleteBudget(id: number): boolean {
    return this.db.prepare('DELETE FROM cost_budgets WHERE id = ?').run(id).changes > 0
  }
  /** Record a threshold crossing; false when it already fired this period. */
  recordAlert(a: {
    budgetId: number
    period: string
    basis: 'actual' | 'forecast'
    threshold: number
    amountNano: bigint
    budgetNano: bigint
    at: number
  }): boolean {
    return (
      this.db
        .prepare(
          `INSERT OR IGNORE INTO cost_budget_alerts (budget_id, period, basis, threshold, ${moneyColumns('amount').join(', ')}, ${moneyColumns('budget').join(', ')}, fired_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(a.budgetId, a.period, a.basis, a.threshold, ...nanoToLimbs(a.amountNano), ...nanoToLimbs(a.budgetNano), a.at).changes > 0
    )
  }
  alerts(budgetId: number): { period: string; basis: 'actual' | 'forecast'; threshold: number; amount: bigint; fired_at: number }[] {
    return (
      this.db
        .prepare(
          `SELECT period, basis, threshold, ${moneyColumns('amount').join(', ')}, fired_at FROM cost_budget_alerts WHERE budget_id = ? ORDER BY fired_at DESC, threshold DESC LIMIT 50`
        )
        .all(budgetId) as Record<string, unknown>[]
    ).map((r) => ({
      period: r.period as string,
      basis: r.basis as 'actual' | 'forecast',
      threshold: r.threshold as number,
      amount: readMoney(r, 'amount'),
      fired_at: r.fired_at as number
    }))
  }

  // ---------------------------------------------------------------- schedules
  schedules(): ScheduleRow[] {
    return this.db.prepare('SELECT * FROM cost_report_schedules ORDER BY name, id').all() as ScheduleRow[]
  }
  insertSchedule(s: Omit<ScheduleRow, 'id' | 'last_run_at'>): number {
    return Number(
      this.db
        .prepare(
          'INSERT INTO cost_report_schedules (name, cadence, cron, timezone, recipients, scope, next_run_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
        )
        .run(s.name, s.cadence, s.cron, s.timezone, s.recipients, s.scope, s.next_run_at, s.created_at).lastInsertRowid
    )
  }
  markScheduleRun(id: number, at: number, next: number): void {
    this.db.prepare('UPDATE cost_report_schedules SET last_run_at = ?, next_run_at = ? WHERE id = ?').run(at, next, id)
  }
  deleteSchedule(id: number): boolean {
    return this.db.prepare('DELETE FROM cost_report_schedules WHERE id = ?').run(id).changes > 0
  }

  // ---------------------------------------------------------------- recommendations
  idleResources(from: string, to: string): { resource: string; service: string; nano: bigint }[] {
    return (
      this.db
        .prepare(
          `SELECT resource_id AS resource, MAX(service) AS service, ${sumMoneySql('billed')} FROM cost_rows_live
           WHERE day BETWEEN ? AND ? AND resource_id IS NOT NULL AND charge_category = 'Usage'
           GROUP BY resource_id HAVING ${moneyRealSql('billed', 'SUM')} > 0 AND COUNT(consumed_qty) > 0 AND MAX(ABS(consumed_qty)) = 0
           ORDER BY ${moneyRealSql('billed', 'SUM')} DESC LIMIT 20`
        )
        .safeIntegers(true)
        .all(from, to) as Record<string, unknown>[]
    ).map((r) => ({ resource: r.resource as string, service: r.service as string, nano: readMoney(r, 'billed') }))
  }
  untagged(from: string, to: string): { service: string; nano: bigint }[] {
    return (
      this.db
        .prepare(
          `SELECT service, ${sumMoneySql('billed')} FROM cost_rows_live WHERE day BETWEEN ? AND ? AND tags IS NULL AND manual_id IS NULL
           GROUP BY service HAVING ${moneyRealSql('billed', 'SUM')} > 0 ORDER BY ${moneyRealSql('billed', 'SUM')} DESC`
        )
        .safeIntegers(true)
        .all(from, to) as Record<string, unknown>[]
    ).map((r) => ({ service: r.service as string, nano: readMoney(r, 'billed') }))
  }
}

/** The three limbs `<p>_giga, <p>_units, <p>_nano` of summed aliases, with nano and units carried so both stay below 10^9. */
function carriedSql(p: string): string {
  const [g, u, n] = moneyColumns(p)
  const units = `(${u} + ${n} / 1000000000)`
  return `${g} + ${units} / 1000000000, ${units} % 1000000000, ${n} % 1000000000`
}

function manualRow(r: Record<string, unknown>): ManualRow {
  const { amount_giga, amount_units, amount_nano, ...rest } = r
  return { ...(rest as Omit<ManualRow, 'amount'>), amount: limbsToNano(amount_giga, amount_units, amount_nano) }
}

function budgetRow(r: Record<string, unknown>): BudgetRow {
  const { amount_giga, amount_units, amount_nano, ...rest } = r
  return { ...(rest as Omit<BudgetRow, 'amount'>), amount: limbsToNano(amount_giga, amount_units, amount_nano) }
}
