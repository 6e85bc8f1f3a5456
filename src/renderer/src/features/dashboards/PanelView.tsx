import { useMemo } from 'react'
import type { DashboardPanel, PanelData } from '../../../../shared/contract/dashboards'
import { buildPanelOption, formatValue, reduceValue, thresholdColor, toTable, unitOf } from '../../../../shared/dashboards/panels'
import { Chart } from '../../components/Chart'
import type { ChartOption } from '../../components/echarts'
import { Markdown } from '../../components/Markdown'
import { ErrorNotice } from '../../components/States'
import { useChannel } from '../../lib/queries'

interface Props {
  panel: DashboardPanel
  time: { from: string; to: string }
  vars: Record<string, string>
  refreshS: number
  /** Pixel height of the panel body. */
  height: number
}

/** One panel: its query resolved by main over the dashboard's range and variables, drawn by its type. */
export function PanelView({ panel, time, vars, refreshS, height }: Props) {
  const needsData = panel.type !== 'text' && panel.query.source !== 'none'
  const data = useChannel(
    'dashboards:panelData',
    { query: panel.query, panelType: panel.type, time, vars },
    { enabled: needsData, refetchInterval: refreshS ? refreshS * 1000 : false, placeholderData: (prev) => prev }
  )
  if (panel.type === 'text') return <Markdown source={panel.text} empty="Edit the panel to write Markdown here." />
  if (!needsData) return <p className="muted">Edit the panel and choose where its data come from.</p>
  if (data.error) return <ErrorNotice error={data.error} title="This panel’s query failed" />
  if (!data.data) return <p className="muted">Loading…</p>
  return <PanelBody panel={panel} data={data.data} height={height} />
}

export function PanelBody({ panel, data, height }: { panel: DashboardPanel; data: PanelData; height: number }) {
  const option = useMemo(() => buildPanelOption(panel, data), [panel, data])
  if (data.kind === 'empty') return <p className="muted">{data.note}</p>
  const unit = unitOf(panel, data)
  if (panel.type === 'stat') {
    const v = reduceValue(data)
    const color = thresholdColor(v, panel.thresholds)
    return (
      <div
        className="dash-stat"
        style={color ? { color } : undefined}
        aria-label={`${panel.title}: ${formatValue(v, unit, panel.decimals)}`}
      >
        {formatValue(v, unit, panel.decimals)}
      </div>
    )
  }
  if (panel.type === 'status' && data.kind === 'status')
    return data.items.length ? (
      <ul className="dash-status">
        {data.items.map((i) => (
          <li key={i.name} className={`st-${i.status}`} title={i.detail}>
            <strong>{i.name}</strong>
            <span>{i.status}</span>
          </li>
        ))}
      </ul>
    ) : (
      <p className="muted">No services yet: add one under Services.</p>
    )
  if (panel.type === 'logs' && data.kind === 'logs')
    return data.lines.length ? (
      <ol className="dash-logs">
        {data.lines.map((l, i) => (
          <li key={i}>
            <time>{new Date(l.ts).toLocaleTimeString()}</time> <span className={`lvl lvl-${l.level}`}>{l.level}</span> {l.text}
          </li>
        ))}
      </ol>
    ) : (
      <p className="muted">No lines in this range.</p>
    )
  if (option) {
    const empty =
      (data.kind === 'series' && data.series.every((s) => s.points.every((p) => p[1] === null))) ||
      (data.kind === 'categories' && data.categories.length === 0)
    if (empty) return <p className="muted">No data in this range: widen the time range or check the query.</p>
    return <Chart option={option as ChartOption} height={height} label={`${panel.title || 'Panel'}: ${panel.type} chart`} />
  }
  const t = toTable(data, unit, panel.decimals)
  if (!t.rows.length) return <p className="muted">No rows in this range.</p>
  return (
    <div className="table-scroll">
      <table className="table compact">
        <thead>
          <tr>
            {t.columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {t.rows.map((r, i) => (
            <tr key={i}>
              {r.map((v, j) => (
                <td key={j}>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
