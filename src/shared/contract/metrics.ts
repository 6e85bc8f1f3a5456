import { z } from 'zod'
import { command, internalEvent, query, viewEvent } from './define'

const id = z.int().positive()
/** 0 is the built-in store (the scraper's samples); other ids are saved Prometheus-compatible sources. */
const sourceId = z.int().min(0).default(0)
const promql = z.string().trim().min(1, 'must not be empty').max(4000, 'at most 4,000 characters')
const ms = z.number().int().min(0).max(8.64e15)
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^https?:\/\/[^\s]+$/.test(u), 'must be an http:// or https:// URL')

export const AUTH_KINDS = ['none', 'bearer', 'basic'] as const

export const MetricSource = z.object({
  id,
  name: z.string(),
  url: z.string(),
  auth: z.enum(AUTH_KINDS),
  username: z.string().nullable(),
  /** A token or password is sealed at rest and never sent back: only whether one is set. */
  hasSecret: z.boolean(),
  tenant: z.string().nullable(),
  createdAt: z.number()
})
export type MetricSource = z.infer<typeof MetricSource>

export const SaveSourceInput = z.strictObject({
  id: id.optional(),
  name: z.string().trim().min(1, 'must not be empty').max(120),
  /** The API base: http://prometheus:9090, https://mimir/prometheus, http://vm:8481/select/0/prometheus */
  url: httpUrl,
  auth: z.enum(AUTH_KINDS).default('none'),
  username: z.string().trim().max(200).optional(),
  /** The bearer token or basic-auth password; left out when editing keeps the sealed one. */
  secret: z.string().max(4000).optional(),
  /** Mimir / Cortex tenant, sent as X-Scope-OrgID. */
  tenant: z.string().trim().max(200).optional()
})
export type SaveSourceInput = z.input<typeof SaveSourceInput>

export const MetricSeries = z.object({
  labels: z.record(z.string(), z.string()),
  /** [ms, value]; NaN and ±Inf are sent as null with the text in `special` */
  points: z.array(z.tuple([z.number(), z.number().nullable()]))
})
export type MetricSeries = z.infer<typeof MetricSeries>

export const QueryResult = z.object({
  resultType: z.enum(['vector', 'matrix', 'scalar', 'string']),
  series: z.array(MetricSeries),
  /** The step used (s), for range queries: chosen so no series exceeds 11,000 points. */
  stepS: z.number().nullable(),
  warnings: z.array(z.string())
})
export type QueryResult = z.infer<typeof QueryResult>

const RangeInput = z.strictObject({
  sourceId,
  query: promql,
  start: ms,
  end: ms,
  /** Wanted step in seconds; raised when it would give more than 11,000 points per series. */
  stepS: z
    .number()
    .min(0.001)
    .max(86_400 * 30)
    .optional()
})

export const Target = z.object({
  id,
  url: z.string(),
  job: z.string(),
  service: z.string().nullable(),
  intervalS: z.number(),
  lastScrapeAt: z.number().nullable(),
  lastError: z.string().nullable(),
  lastSamples: z.number().nullable(),
  lastDurationMs: z.number().nullable()
})
export type Target = z.infer<typeof Target>

/** Label names the RED/USE queries use; editable per dashboard. */
export const DashboardLabels = z.strictObject({
  service: z.string().trim().min(1).max(100).default('job'),
  requests: z.string().trim().min(1).max(200).default('http_requests_total'),
  status: z.string().trim().min(1).max(100).default('code'),
  duration: z.string().trim().min(1).max(200).default('http_request_duration_seconds'),
  instance: z.string().trim().min(1).max(100).default('instance'),
  /** A build-info gauge with a version label: a new version appearing is a deploy marker. */
  buildInfo: z.string().trim().min(1).max(200).default('app_build_info'),
  version: z.string().trim().min(1).max(100).default('version'),
  /** The label that splits the duration histogram by stage of a request (db, render …): "where time goes". */
  stage: z.string().trim().min(1).max(100).default('stage')
})
export type DashboardLabels = z.infer<typeof DashboardLabels>

export const PANEL_IDS = ['rate', 'errors', 'latency', 'cpu', 'memory', 'disk', 'saturation'] as const

export const Panel = z.object({
  id: z.enum(PANEL_IDS),
  title: z.string(),
  unit: z.string(),
  query: z.string(),
  series: z.array(MetricSeries),
  error: z.string().nullable()
})
export type Panel = z.infer<typeof Panel>

export const Dashboard = z.object({
  service: z.string(),
  stepS: z.number(),
  panels: z.array(Panel),
  /** When each version first showed in the build-info metric. */
  deploys: z.array(z.object({ t: z.number(), version: z.string() }))
})
export type Dashboard = z.infer<typeof Dashboard>

export const FleetRow = z.object({
  service: z.string(),
  rate: z.number().nullable(),
  errorRatio: z.number().nullable(),
  p95: z.number().nullable()
})

export const ForecastInput = RangeInput.extend({
  horizonSteps: z.int().min(1).max(2000).default(48),
  /** Season lengths in steps to try (e.g. 24 for a daily season of hourly steps). */
  periods: z.array(z.int().min(2).max(1000)).max(3).default([]),
  /** A capacity threshold: when the forecast reaches it ("disk full in 9 days"). */
  threshold: z.number().optional(),
  direction: z.enum(['above', 'below']).default('above')
})
export type ForecastInput = z.input<typeof ForecastInput>

export const Forecast = z.object({
  labels: z.record(z.string(), z.string()),
  stepS: z.number(),
  history: z.array(z.tuple([z.number(), z.number()])),
  fitted: z.array(z.number()),
  anomalyLo: z.array(z.number()),
  anomalyHi: z.array(z.number()),
  anomalies: z.array(z.number()),
  times: z.array(z.number()),
  mean: z.array(z.number()),
  lo: z.array(z.number()),
  hi: z.array(z.number()),
  model: z.string(),
  candidates: z.array(z.object({ name: z.string(), rmse: z.number(), mape: z.number().nullable(), coverage: z.number() })),
  /** When the threshold is crossed: expected (point forecast) and earliest (interval edge), ms. */
  crossing: z.object({ expected: z.number().nullable(), earliest: z.number().nullable(), message: z.string() }).nullable()
})
export type Forecast = z.infer<typeof Forecast>

export const RULE_KINDS = ['threshold', 'predictive'] as const
export const RULE_STATES = ['ok', 'pending', 'firing', 'error'] as const
export const Rule = z.object({
  id,
  name: z.string(),
  sourceId: z.number(),
  query: z.string(),
  kind: z.enum(RULE_KINDS),
  op: z.enum(['>', '<']),
  threshold: z.number(),
  forS: z.number(),
  horizonS: z.number(),
  state: z.enum(RULE_STATES),
  lastValue: z.number().nullable(),
  lastMessage: z.string().nullable(),
  lastEvalAt: z.number().nullable()
})
export type Rule = z.infer<typeof Rule>

export const SaveRuleInput = z.strictObject({
  id: id.optional(),
  name: z.string().trim().min(1, 'must not be empty').max(120),
  sourceId,
  query: promql,
  kind: z.enum(RULE_KINDS).default('threshold'),
  op: z.enum(['>', '<']).default('>'),
  threshold: z.number(),
  /** How long the condition must hold before the rule fires (s). */
  forS: z.int().min(0).max(86_400).default(0),
  /** Predictive rules: fire when the forecast crosses the threshold within this horizon (s). */
  horizonS: z
    .int()
    .min(0)
    .max(86_400 * 90)
    .default(0)
})
export type SaveRuleInput = z.input<typeof SaveRuleInput>

export const RECOMMENDATION_KINDS = ['over-provisioned', 'under-provisioned', 'slow-endpoint', 'deploy-regression'] as const
export const RECOMMENDATION_STATES = ['open', 'accepted', 'dismissed', 'snoozed'] as const
export const MetricRecommendation = z.object({
  id,
  kind: z.enum(RECOMMENDATION_KINDS),
  subject: z.string(),
  detail: z.string(),
  evidenceQuery: z.string(),
  baseline: z.number(),
  savingPerMonth: z.number().nullable(),
  /** Where the saving's price comes from: the imported bills (Costs) or the typed price, said so. */
  savingBasis: z.string().nullable(),
  /** The saving's currency: the bills' own, or USD for the typed price. */
  savingCurrency: z.string().nullable(),
  /** Where a slow endpoint's time goes (share of its mean duration per component), when the metrics allow it. */
  breakdown: z.array(z.object({ component: z.string(), seconds: z.number(), share: z.number() })).nullable(),
  state: z.enum(RECOMMENDATION_STATES),
  snoozedUntil: z.number().nullable(),
  acceptedAt: z.number().nullable(),
  measured: z.number().nullable(),
  createdAt: z.number()
})
export type MetricRecommendation = z.infer<typeof MetricRecommendation>

export const metricsChannels = {
  'metrics:sources': query(
    'Saved Prometheus-compatible sources (secrets never returned)',
    z.strictObject({}).optional(),
    z.array(MetricSource)
  ),
  'metrics:saveSource': command(
    'Add or edit a Prometheus-compatible source; the token or password is sealed',
    SaveSourceInput,
    MetricSource
  ),
  'metrics:deleteSource': command('Delete a source', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'metrics:query': query('An instant query', z.strictObject({ sourceId, query: promql, time: ms.optional() }), QueryResult),
  'metrics:queryRange': query('A range query; the step keeps every series under 11,000 points', RangeInput, QueryResult),
  'metrics:labels': query('Label names of a source', z.strictObject({ sourceId }), z.array(z.string())),
  'metrics:labelValues': query('Values of one label', z.strictObject({ sourceId, name: z.string().min(1).max(200) }), z.array(z.string())),
  'metrics:series': query(
    'MetricSeries matching selectors',
    z.strictObject({ sourceId, match: z.array(promql).min(1).max(20), start: ms, end: ms }),
    z.array(z.record(z.string(), z.string()))
  ),
  'metrics:targets': query('Endpoints the built-in scraper reads', z.strictObject({}).optional(), z.array(Target)),
  'metrics:saveTarget': command(
    'Add a /metrics endpoint to the built-in scraper',
    z.strictObject({
      id: id.optional(),
      url: httpUrl,
      job: z.string().trim().min(1, 'must not be empty').max(100),
      service: z.string().trim().max(200).optional(),
      intervalS: z.int().min(1).max(3600).default(15)
    }),
    Target
  ),
  'metrics:deleteTarget': command('Remove a scrape target (its samples stay)', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'metrics:scrapeNow': command('Scrape one target now', z.strictObject({ id }), Target),
  'metrics:dashboard': query(
    'RED and USE panels of one service',
    z.strictObject({ sourceId, service: z.string().trim().min(1).max(200), start: ms, end: ms, labels: DashboardLabels.optional() }),
    Dashboard
  ),
  'metrics:fleet': query(
    'Every service ranked worst first (error ratio, then p95)',
    z.strictObject({ sourceId, labels: DashboardLabels.optional(), windowS: z.int().min(60).max(86_400).default(300) }),
    z.array(FleetRow)
  ),
  'metrics:forecast': query('Forecast one series with prediction intervals, model chosen by backtest', ForecastInput, z.array(Forecast)),
  'metrics:rules': query('Alert rules on queries', z.strictObject({}).optional(), z.array(Rule)),
  'metrics:saveRule': command('Add or edit a threshold or predictive rule', SaveRuleInput, Rule),
  'metrics:deleteRule': command('Delete a rule', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'metrics:evaluateRules': command('Evaluate every rule now', z.strictObject({}).optional(), z.array(Rule)),
  'metrics:recommendations': query(
    'Tuning and resource advice',
    z.strictObject({ state: z.enum(RECOMMENDATION_STATES).optional() }).optional(),
    z.array(MetricRecommendation)
  ),
  'metrics:analyze': command(
    'Look for over/under-provisioned workloads, slow endpoints and deploy regressions',
    z.strictObject({
      sourceId,
      labels: DashboardLabels.optional(),
      windowS: z
        .int()
        .min(300)
        .max(86_400 * 30)
        .default(86_400),
      /** Price of one CPU core-hour, used when the imported bills (Costs) have no CPU-hour usage for the service. */
      coreHourPrice: z.number().min(0).max(1000).optional()
    }),
    z.array(MetricRecommendation)
  ),
  'metrics:decide': command(
    'Accept, dismiss or snooze a recommendation',
    z.strictObject({ id, decision: z.enum(['accepted', 'dismissed', 'snoozed', 'open']), snoozeDays: z.int().min(1).max(90).default(7) }),
    MetricRecommendation
  )
} as const

export const metricsEvents = {
  'metrics:changed': viewEvent(z.object({ what: z.enum(['sources', 'targets', 'samples', 'rules', 'recommendations']), at: z.number() })),
  /** One rule's state after an evaluation (every 15 s); the alerting engine's `metric` signal fires on `firing` and resolves on `ok`. */
  'metrics:ruleEvaluated': internalEvent(
    z.object({
      ruleId: z.int(),
      name: z.string(),
      kind: z.enum(RULE_KINDS),
      query: z.string(),
      op: z.enum(['>', '<']),
      threshold: z.number(),
      state: z.enum(RULE_STATES),
      value: z.number().nullable(),
      message: z.string().nullable(),
      at: z.number()
    })
  )
} as const
