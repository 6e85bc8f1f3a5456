/** New dashboards and panels, and the default query of each source, as the editor starts them. */
import { DashboardModel, PanelQuery, type DashboardPanel, type PanelSource, type PanelType } from '../../../../shared/contract/dashboards'
import { firstFit, nextPanelId } from './layout'

export const SOURCE_LABELS: Record<PanelSource, string> = {
  none: 'No data (text)',
  health: 'Services: uptime, latency, status',
  alerts: 'Alerts: counts',
  drift: 'Drift: scores',
  costs: 'Costs: spend over time',
  models: 'Models: version metrics',
  metrics: 'Metrics: PromQL',
  logs: 'Logs: LogQL lines or counts',
  extension: 'Extension: a panel source an extension adds'
}

const DEFAULT_QUERIES: Record<PanelSource, unknown> = {
  none: { source: 'none' },
  health: { source: 'health', metric: 'uptime', service: '' },
  alerts: { source: 'alerts', groupBy: 'state' },
  drift: { source: 'drift' },
  costs: { source: 'costs', groupBy: 'service' },
  models: { source: 'models', metric: 'accuracy' },
  metrics: { source: 'metrics', promql: 'up' },
  logs: { source: 'logs', logql: '{service=~".+"}' },
  extension: { source: 'extension' }
}

export const defaultQuery = (source: PanelSource): PanelQuery => PanelQuery.parse(DEFAULT_QUERIES[source])

export const emptyModel = (): DashboardModel => DashboardModel.parse({ title: 'New dashboard' })

/** A new panel in the first free place, half the width (text panels start with a line to edit). */
export function newPanel(panels: DashboardPanel[], type: PanelType = 'timeseries'): DashboardPanel {
  const w = 6
  const h = type === 'stat' || type === 'gauge' ? 3 : 6
  return {
    id: nextPanelId(panels),
    title: type === 'text' ? 'Notes' : 'New panel',
    type,
    ...firstFit(panels, w, h),
    w,
    h,
    query: defaultQuery(type === 'text' ? 'none' : 'health'),
    unit: '',
    decimals: 2,
    thresholds: [],
    text: type === 'text' ? 'Write **Markdown** here.' : ''
  }
}

/** The variable values a panel query is resolved with: each variable's current value. */
export const currentVars = (model: DashboardModel, chosen: Record<string, string>): Record<string, string> =>
  Object.fromEntries(model.variables.map((v) => [v.name, chosen[v.name] ?? v.current]))
