import { z } from 'zod'
import { command, query, viewEvent, internalEvent } from './define'
import { FileInspection } from './files'
import { JobStarted } from './jobs'
import { EXT_KIND } from '../extensions'
import { filePath } from './paths'

const day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date YYYY-MM-DD')
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
const id = z.int().positive()
const text = z.string().trim().min(1, 'must not be empty').max(200)
const decimal = z
  .string()
  .trim()
  .regex(/^-?\d{1,18}(\.\d{1,9})?$/, 'must be a decimal amount like 1250.00 (up to 18 digits before the point)')
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter currency code')
const absolutePath = filePath()

export const COST_DIMENSIONS = ['service', 'category', 'region', 'account', 'subAccount', 'chargeCategory', 'resource'] as const
/** A rollup dimension or `tag:<key>`. */
export const CostGroupBy = z.union([z.enum(COST_DIMENSIONS), z.string().regex(/^tag:[^\s'"\\]{1,60}$/, 'must be a dimension or tag:<key>')])
export type CostGroupBy = z.infer<typeof CostGroupBy>
export const CostBasis = z.enum(['billed', 'effective'])
export type CostBasis = z.infer<typeof CostBasis>
export const Granularity = z.enum(['day', 'week', 'month'])

export const CostFilters = z
  .strictObject({
    service: z.array(z.string().max(200)).max(50).optional(),
    category: z.array(z.string().max(200)).max(50).optional(),
    region: z.array(z.string().max(200)).max(50).optional(),
    account: z.array(z.string().max(300)).max(50).optional(),
    tag: z.strictObject({ key: z.string().min(1).max(60), value: z.string().max(200) }).optional()
  })
  .default({})
export type CostFilters = z.input<typeof CostFilters>

const Range = z.strictObject({ from: day, to: day })
const Interval = z.object({ mean: z.number(), lo: z.number(), hi: z.number() })
const CostsSettingsView = z.object({
  anomalyK: z.number(),
  anomalyWindow: z.number(),
  forecastMaxMape: z.number(),
  currency: z.string().nullable()
})

export const CostSeries = z.object({
  currency: z.string(),
  buckets: z.array(z.string()),
  series: z.array(z.object({ name: z.string(), values: z.array(z.number()) })),
  totals: z.array(z.number()),
  anomalies: z.array(
    z.object({ day: z.string(), value: z.number(), median: z.number(), mad: z.number(), direction: z.enum(['high', 'low']) })
  ),
  fromRollup: z.boolean()
})
export type CostSeries = z.infer<typeof CostSeries>

export const CostImportReport = z.object({
  importId: z.number(),
  file: z.string(),
  format: z.string(),
  rows: z.number(),
  billed: z.string(),
  effective: z.string(),
  currency: z.string(),
  periods: z.array(z.object({ account: z.string(), period: z.string(), rows: z.number(), replacedRows: z.number() })),
  replacedRows: z.number(),
  durationMs: z.number()
})
export type CostImportReport = z.infer<typeof CostImportReport>

export const BudgetInput = z.strictObject({
  name: text,
  period: z.enum(['monthly', 'quarterly']).default('monthly'),
  amount: decimal,
  scope: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('all') }),
      z.strictObject({ kind: z.literal('service'), service: text }),
      z.strictObject({ kind: z.literal('tag'), key: z.string().trim().min(1).max(60), value: z.string().max(200) })
    ])
    .default({ kind: 'all' }),
  basis: CostBasis.default('billed'),
  thresholds: z.array(z.int().min(1).max(1000)).max(10).default([50, 80, 100]),
  forecastThresholds: z.array(z.int().min(1).max(1000)).max(10).default([100])
})
export type BudgetInput = z.input<typeof BudgetInput>

export const BudgetView = z.object({
  id: z.number(),
  name: z.string(),
  period: z.enum(['monthly', 'quarterly']),
  amount: z.number(),
  currency: z.string(),
  scope: z.object({ kind: z.string(), service: z.string().optional(), key: z.string().optional(), value: z.string().optional() }),
  scopeLabel: z.string(),
  basis: CostBasis,
  thresholds: z.array(z.number()),
  forecastThresholds: z.array(z.number()),
  status: z.object({
    period: z.string(),
    start: z.string(),
    end: z.string(),
    actual: z.number(),
    forecast: Interval.nullable(),
    pctActual: z.number(),
    pctForecast: z.number().nullable(),
    /** Why there is no forecast at period end (too little history, a backtest MAPE above the limit), or null. */
    forecastUnreliable: z.string().nullable(),
    state: z.enum(['ok', 'warning', 'over', 'forecast-over'])
  }),
  fired: z.array(
    z.object({ period: z.string(), basis: z.enum(['actual', 'forecast']), threshold: z.number(), amount: z.number(), firedAt: z.number() })
  )
})
export type BudgetView = z.infer<typeof BudgetView>

export const ForecastView = z.object({
  currency: z.string(),
  basis: CostBasis,
  method: z.enum(['holt-winters', 'mean', 'none']),
  /** Damped (levels off; the default) or linear trend. */
  trend: z.enum(['damped', 'linear']),
  /** False with too little history or a backtest MAPE above the limit (costs settings): then say why, do not lean on it. */
  reliable: z.boolean(),
  unreliableReason: z.string().nullable(),
  params: z.object({ alpha: z.number(), beta: z.number(), gamma: z.number(), phi: z.number() }).nullable(),
  history: z.object({ days: z.array(z.string()), values: z.array(z.number()), fitted: z.array(z.number().nullable()) }),
  forecast: z.object({ days: z.array(z.string()), mean: z.array(z.number()), lo: z.array(z.number()), hi: z.array(z.number()) }),
  asOf: z.string().nullable(),
  monthEnd: Interval.extend({ month: z.string(), actualToDate: z.number() }).nullable(),
  nextMonths: z.array(Interval.extend({ month: z.string() })),
  backtest: z.object({ mape: z.number().nullable(), holdoutDays: z.number() }),
  sigma: z.number()
})
export type ForecastView = z.infer<typeof ForecastView>

export const Recommendation = z.object({
  kind: z.enum(['idle-resource', 'fast-growth', 'untagged']),
  title: z.string(),
  detail: z.string(),
  target: z.string(),
  monthlyCost: z.number(),
  estimatedMonthlySavings: z.number()
})
export type Recommendation = z.infer<typeof Recommendation>

export const SavingsGoal = z.object({
  baselineMonth: z.string().nullable(),
  targetPct: z.number(),
  baseline: z.number(),
  target: z.number(),
  months: z.array(z.object({ month: z.string(), actual: z.number(), target: z.number(), met: z.boolean() }))
})

export const Mover = z.object({ key: z.string(), a: z.number(), b: z.number(), delta: z.number(), pct: z.number().nullable() })

export const ReportView = z.object({
  title: z.string(),
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  scopeLabel: z.string(),
  generatedAt: z.number(),
  summary: z.object({
    billed: z.number(),
    effective: z.number(),
    previousBilled: z.number(),
    changePct: z.number().nullable(),
    rows: z.number(),
    days: z.number()
  }),
  series: CostSeries,
  topServices: z.array(z.object({ key: z.string(), amount: z.number(), share: z.number() })),
  movers: z.array(Mover),
  budgets: z.array(BudgetView),
  forecast: ForecastView,
  recommendations: z.array(Recommendation)
})
export type ReportView = z.infer<typeof ReportView>

const ReportScope = z
  .strictObject({
    service: z.string().max(200).optional(),
    tag: z.strictObject({ key: z.string().min(1).max(60), value: z.string().max(200) }).optional()
  })
  .default({})

const ScheduleView = z.object({
  id: z.number(),
  name: z.string(),
  cadence: z.enum(['monthly', 'weekly', 'cron']),
  cron: z.string().nullable(),
  /** IANA time zone the schedule runs in. */
  timezone: z.string(),
  recipients: z.array(z.string()),
  nextRunAt: z.number(),
  lastRunAt: z.number().nullable()
})

const ManualView = z.object({
  id: z.number(),
  service: z.string(),
  description: z.string(),
  category: z.string(),
  amount: z.string(),
  currency: z.string(),
  recurrence: z.enum(['once', 'monthly']),
  startDay: z.string(),
  endDay: z.string().nullable()
})

export const costsChannels = {
  'costs:summary': query(
    'Month to date, last month, forecast month-end, budgets and data range',
    z.strictObject({ month: month.optional(), basis: CostBasis.default('billed') }).optional(),
    z.object({
      hasData: z.boolean(),
      currency: z.string(),
      month: z.string(),
      firstDay: z.string().nullable(),
      lastDay: z.string().nullable(),
      monthToDate: z.number(),
      previousMonth: z.number(),
      forecastMonthEnd: Interval.extend({ reliable: z.boolean(), unreliableReason: z.string().nullable() }).nullable(),
      mape: z.number().nullable(),
      budgets: z.object({ total: z.number(), over: z.number(), warning: z.number() }),
      anomalies: z.number(),
      rows: z.number()
    })
  ),
  'costs:series': query(
    'Cost over time by day, week or month, grouped by a dimension or tag key, with anomaly markers',
    z.strictObject({
      from: day,
      to: day,
      granularity: Granularity.default('day'),
      groupBy: CostGroupBy.default('service'),
      basis: CostBasis.default('billed'),
      filters: CostFilters,
      top: z.int().min(1).max(30).default(8),
      anomalyK: z.number().min(0.5).max(20).optional()
    }),
    CostSeries
  ),
  'costs:dimensions': query(
    'Distinct values of the filter dimensions and the tag keys',
    z.strictObject({}).optional(),
    z.object({
      service: z.array(z.string()),
      category: z.array(z.string()),
      region: z.array(z.string()),
      account: z.array(z.string()),
      tagKeys: z.array(z.string())
    })
  ),
  'costs:movers': query(
    'Top movers between two periods',
    z.strictObject({
      a: Range,
      b: Range,
      groupBy: CostGroupBy.default('service'),
      basis: CostBasis.default('billed'),
      limit: z.int().min(1).max(100).default(10)
    }),
    z.array(Mover)
  ),
  'costs:unitCosts': query(
    'Cost per 1,000 checks for cost services linked to monitored services',
    z.strictObject({ from: day, to: day }),
    z.array(
      z.object({
        costService: z.string(),
        serviceId: z.number(),
        serviceName: z.string(),
        cost: z.number(),
        checks: z.number(),
        costPer1000: z.number().nullable()
      })
    )
  ),
  'costs:links': query(
    'Links from cost services to monitored services',
    z.strictObject({}).optional(),
    z.array(z.object({ costService: z.string(), serviceId: z.number(), serviceName: z.string() }))
  ),
  'costs:link': command(
    'Link a cost service to a monitored service',
    z.strictObject({ costService: text, serviceId: id }),
    z.object({ ok: z.literal(true) })
  ),
  'costs:unlink': command('Remove a link', z.strictObject({ costService: text, serviceId: id }), z.object({ removed: z.number() })),
  'costs:import': command(
    'Import a FOCUS (1.0-1.2) CSV, gzip CSV or Parquet bill, or a mapped CSV, as a job whose result is the import report; replaces the same account and billing period',
    z.strictObject({
      path: absolutePath,
      source: z.string().trim().min(1).max(80).optional(),
      rates: z.record(currency, z.number().positive().max(1e6)).default({}),
      /** A bill format an extension adds (costs:importFormats); the extension parses the file into FOCUS rows. */
      importer: z.string().regex(EXT_KIND, 'must be ext:<extension id>/<importer>').optional()
    }),
    JobStarted
  ),
  'costs:importFormats': query(
    'Bill formats extensions add (importers with target costs), for the import page',
    z.strictObject({}).optional(),
    z.array(
      z.object({ id: z.string(), title: z.string(), extensions: z.array(z.string()), extension: z.string(), extensionName: z.string() })
    )
  ),
  'costs:imports': query(
    'Past imports, newest first',
    z.strictObject({}).optional(),
    z.array(
      z.object({
        id: z.number(),
        file: z.string(),
        format: z.string(),
        source: z.string().nullable(),
        rows: z.number(),
        liveRows: z.number(),
        billed: z.string(),
        currency: z.string(),
        periods: z.array(z.string()),
        finishedAt: z.number()
      })
    )
  ),
  'costs:deleteImport': command('Delete an import and its rows', z.strictObject({ id }), z.object({ deletedRows: z.number() })),
  'costs:header': query(
    'Inspect a bill file (columns with types and sample values), with the FOCUS columns a mapping can name, for the mapping editor',
    z.strictObject({ path: absolutePath }),
    FileInspection.extend({ focusColumns: z.array(z.string()), required: z.array(z.string()) })
  ),
  'costs:sources': query(
    'Saved sources and their column mappings',
    z.strictObject({}).optional(),
    z.array(z.object({ id: z.number(), name: z.string(), kind: z.enum(['focus', 'mapped']), mapping: z.record(z.string(), z.string()) }))
  ),
  'costs:saveSource': command(
    'Save a column mapping for a non-FOCUS CSV layout (FOCUS column -> file column)',
    z.strictObject({ name: z.string().trim().min(1).max(80), mapping: z.record(z.string().max(60), z.string().max(200)).default({}) }),
    z.object({ id: z.number() })
  ),
  'costs:deleteSource': command('Delete a saved source', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'costs:manualList': query('Manual cost entries', z.strictObject({}).optional(), z.array(ManualView)),
  'costs:manualCreate': command(
    'Add a manual cost entry (a SaaS subscription, a contract): once, or every month; spread evenly over its days',
    z.strictObject({
      service: text,
      description: z.string().max(500).default(''),
      category: z.string().trim().min(1).max(80).default('SaaS'),
      amount: decimal,
      currency: currency.optional(),
      recurrence: z.enum(['once', 'monthly']).default('monthly'),
      startDay: day,
      endDay: day.optional()
    }),
    z.object({ id: z.number(), rows: z.number() })
  ),
  'costs:manualDelete': command('Delete a manual entry', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'costs:budgets': query(
    'Budgets with their status this period and the thresholds fired',
    z.strictObject({ asOf: day.optional() }).optional(),
    z.array(BudgetView)
  ),
  'costs:budgetCreate': command('Create a budget; thresholds are checked at once', BudgetInput, z.object({ id: z.number() })),
  'costs:budgetUpdate': command('Change a budget', BudgetInput.extend({ id }), z.object({ id: z.number() })),
  'costs:budgetDelete': command('Delete a budget', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'costs:forecast': query(
    'Holt-Winters forecast of daily cost: month-end and next three months with 95 % intervals and backtest MAPE',
    z
      .strictObject({
        basis: CostBasis.default('billed'),
        service: z.string().max(200).optional(),
        trend: z.enum(['damped', 'linear']).default('damped')
      })
      .optional(),
    ForecastView
  ),
  'costs:recommendations': query(
    'Savings recommendations ranked by estimated monthly savings',
    z.strictObject({}).optional(),
    z.array(Recommendation)
  ),
  'costs:savingsGoal': query('The savings goal and actual spend per month against it', z.strictObject({}).optional(), SavingsGoal),
  'costs:setSavingsGoal': command(
    'Set the savings goal: a baseline month and a reduction target',
    z.strictObject({ baselineMonth: month, targetPct: z.number().min(1).max(90).default(20) }),
    SavingsGoal
  ),
  'costs:report': query('A cost report for a period and scope', z.strictObject({ from: day, to: day, scope: ReportScope }), ReportView),
  'costs:reportCsv': query(
    'The cost report as CSV',
    z.strictObject({ from: day, to: day, scope: ReportScope }),
    z.object({ filename: z.string(), csv: z.string() })
  ),
  'costs:schedules': query('Report schedules', z.strictObject({}).optional(), z.array(ScheduleView)),
  'costs:scheduleCreate': command(
    'Schedule a cost report (monthly on the 1st or weekly on Mondays at 06:00, or a cron expression) in a time zone; when due a costs:report event is published for the email channels',
    z.strictObject({
      name: text,
      cadence: z.enum(['monthly', 'weekly', 'cron']).default('monthly'),
      cron: z.string().max(100).optional(),
      /** IANA time zone; omitted or empty: the console machine's zone. */
      timezone: z.string().trim().max(64).optional(),
      recipients: z.array(z.string().trim().max(200)).max(50).default([]),
      scope: ReportScope
    }),
    z.object({ id: z.number(), nextRunAt: z.number() })
  ),
  'costs:scheduleDelete': command('Delete a report schedule', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'costs:settings': query('Anomaly sensitivity and the workspace currency', z.strictObject({}).optional(), CostsSettingsView),
  'costs:setSettings': command(
    'Change anomaly sensitivity (k in median ± k·MAD, window in days) and the backtest MAPE above which forecasts are unreliable',
    z.strictObject({
      anomalyK: z.number().min(0.5).max(20).optional(),
      anomalyWindow: z.int().min(7).max(120).optional(),
      forecastMaxMape: z.number().min(0.05, 'must be at least 5 %').max(5).optional()
    }),
    CostsSettingsView
  )
} as const

export const costsEvents = {
  'costs:budget': viewEvent(
    z.object({
      budgetId: z.number(),
      name: z.string(),
      threshold: z.number(),
      basis: z.enum(['actual', 'forecast']),
      amount: z.number(),
      budget: z.number(),
      currency: z.string(),
      period: z.string()
    })
  ),
  /** A scheduled report is due: its body goes to the e-mail channels, never to the views. */
  'costs:report': internalEvent(
    z.object({ scheduleId: z.number(), subject: z.string(), csv: z.string(), html: z.string(), recipients: z.array(z.string()) })
  ),
  /** A scheduled report went out (or failed): the views refresh the schedules. */
  'costs:reportSent': viewEvent(z.object({ scheduleId: z.number(), at: z.number() }))
} as const
