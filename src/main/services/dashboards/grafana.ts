/** Import of Grafana's classic dashboard JSON: the panel types that map, and a list of what did not. */
import {
  GRID_COLUMNS,
  type DashboardModel,
  type DashboardPanel,
  type PanelQuery,
  type PanelType,
  type Threshold,
  type Unit,
  type Variable
} from '../../../shared/contract/dashboards'

type Json = Record<string, any>

const TYPES: Record<string, PanelType> = {
  timeseries: 'timeseries',
  graph: 'timeseries',
  stat: 'stat',
  singlestat: 'stat',
  gauge: 'gauge',
  table: 'table',
  'table-old': 'table',
  text: 'text',
  bargauge: 'bar',
  logs: 'logs'
}

const UNITS: Record<string, Unit> = {
  percent: '%',
  percentunit: 'ratio',
  ms: 'ms',
  s: 's',
  reqps: 'req/s',
  bytes: 'bytes',
  decbytes: 'bytes',
  currencyUSD: 'USD',
  currencyEUR: 'EUR',
  currencyGBP: 'GBP',
  short: '',
  none: '',
  '': ''
}

const COLORS: Record<string, string> = {
  green: '#2da44e',
  'dark-green': '#1a7f37',
  red: '#cf222e',
  'dark-red': '#a40e26',
  orange: '#bc4c00',
  yellow: '#bf8700',
  blue: '#1f6feb',
  purple: '#8250df',
  text: '#6e7781'
}

/** Grafana's built-in interval variables, replaced by fixed windows (the console picks no interval by range). */
const BUILTINS: [RegExp, string][] = [
  [/\$__rate_interval|\$\{__rate_interval\}/g, '5m'],
  [/\$__interval|\$\{__interval\}/g, '1m'],
  [/\$__range|\$\{__range\}/g, '1h']
]

/** Whether parsed JSON looks like a Grafana dashboard (or Grafana's API wrapper around one). */
export function isGrafana(doc: unknown): boolean {
  const d = unwrap(doc)
  if (!d || typeof d !== 'object') return false
  const panels = (d as Json).panels
  return (
    Array.isArray((d as Json).rows) ||
    (d as Json).templating !== undefined ||
    (Array.isArray(panels) && panels.some((p: Json) => p && typeof p === 'object' && ('gridPos' in p || 'targets' in p))) ||
    (typeof (d as Json).schemaVersion === 'number' && (d as Json).schemaVersion > 1)
  )
}

const unwrap = (doc: unknown): Json | null =>
  doc && typeof doc === 'object'
    ? (doc as Json).dashboard && typeof (doc as Json).dashboard === 'object'
      ? (doc as Json).dashboard
      : (doc as Json)
    : null

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'grafana'

export interface GrafanaImport {
  uid: string
  model: DashboardModel
  unmapped: string[]
}

export function fromGrafana(doc: unknown): GrafanaImport {
  const d = unwrap(doc)!
  const unmapped: string[] = []
  const title = String(d.title ?? '').trim() || 'Imported from Grafana'
  const uid = typeof d.uid === 'string' && /^[a-zA-Z0-9_-]{1,40}$/.test(d.uid) ? d.uid : slug(title)
  if (Array.isArray(d.rows)) unmapped.push('rows: the pre-5.0 row layout is not read (re-save the dashboard in a recent Grafana first)')

  const variables: Variable[] = []
  for (const v of (d.templating?.list ?? []) as Json[]) {
    const name = String(v.name ?? '')
    if (!/^[a-zA-Z_]\w*$/.test(name)) {
      unmapped.push(`variable “${name}”: its name is not usable here`)
      continue
    }
    const raw = String(Array.isArray(v.current?.value) ? (v.current.value[0] ?? '') : (v.current?.value ?? ''))
    const current = raw === '$__all' ? '' : raw
    const kind = ['service', 'environment', 'model'].includes(name) ? (name as Variable['kind']) : 'custom'
    let options: string[] = []
    if (v.type === 'custom')
      options = String(v.query ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    else if (kind === 'custom') {
      options = current ? [current] : []
      unmapped.push(`variable “${name}” (${String(v.type)}): kept as a custom list with its current value only`)
    }
    variables.push({ name, kind, label: String(v.label ?? ''), options: options.slice(0, 200), current })
  }

  const flat: Json[] = []
  for (const p of (d.panels ?? []) as Json[]) {
    if (p.type === 'row') flat.push(...((p.panels ?? []) as Json[]))
    else flat.push(p)
  }
  const panels: DashboardPanel[] = []
  const used = new Set<string>()
  for (const p of flat) {
    const where = `panel “${String(p.title ?? p.id ?? '?')}”`
    const type = TYPES[String(p.type)]
    if (!type) {
      unmapped.push(`${where}: the type ${String(p.type)} has no equivalent`)
      continue
    }
    let id = `p${Number.isInteger(p.id) && p.id > 0 && p.id < 1e6 ? p.id : panels.length + 1}`
    while (used.has(id)) id = `p${panels.length + 1 + used.size}`
    used.add(id)
    const g = (p.gridPos ?? {}) as Json
    const w = Math.max(1, Math.min(GRID_COLUMNS, Math.round(Number(g.w ?? 12) / 2)))
    const x = Math.min(GRID_COLUMNS - w, Math.max(0, Math.round(Number(g.x ?? 0) / 2)))
    const defaults = (p.fieldConfig?.defaults ?? {}) as Json
    const unitName = String(defaults.unit ?? p.yaxes?.[0]?.format ?? p.format ?? '')
    const unit = UNITS[unitName]
    if (unit === undefined) unmapped.push(`${where}: the unit ${unitName} is shown without a unit`)
    panels.push({
      id,
      title: String(p.title ?? ''),
      type,
      x,
      y: Math.max(0, Math.round((Number(g.y ?? 0) * 30) / 40)),
      w,
      h: Math.max(2, Math.min(40, Math.round((Number(g.h ?? 8) * 30) / 40))),
      query: type === 'text' ? { source: 'none' } : queryOf(p, d, where, unmapped),
      unit: unit ?? '',
      decimals: Number.isInteger(defaults.decimals) ? Math.min(6, Math.max(0, defaults.decimals)) : 2,
      thresholds: thresholdsOf(defaults),
      text: type === 'text' ? textOf(p, where, unmapped) : ''
    })
  }
  const refresh = /^(\d+)([smhd])$/.exec(String(d.refresh ?? ''))
  const model: DashboardModel = {
    title: title.slice(0, 200),
    description: String(d.description ?? '').slice(0, 2000),
    tags: ((d.tags ?? []) as unknown[])
      .map(String)
      .filter((t) => t && t.length <= 50)
      .slice(0, 20),
    time: { from: relative(d.time?.from, 'now-6h', unmapped), to: relative(d.time?.to, 'now', unmapped) },
    refreshS: refresh ? Number(refresh[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[refresh[2] as 's']! : 0,
    variables,
    panels
  }
  return { uid, model, unmapped }
}

function relative(v: unknown, fallback: string, unmapped: string[]): string {
  const s = String(v ?? fallback)
  if (/^now(-\d{1,5}[smhdw])?$/.test(s)) return s
  unmapped.push(`time ${s}: only now and now-<n><unit> are kept; ${fallback} is used`)
  return fallback
}

function queryOf(p: Json, d: Json, where: string, unmapped: string[]): PanelQuery {
  const targets = ((p.targets ?? []) as Json[]).filter((t) => !t.hide)
  if (!targets.length) {
    unmapped.push(`${where}: no query`)
    return { source: 'none' }
  }
  if (targets.length > 1) unmapped.push(`${where}: only the first of its ${targets.length} queries is kept`)
  const t = targets[0]!
  const ds = (t.datasource ?? p.datasource ?? d.datasource) as Json | string | undefined
  const dsType = typeof ds === 'string' ? ds.toLowerCase() : String(ds?.type ?? '').toLowerCase()
  let expr = String(t.expr ?? '')
  if (!expr) {
    unmapped.push(`${where}: its ${dsType || 'data source'} query has no expression this console can run`)
    return { source: 'none' }
  }
  for (const [re, by] of BUILTINS)
    if (re.test(expr)) {
      expr = expr.replace(re, by)
      unmapped.push(`${where}: Grafana’s automatic interval became a fixed ${by}`)
    }
  if (dsType.includes('loki')) return { source: 'logs', logql: expr, limit: 100 }
  if (dsType && !dsType.includes('prometheus') && !dsType.startsWith('$') && !dsType.includes('mixed'))
    unmapped.push(`${where}: the ${dsType} expression runs as PromQL`)
  return { source: 'metrics', sourceId: 0, promql: expr }
}

function thresholdsOf(defaults: Json): Threshold[] {
  const steps = (defaults.thresholds?.steps ?? []) as Json[]
  return steps
    .filter((s) => typeof s.value === 'number')
    .slice(0, 10)
    .map((s) => ({ value: s.value as number, color: colour(String(s.color ?? 'red')) }))
}

function colour(c: string): string {
  if (/^#[0-9a-fA-F]{6}$/.test(c)) return c.toLowerCase()
  return COLORS[c] ?? '#cf222e'
}

function textOf(p: Json, where: string, unmapped: string[]): string {
  const content = String(p.options?.content ?? p.content ?? '')
  if ((p.options?.mode ?? p.mode) === 'html') unmapped.push(`${where}: HTML text is shown as plain Markdown`)
  return content.slice(0, 20_000)
}
