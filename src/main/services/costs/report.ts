import type { ReportView } from '../../../shared/contract/costs'
import { formatNano } from './money'

const csvCell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** One row per day, service, category, region and account, amounts exact to 1e-9, then a total line. */
export function buildReportCsv(rows: { day: string; service: string; service_category: string; region: string; account: string; billed: number; effective: number }[], currency: string): string {
  const lines = ['date,service,service_category,region,account,billed_cost,effective_cost,currency']
  let billed = 0n
  let effective = 0n
  for (const r of rows) {
    billed += BigInt(r.billed)
    effective += BigInt(r.effective)
    lines.push([r.day, r.service, r.service_category, r.region, r.account, formatNano(r.billed, 9), formatNano(r.effective, 9), currency].map(csvCell).join(','))
  }
  lines.push(['total', '', '', '', '', formatNano(billed, 9), formatNano(effective, 9), currency].join(','))
  return lines.join('\n') + '\n'
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** A plain HTML e-mail body of the report (tables only: mail clients do not run charts). */
export function buildReportHtml(r: ReportView): string {
  const money = (v: number): string => `${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${esc(r.currency)}`
  const rows = (cells: string[][]): string => cells.map((c) => `<tr>${c.map((x) => `<td>${x}</td>`).join('')}</tr>`).join('')
  return `<!doctype html><html><body style="font-family:sans-serif">
<h1>${esc(r.title)}</h1>
<p>Billed ${money(r.summary.billed)} (effective ${money(r.summary.effective)}) over ${r.summary.days} days; previous period ${money(r.summary.previousBilled)}${r.summary.changePct === null ? '' : ` (${(r.summary.changePct * 100).toFixed(1)} %)`}.</p>
${r.forecast.monthEnd ? `<p>Forecast for ${esc(r.forecast.monthEnd.month)}: ${money(r.forecast.monthEnd.mean)} (95 % interval ${money(r.forecast.monthEnd.lo)} – ${money(r.forecast.monthEnd.hi)})${r.forecast.backtest.mape === null ? '' : `, backtest MAPE ${(r.forecast.backtest.mape * 100).toFixed(1)} %`}.</p>` : ''}
<h2>Top services</h2><table border="1" cellpadding="4">${rows([['Service', 'Cost', 'Share'], ...r.topServices.map((s) => [esc(s.key), money(s.amount), `${(s.share * 100).toFixed(1)} %`])])}</table>
<h2>Top movers</h2><table border="1" cellpadding="4">${rows([['Service', 'Previous', 'This period', 'Change'], ...r.movers.map((m) => [esc(m.key), money(m.a), money(m.b), money(m.delta)])])}</table>
<h2>Budgets</h2><table border="1" cellpadding="4">${rows([['Budget', 'Period', 'Actual', 'Budget', 'Used'], ...r.budgets.map((b) => [esc(b.name), esc(b.status.period), money(b.status.actual), money(b.amount), `${(b.status.pctActual * 100).toFixed(0)} %`])])}</table>
<h2>Recommendations</h2><ul>${r.recommendations.map((x) => `<li><b>${esc(x.title)}</b>: ${esc(x.detail)}</li>`).join('')}</ul>
</body></html>`
}
