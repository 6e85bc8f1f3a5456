import { z } from 'zod'
import { command, query, viewEvent } from './define'
import { EXT_KIND } from '../extensions'
import { filePath } from './paths'

/** Dashboards: grids of panels whose data come from the other areas through typed panel queries. */

export const SCHEMA_VERSION = 1
export const GRID_COLUMNS = 12

export const PANEL_TYPES = ['timeseries', 'bar', 'stat', 'gauge', 'table', 'status', 'logs', 'text'] as const
export const PanelType = z.enum(PANEL_TYPES)
export type PanelType = z.infer<typeof PanelType>
export const PANEL_TYPE_LABELS: Record<PanelType, string> = {
  timeseries: 'Time series',
  bar: 'Bar chart',
  stat: 'Stat',
  gauge: 'Gauge',
  table: 'Table',
  status: 'Status grid',
  logs: 'Log stream',
  text: 'Markdown text'
}

export const UNITS = ['', '%', 'ms', 's', 'count', 'USD', 'EUR', 'GBP', 'req/s', 'bytes', 'ratio'] as const
export const Unit = z.enum(UNITS)
export type Unit = z.infer<typeof Unit>

/** `now`, or `now-<n><s|m|h|d|w>`, as in Grafana. */
export const RelativeTime = z.string().regex(/^now(-\d{1,5}[smhdw])?$/, 'use now or now-<number><s|m|h|d|w>, e.g. now-6h')
/** Text that may hold `$variable` or `${variable}`. */
const templ = (max: number) => z.string().max(max)
const name = z
  .string()
  .min(1, 'must not be empty')
  .max(40)
  .regex(/^[a-zA-Z_]\w*$/, 'use letters, digits and _ (starting with a letter)')

export const HEALTH_METRICS = ['uptime', 'latency_p50', 'latency_p95', 'latency_p99', 'failures', 'status'] as const
export const COST_GROUPS = ['service', 'category', 'region', 'account'] as const

/** What a panel shows: one typed query per source area. String fields may use variables. */
export const PanelQuery = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('none') }),
  z.strictObject({
    source: z.literal('health'),
    metric: z.enum(HEALTH_METRICS),
    /** A service name, `$service`, or empty for every service. */
    service: templ(200).default('')
  }),
  z.strictObject({
    source: z.literal('alerts'),
    state: z.enum(['any', 'firing', 'acknowledged', 'resolved']).default('any'),
    groupBy: z.enum(['state', 'severity', 'service', 'time']).default('state'),
    service: templ(200).default('')
  }),
  z.strictObject({ source: z.literal('drift'), check: templ(200).default(''), model: templ(200).default('') }),
  z.strictObject({
    source: z.literal('costs'),
    groupBy: z.enum(COST_GROUPS).default('service'),
    service: templ(200).default(''),
    granularity: z.enum(['day', 'week', 'month']).default('day')
  }),
  z.strictObject({ source: z.literal('models'), model: templ(200).default(''), metric: templ(200).min(1, 'name a metric') }),
  z.strictObject({
    source: z.literal('metrics'),
    /** 0 is the built-in store; others are saved Prometheus sources. */
    sourceId: z.int().min(0).default(0),
    promql: templ(5000).min(1, 'write a PromQL query')
  }),
  z.strictObject({
    source: z.literal('logs'),
    logql: templ(5000).min(1, 'write a LogQL query, e.g. {service="api"} |= "error"'),
    limit: z.int().min(1).max(500).default(100)
  }),
  /** A panel data source an extension contributes (`dashboardPanels` without an entry): it answers the data itself. */
  z.strictObject({
    source: z.literal('extension'),
    panel: z
      .string()
      .max(200)
      .refine((p) => p === '' || EXT_KIND.test(p), 'must be ext:<extension id>/<panel>')
      .default(''),
    /** Free parameters handed to the extension (variables substituted). */
    params: z.record(z.string().regex(/^[A-Za-z]\w{0,39}$/, 'letters, digits and _'), templ(500)).default({})
  })
])
export type PanelQuery = z.infer<typeof PanelQuery>
export type PanelSource = PanelQuery['source']
export const PANEL_SOURCES = ['none', 'health', 'alerts', 'drift', 'costs', 'models', 'metrics', 'logs', 'extension'] as const

export const Threshold = z.strictObject({
  value: z.number(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'use a colour like #cf222e')
})
export type Threshold = z.infer<typeof Threshold>

export const DashboardPanel = z.strictObject({
  id: z.string().regex(/^p\d{1,6}$/, 'panel ids are p<number>'),
  title: z.string().max(200).default(''),
  type: PanelType,
  x: z
    .int()
    .min(0)
    .max(GRID_COLUMNS - 1),
  y: z.int().min(0).max(1000),
  w: z.int().min(1).max(GRID_COLUMNS),
  h: z.int().min(1).max(40),
  query: PanelQuery,
  unit: Unit.default(''),
  decimals: z.int().min(0).max(6).default(2),
  /** Ascending: a value at or over a step takes its colour. */
  thresholds: z.array(Threshold).max(10).default([]),
  /** Markdown for text panels. */
  text: z.string().max(20_000).default('')
})
export type DashboardPanel = z.infer<typeof DashboardPanel>

export const VARIABLE_KINDS = ['service', 'environment', 'model', 'custom'] as const
export const Variable = z.strictObject({
  name,
  kind: z.enum(VARIABLE_KINDS),
  label: z.string().max(80).default(''),
  /** The choices of a custom list. */
  options: z.array(z.string().min(1).max(200)).max(200).default([]),
  current: z.string().max(200).default('')
})
export type Variable = z.infer<typeof Variable>

export const DashboardModel = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  description: z.string().max(2000).default(''),
  tags: z.array(z.string().min(1).max(50)).max(20).default([]),
  time: z.strictObject({ from: RelativeTime.default('now-6h'), to: RelativeTime.default('now') }).default({ from: 'now-6h', to: 'now' }),
  /** Seconds between refreshes; 0 is off. */
  refreshS: z.int().min(0).max(86_400).default(0),
  variables: z.array(Variable).max(20).default([]),
  panels: z.array(DashboardPanel).max(100).default([])
})
export type DashboardModel = z.infer<typeof DashboardModel>
export type DashboardModelInput = z.input<typeof DashboardModel>

export const uid = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-zA-Z0-9_-]+$/, 'use letters, digits, - and _')

/** The file a dashboard is exported as: the model with its uid and schema version, keys sorted. */
export const DashboardFile = DashboardModel.extend({ uid, schemaVersion: z.literal(SCHEMA_VERSION) })
export type DashboardFile = z.infer<typeof DashboardFile>

export const DashboardSummary = z.object({
  uid: z.string(),
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  panels: z.number(),
  version: z.number(),
  updatedAt: z.number(),
  updatedBy: z.string()
})
export type DashboardSummary = z.infer<typeof DashboardSummary>

export const DashboardView = z.object({
  uid: z.string(),
  version: z.number(),
  updatedAt: z.number(),
  updatedBy: z.string(),
  model: DashboardModel
})
export type DashboardView = z.infer<typeof DashboardView>

export const DashboardVersion = z.object({
  version: z.number(),
  author: z.string(),
  message: z.string(),
  createdAt: z.number(),
  restoredFrom: z.number().nullable()
})
export type DashboardVersion = z.infer<typeof DashboardVersion>

export const PanelChange = z.object({ id: z.string(), title: z.string(), fields: z.array(z.string()) })
export const DashboardDiff = z.object({
  a: z.number(),
  b: z.number(),
  added: z.array(z.object({ id: z.string(), title: z.string() })),
  removed: z.array(z.object({ id: z.string(), title: z.string() })),
  changed: z.array(PanelChange),
  /** Dashboard-level fields that differ (title, time, variables …). */
  settings: z.array(z.string()),
  /** A unified line diff of the two versions' JSON. */
  lines: z.array(z.object({ op: z.enum([' ', '+', '-']), text: z.string() }))
})
export type DashboardDiff = z.infer<typeof DashboardDiff>

/** What a panel query resolves to; one shape per kind of data. */
export const PanelData = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('empty'), note: z.string() }),
  z.object({
    kind: z.literal('series'),
    unit: z.string(),
    /** The range asked for (ms), so the time axis spans it even when the data are sparse. */
    from: z.number().optional(),
    to: z.number().optional(),
    series: z.array(z.object({ name: z.string(), points: z.array(z.tuple([z.number(), z.number().nullable()])) }))
  }),
  z.object({
    kind: z.literal('categories'),
    unit: z.string(),
    categories: z.array(z.string()),
    values: z.array(z.number())
  }),
  z.object({ kind: z.literal('table'), columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))) }),
  z.object({
    kind: z.literal('status'),
    items: z.array(z.object({ name: z.string(), status: z.enum(['up', 'degraded', 'down', 'unknown']), detail: z.string() }))
  }),
  z.object({ kind: z.literal('logs'), lines: z.array(z.object({ ts: z.number(), level: z.string(), text: z.string() })) })
])
export type PanelData = z.infer<typeof PanelData>

export const PanelDataInput = z.strictObject({
  query: PanelQuery,
  /** How the panel shows it (a log query gives lines to a log stream, counts to a chart). */
  panelType: PanelType.default('timeseries'),
  time: z.strictObject({ from: RelativeTime, to: RelativeTime }),
  /** Variable name → value, substituted into the query's text fields. */
  vars: z.record(name, z.string().max(200)).default({})
})

const author = z.string().trim().max(80).optional()

export const SaveInput = z.strictObject({
  /** Absent for a new dashboard. */
  uid: uid.optional(),
  model: DashboardModel,
  /** The version the edit started from (0 for a new one): a newer version on the server refuses the save. */
  baseVersion: z.int().min(0),
  message: z.string().max(500).default(''),
  author,
  /** Save over a newer version on purpose. */
  overwrite: z.boolean().default(false)
})

export const DashboardImportReport = z.object({
  uid: z.string(),
  title: z.string(),
  version: z.number(),
  created: z.boolean(),
  /** A new version was written (false: the file equals the latest version). */
  changed: z.boolean(),
  /** Grafana panels, targets and variables that have no equivalent here. */
  unmapped: z.array(z.string())
})
export type DashboardImportReport = z.infer<typeof DashboardImportReport>

/** What a provisioned file holds, by its name's ending: `*.services.yaml`, `*.alerts.yaml`, `*.features.yaml`, `*.json`; in apply order. */
export const PROVISIONED_KINDS = ['services', 'alerts', 'features', 'dashboard'] as const
export const ProvisionedKind = z.enum(PROVISIONED_KINDS)
export type ProvisionedKind = z.infer<typeof ProvisionedKind>

export const ProvisionedFile = z.object({
  /** The path relative to the folder, `/`-separated. */
  file: z.string(),
  kind: ProvisionedKind,
  state: z.enum(['applied', 'unchanged', 'error']),
  uid: z.string().nullable(),
  version: z.number().nullable(),
  /** What the file defines: `environment/name` of services, rule and `destination <name>` names, view names, a dashboard uid. */
  objects: z.array(z.string()),
  message: z.string(),
  /** Where the first problem is (line and column when known, the field when known). */
  error: z.object({ line: z.number().nullable(), column: z.number().nullable(), field: z.string() }).nullable(),
  at: z.number()
})
export const ProvisioningView = z.object({
  /** The watched folder (git checkout) of configuration files; null: provisioning is off. */
  folder: z.string().nullable(),
  watching: z.boolean(),
  files: z.array(ProvisionedFile)
})
export type ProvisioningView = z.infer<typeof ProvisioningView>

const jsonText = z.string().min(2, 'paste the JSON of a dashboard').max(5_000_000)

export const dashboardsChannels = {
  'dashboards:list': query('Dashboards, by title', z.strictObject({}).optional(), z.array(DashboardSummary)),
  'dashboards:get': query('One dashboard at its latest version', z.strictObject({ uid }), DashboardView),
  'dashboards:save': command('Save a dashboard as a new version (refused when someone saved after baseVersion)', SaveInput, DashboardView),
  'dashboards:delete': command('Delete a dashboard and its versions', z.strictObject({ uid }), z.object({ deleted: z.boolean() })),
  'dashboards:panelData': query('Resolve one panel query over the dashboard time range', PanelDataInput, PanelData),
  'dashboards:extensionSources': query(
    'Panel data sources extensions contribute (ext:<extension id>/<panel>)',
    z.strictObject({}).optional(),
    z.array(z.object({ kind: z.string(), title: z.string(), extension: z.string(), extensionName: z.string(), status: z.string() }))
  ),
  'dashboards:variableOptions': query(
    'The values a service, environment or model variable can take',
    z.strictObject({ kind: z.enum(['service', 'environment', 'model']) }),
    z.array(z.string())
  ),
  'dashboards:versions': query('Saved versions, newest first (the last 50 are kept)', z.strictObject({ uid }), z.array(DashboardVersion)),
  'dashboards:version': query(
    'One saved version',
    z.strictObject({ uid, version: z.int().min(1) }),
    DashboardVersion.extend({ model: DashboardModel })
  ),
  'dashboards:diff': query(
    'What changed between two versions',
    z.strictObject({ uid, a: z.int().min(1), b: z.int().min(1) }),
    DashboardDiff
  ),
  'dashboards:restore': command(
    'Make an old version the newest, as a new version that says what it restored',
    z.strictObject({ uid, version: z.int().min(1), baseVersion: z.int().min(0), author }),
    DashboardView
  ),
  'dashboards:export': query(
    'The dashboard as one JSON file: stable uid, sorted keys, schema version',
    z.strictObject({ uid }),
    z.object({ fileName: z.string(), json: z.string() })
  ),
  'dashboards:import': command(
    'Import a dashboard file (this console’s format or Grafana classic JSON); the uid decides new or next version',
    z.strictObject({ json: jsonText, author }),
    DashboardImportReport
  ),
  'dashboards:snapshot': command(
    'Freeze the dashboard with its data as one self-contained HTML file',
    z.strictObject({
      uid,
      expiresInDays: z.int().min(1).max(365).default(7),
      vars: z.record(name, z.string().max(200)).default({})
    }),
    z.object({ fileName: z.string(), html: z.string(), expiresAt: z.number() })
  ),
  'dashboards:provisioning': query(
    'The provisioned folder and what each of its files did',
    z.strictObject({}).optional(),
    ProvisioningView
  ),
  'dashboards:setProvisioning': command(
    'Watch a folder of configuration files (services, alert rules, feature views, dashboards; kept in git) and apply every change; null stops',
    z.strictObject({ folder: filePath().nullable() }),
    ProvisioningView
  ),
  'dashboards:provisionNow': command('Apply every file of the provisioned folder now', z.strictObject({}).optional(), ProvisioningView),
  'dashboards:provisionedFrom': query(
    'The provisioned file an object comes from (a service as environment/name, a rule, a feature view, a dashboard uid)',
    z.strictObject({ kind: ProvisionedKind, object: z.string().min(1).max(400) }),
    z.object({ file: z.string().nullable(), folder: z.string().nullable() })
  ),
  'dashboards:exportFolder': command(
    'Write the services, alert rules, feature views and dashboards as a provisioning folder (sorted keys, stable bytes)',
    z.strictObject({ folder: filePath({ access: 'write' }) }),
    z.object({ folder: z.string(), files: z.array(z.string()) })
  )
} as const

export const dashboardsEvents = {
  'dashboards:changed': viewEvent(z.object({ uid: z.string(), version: z.number(), at: z.number() })),
  /** The provisioned folder was read (a file changed): its table and the "provisioned from" notes refresh. */
  'dashboards:provisioned': viewEvent(z.object({ at: z.number() }))
} as const
