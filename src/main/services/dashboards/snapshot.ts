/** A dashboard frozen with its data as one HTML file: charts drawn here as SVG, no script or network needed to read it. */
import * as echarts from 'echarts'
import { GRID_COLUMNS, type DashboardModel, type DashboardPanel, type PanelData } from '../../../shared/contract/dashboards'
import { buildPanelOption, formatValue, reduceValue, thresholdColor, toTable, unitOf } from '../../../shared/dashboards/panels'

export const ROW_PX = 40
const WIDTH_PX = 1200

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export interface SnapshotPanel {
  panel: DashboardPanel
  data: PanelData | null
  error: string | null
}

export function snapshotHtml(input: {
  model: DashboardModel
  uid: string
  version: number
  panels: SnapshotPanel[]
  range: { from: number; to: number }
  vars: Record<string, string>
  takenAt: number
  expiresAt: number
}): string {
  const { model, panels, range, takenAt, expiresAt } = input
  const iso = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
  const vars = Object.entries(input.vars)
    .map(([k, v]) => `${esc(k)} = ${esc(v)}`)
    .join(', ')
  const cells = panels.map((p) => cell(p)).join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="snapshot-expires" content="${new Date(expiresAt).toISOString()}">
<title>${esc(model.title)} — snapshot</title>
<style>
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;background:#f6f8fa;color:#1f2328}
header{padding:16px 24px;background:#fff;border-bottom:1px solid #d0d7de}
h1{font-size:20px;margin:0 0 4px}
.meta{color:#59636e;font-size:13px}
.expiry{margin-top:8px;padding:6px 10px;border-radius:6px;background:#fff8c5;border:1px solid #d4a72c;display:inline-block}
.expired{background:#ffebe9;border-color:#cf222e}
.grid{display:grid;grid-template-columns:repeat(${GRID_COLUMNS},1fr);grid-auto-rows:${ROW_PX}px;gap:8px;padding:16px 24px;max-width:${WIDTH_PX}px}
.panel{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;overflow:hidden;display:flex;flex-direction:column}
.panel h2{font-size:14px;margin:0 0 4px}
.panel svg{max-width:100%;height:auto}
.stat{font-size:32px;font-weight:600;margin:auto 0}
table{border-collapse:collapse;font-size:12px;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:2px 6px;text-align:left}
.status{display:flex;flex-wrap:wrap;gap:6px}.status span{padding:4px 8px;border-radius:4px;color:#fff;font-size:12px}
.up{background:#2da44e}.degraded{background:#bf8700}.down{background:#cf222e}.unknown{background:#6e7781}
pre{font-size:11px;margin:0;white-space:pre-wrap;overflow:auto}
.error{color:#cf222e}
</style>
</head>
<body>
<header>
<h1>${esc(model.title)}</h1>
<div class="meta">Snapshot of dashboard ${esc(input.uid)} version ${input.version}, taken ${iso(takenAt)}; data from ${iso(range.from)} to ${iso(range.to)}${vars ? `; ${vars}` : ''}.</div>
<div class="expiry" id="expiry">This snapshot expires on ${iso(expiresAt)}.</div>
</header>
<main class="grid">
${cells}
</main>
<script>
(function(){var e=${expiresAt};if(Date.now()>e){var x=document.getElementById('expiry');x.className='expiry expired';x.textContent='This snapshot expired on ${iso(expiresAt)}: its data may be out of date.'}})()
</script>
</body>
</html>
`
}

function cell({ panel, data, error }: SnapshotPanel): string {
  const style = `grid-column:${panel.x + 1} / span ${panel.w};grid-row:${panel.y + 1} / span ${panel.h}`
  const title = panel.title ? `<h2>${esc(panel.title)}</h2>` : ''
  return `<section class="panel" style="${style}">${title}${error ? `<p class="error">${esc(error)}</p>` : body(panel, data)}</section>`
}

function body(panel: DashboardPanel, data: PanelData | null): string {
  if (panel.type === 'text') return `<pre>${esc(panel.text)}</pre>`
  if (!data || data.kind === 'empty') return `<p class="meta">${esc(data?.kind === 'empty' ? data.note : 'No data')}</p>`
  const unit = unitOf(panel, data)
  if (panel.type === 'stat') {
    const v = reduceValue(data)
    const color = thresholdColor(v, panel.thresholds)
    return `<div class="stat"${color ? ` style="color:${color}"` : ''}>${esc(formatValue(v, unit, panel.decimals))}</div>`
  }
  if (panel.type === 'status' && data.kind === 'status')
    return `<div class="status">${data.items.map((i) => `<span class="${i.status}" title="${esc(i.detail)}">${esc(i.name)}</span>`).join('')}</div>`
  if (panel.type === 'logs' && data.kind === 'logs')
    return `<pre>${data.lines.map((l) => esc(`${new Date(l.ts).toISOString()} ${l.level} ${l.text}`)).join('\n')}</pre>`
  const option = buildPanelOption(panel, data, { animation: false })
  if (option) return svg(option, panel)
  const t = toTable(data, unit, panel.decimals)
  return `<table><thead><tr>${t.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${t.rows
    .map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`
}

function svg(option: Record<string, unknown>, panel: DashboardPanel): string {
  const width = Math.round((WIDTH_PX / GRID_COLUMNS) * panel.w - 32)
  const height = Math.max(80, panel.h * (ROW_PX + 8) - 48)
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption(option)
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
