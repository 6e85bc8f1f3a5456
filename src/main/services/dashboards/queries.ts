/** Resolving typed panel queries through the other areas' narrow ports (never their tables). */
import type { PanelData, PanelQuery, PanelType } from '../../../shared/contract/dashboards'
import { invalid } from '../../../shared/errors'
import type { AlertsReader } from '../alerts/api'
import type { ExtensionPanelProvider } from './api'
import { extensionPanelData } from './extensionPanels'
import type { CostsReader } from '../costs/api'
import type { DriftReader } from '../drift/api'
import type { HealthViews } from '../health/api'
import type { LogsQueries } from '../logs/api'
import type { MetricsReader } from '../metrics/api'
import type { ModelsTables } from '../models/api'

export interface PanelPorts {
  health: HealthViews
  alerts: AlertsReader
  drift: DriftReader
  costs: CostsReader
  models: ModelsTables
  metrics: MetricsReader
  logs: LogsQueries
}

type Q<S extends PanelQuery['source']> = Extract<PanelQuery, { source: S }>
export interface Range {
  from: number
  to: number
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`)
const BUCKETS = 60

export class PanelResolver {
  constructor(
    private ports: PanelPorts,
    private extensionPanels: () => ExtensionPanelProvider | null = () => null
  ) {}

  async resolve(query: PanelQuery, panelType: PanelType, range: Range): Promise<PanelData> {
    if (range.to <= range.from) throw invalid('time', 'the range ends before it starts')
    const data = await this.data(query, panelType, range)
    return data.kind === 'series' ? { ...data, from: range.from, to: range.to } : data
  }

  private async data(query: PanelQuery, panelType: PanelType, range: Range): Promise<PanelData> {
    switch (query.source) {
      case 'none':
        return { kind: 'empty', note: 'This panel has no query.' }
      case 'health':
        return this.health(query, panelType, range)
      case 'alerts':
        return this.alerts(query, range)
      case 'drift':
        return this.drift(query)
      case 'costs':
        return this.costs(query, range)
      case 'models':
        return this.models(query)
      case 'metrics':
        return this.metrics(query, range)
      case 'logs':
        return this.logs(query, panelType, range)
      case 'extension':
        return extensionPanelData(this.extensionPanels(), query, panelType, range)
    }
  }

  /** Service names (all when `name` is empty) → ids; an unknown name is an error naming it. */
  private async servicesNamed(name: string) {
    const all = await this.ports.health.overview(undefined)
    if (!name || name === '*') return all
    const found = all.filter((s) => s.name === name)
    if (!found.length) throw invalid('query.service', `no service is named “${name}”`)
    return found
  }

  private async health(q: Q<'health'>, panelType: PanelType, range: Range): Promise<PanelData> {
    const services = await this.servicesNamed(q.service)
    if (q.metric === 'status' || panelType === 'status') {
      const status = (s: string) => (s === 'UP' ? 'up' : s === 'DEGRADED' ? 'degraded' : s === 'DOWN' ? 'down' : 'unknown') as 'up'
      return {
        kind: 'status',
        items: services.map((s) => ({
          name: s.name,
          status: status(s.state),
          detail: `${s.state.toLowerCase()} · uptime 24 h ${s.uptime24h === null ? '—' : `${(s.uptime24h * 100).toFixed(2)} %`}`
        }))
      }
    }
    const series = []
    for (const s of services.slice(0, 20)) {
      const r = await this.ports.health.series({ serviceId: s.id, from: range.from, to: range.to, points: BUCKETS })
      const values = r.t.map((t, i): [number, number | null] => {
        const n = r.count[i]!
        switch (q.metric) {
          case 'uptime':
            return [t, n ? ((n - r.failures[i]!) / n) * 100 : null]
          case 'failures':
            return [t, r.failures[i]!]
          case 'latency_p50':
            return [t, r.p50[i] ?? null]
          case 'latency_p95':
            return [t, r.p95[i] ?? null]
          default:
            return [t, r.p99[i] ?? null]
        }
      })
      series.push({ name: s.name, points: values })
    }
    const unit = q.metric === 'uptime' ? '%' : q.metric === 'failures' ? 'count' : 'ms'
    return { kind: 'series', unit, series }
  }

  private async alerts(q: Q<'alerts'>, range: Range): Promise<PanelData> {
    const serviceId = q.service ? (await this.servicesNamed(q.service))[0]!.id : undefined
    const all = await this.ports.alerts.list({ limit: 1000, ...(serviceId ? { serviceId } : {}) })
    const since = (a: (typeof all)[number]) => a.firedAt ?? a.pendingSince
    const alerts = all.filter((a) => {
      if (since(a) > range.to || (a.resolvedAt !== null && a.resolvedAt < range.from)) return false
      if (q.state === 'any') return true
      if (q.state === 'acknowledged') return a.state === 'firing' && a.acknowledgedAt !== null
      return a.state === q.state
    })
    if (q.groupBy === 'time') {
      const step = Math.max(60_000, Math.ceil((range.to - range.from) / BUCKETS))
      const counts = new Map<number, number>()
      for (const a of alerts) {
        const t = range.from + Math.floor((Math.max(since(a), range.from) - range.from) / step) * step
        counts.set(t, (counts.get(t) ?? 0) + 1)
      }
      const points: [number, number][] = []
      for (let t = range.from; t < range.to; t += step) points.push([t, counts.get(t) ?? 0])
      return { kind: 'series', unit: 'count', series: [{ name: 'alerts', points }] }
    }
    const key = (a: (typeof alerts)[number]): string =>
      q.groupBy === 'severity'
        ? a.severity
        : q.groupBy === 'service'
          ? (a.labels.service ?? a.target)
          : a.acknowledgedAt && a.state === 'firing'
            ? 'acknowledged'
            : a.state
    const counts = new Map<string, number>()
    for (const a of alerts) counts.set(key(a), (counts.get(key(a)) ?? 0) + 1)
    const categories = [...counts.keys()].sort()
    return { kind: 'categories', unit: 'count', categories, values: categories.map((c) => counts.get(c)!) }
  }

  private async drift(q: Q<'drift'>): Promise<PanelData> {
    const checks = (await this.ports.drift.checks(undefined)).filter(
      (c) => (!q.check || c.name === q.check) && (!q.model || c.model === q.model)
    )
    if (q.check && !checks.length) throw invalid('query.check', `no drift check is named “${q.check}”`)
    if (!q.check) {
      const done = checks.filter((c) => c.lastRun?.share !== null && c.lastRun?.share !== undefined)
      return { kind: 'categories', unit: 'ratio', categories: done.map((c) => c.name), values: done.map((c) => c.lastRun!.share!) }
    }
    const series = []
    for (const c of checks) {
      const detail = await this.ports.drift.check({ id: c.id, limit: 200 })
      const runs = detail.runs.filter((r) => r.share !== null).sort((a, b) => a.startedAt - b.startedAt)
      series.push({ name: c.name, points: runs.map((r): [number, number | null] => [r.startedAt, r.share]) })
    }
    return { kind: 'series', unit: 'ratio', series }
  }

  private async costs(q: Q<'costs'>, range: Range): Promise<PanelData> {
    const r = await this.ports.costs.series({
      from: isoDay(range.from),
      to: isoDay(Math.max(range.from, range.to - 1)),
      granularity: q.granularity,
      groupBy: q.groupBy,
      basis: 'billed',
      filters: q.service ? { service: [q.service] } : {},
      top: 8
    })
    const t = r.buckets.map((b) => dayMs(b.length === 7 ? `${b}-01` : b))
    return {
      kind: 'series',
      unit: r.currency,
      series: r.series.map((s) => ({ name: s.name, points: s.values.map((v, i): [number, number] => [t[i]!, v]) }))
    }
  }

  private async models(q: Q<'models'>): Promise<PanelData> {
    let modelId: number | undefined
    if (q.model) {
      const m = (await this.ports.models.list({ search: '' })).find((x) => x.name === q.model)
      if (!m) throw invalid('query.model', `no registered model is named “${q.model}”`)
      modelId = m.id
    }
    const table = await this.ports.models.table({
      kind: 'version',
      search: '',
      includeDeleted: false,
      limit: 200,
      ...(modelId ? { modelId } : {})
    })
    const col = table.metrics.findIndex((m) => m.key === q.metric)
    if (col < 0)
      throw invalid(
        'query.metric',
        `no version has the metric “${q.metric}” (known: ${table.metrics.map((m) => m.key).join(', ') || 'none'})`
      )
    const rows = table.rows.filter((r) => typeof r.values[col] === 'number')
    return { kind: 'categories', unit: '', categories: rows.map((r) => r.label), values: rows.map((r) => r.values[col]!) }
  }

  private async metrics(q: Q<'metrics'>, range: Range): Promise<PanelData> {
    const r = await this.ports.metrics.queryRange({ sourceId: q.sourceId, query: q.promql, start: range.from, end: range.to })
    const label = (l: Record<string, string>) => {
      const { __name__: name, ...rest } = l
      const inner = Object.entries(rest)
        .map(([k, v]) => `${k}="${v}"`)
        .join(', ')
      return inner ? `${name ?? ''}{${inner}}` : (name ?? q.promql)
    }
    return { kind: 'series', unit: '', series: r.series.slice(0, 50).map((s) => ({ name: label(s.labels), points: s.points })) }
  }

  private async logs(q: Q<'logs'>, panelType: PanelType, range: Range): Promise<PanelData> {
    if (panelType === 'logs') {
      const r = await this.ports.logs.search({
        query: q.logql,
        mode: 'auto',
        from: range.from,
        to: range.to,
        limit: q.limit,
        order: 'newest'
      })
      if (r.kind !== 'lines') throw invalid('query.logql', 'a log stream needs a log query, not a metric query')
      return {
        kind: 'logs',
        lines: r.lines.map((l) => ({ ts: l.ts, level: l.labels.level ?? l.attrs?.level ?? '', text: l.line }))
      }
    }
    const h = await this.ports.logs.histogram({ query: q.logql, mode: 'auto', from: range.from, to: range.to })
    const total = h.t.map((t, i): [number, number] => [t, Object.values(h.levels).reduce((s, v) => s + (v[i] ?? 0), 0)])
    return { kind: 'series', unit: 'count', series: [{ name: 'lines', points: total }] }
  }
}
