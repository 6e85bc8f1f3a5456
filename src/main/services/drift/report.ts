/** A run as a report to share: self-contained HTML (tables, inline SVG charts), JSON, or CSV with one row per column. */
import { DRIFT_TEST_LABELS, type ColumnDetail, type ColumnResult, type DriftRunDetail } from '../../../shared/contract/drift'
import { csvCell, htmlEscape as esc } from '../../core/escape'

export interface ReportInput {
  run: DriftRunDetail
  model: string
  version: string
  /** Chart data of the tested columns, by name. */
  details: Map<string, ColumnDetail>
  generatedAt: number
}

const iso = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString())
const num = (v: number | null, digits = 4): string => (v === null ? '' : Number(v.toPrecision(digits)).toString())
const pct = (v: number): string => `${(v * 100).toFixed(1)} %`

/** "drift", "no drift", "left out: unique per row", or "not tested" (with the reason in `note`). */
export function verdictOf(c: ColumnResult): string {
  if (c.leftOut) return `left out: ${c.leftOut}`
  if (c.score === null) return 'not tested'
  return c.drifted ? 'drift' : 'no drift'
}

const slug = (s: string): string => s.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'check'
export const reportName = (r: DriftRunDetail, ext: string): string => `drift-${slug(r.checkName)}-run-${r.id}.${ext}`

export function reportJson(x: ReportInput): string {
  const { columns, ...run } = x.run
  return JSON.stringify(
    {
      report: 'drift run',
      generatedAt: iso(x.generatedAt),
      check: { id: run.checkId, name: run.checkName, model: x.model, version: x.version, driftShare: run.driftShare },
      run: { ...run, startedAt: iso(run.startedAt), finishedAt: iso(run.finishedAt) },
      columns: columns.map((c) => ({ ...c, verdict: verdictOf(c) }))
    },
    null,
    2
  )
}

export const CSV_HEADER = ['column', 'role', 'kind', 'test', 'statistic', 'p_value_or_score', 'score_kind', 'threshold', 'verdict', 'note']

/** Text from the data (column names, notes) never starts a spreadsheet formula. */
const text = (s: string): string => (/^[=+@\t\r]/.test(s) ? `'${s}` : s)

export function reportCsv(x: ReportInput): string {
  const lines = [CSV_HEADER.join(',')]
  for (const c of x.run.columns)
    lines.push(
      [
        text(c.name),
        c.role,
        c.kind ?? '',
        c.test ?? '',
        num(c.statistic, 8),
        num(c.score, 8),
        c.scoreKind ?? '',
        num(c.threshold, 8),
        verdictOf(c),
        text(c.message ?? '')
      ]
        .map(csvCell)
        .join(',')
    )
  return lines.join('\n') + '\n'
}

const W = 520
const H = 180
const PAD = { left: 44, right: 8, top: 22, bottom: 34 }
const COLORS = { reference: '#6b7a8f', current: '#d9822b' }

/** Grouped bars (reference vs current share) with a y axis in %, x labels, a legend and a tooltip per bar. */
function barsSvg(title: string, labels: string[], reference: number[], current: number[]): string {
  const max = Math.max(0.0001, ...reference, ...current)
  const plotW = W - PAD.left - PAD.right
  const plotH = H - PAD.top - PAD.bottom
  const group = plotW / Math.max(1, labels.length)
  const bw = Math.max(1, group * 0.4)
  const y = (v: number): number => PAD.top + plotH - (v / max) * plotH
  const bars = labels
    .map((label, i) => {
      const x0 = PAD.left + i * group + group * 0.1
      const bar = (side: 'reference' | 'current', v: number, dx: number): string =>
        `<rect x="${(x0 + dx).toFixed(1)}" y="${y(v).toFixed(1)}" width="${bw.toFixed(1)}" height="${(PAD.top + plotH - y(v)).toFixed(1)}" fill="${COLORS[side]}"><title>${esc(label)} · ${side}: ${pct(v)}</title></rect>`
      const xLabel =
        labels.length <= 12
          ? `<text x="${(x0 + bw).toFixed(1)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${esc(label.slice(0, 14))}</text>`
          : ''
      return bar('reference', reference[i]!, 0) + bar('current', current[i]!, bw) + xLabel
    })
    .join('')
  const ticks = [0, 0.5, 1]
    .map((f) => `<text x="${PAD.left - 4}" y="${(y(max * f) + 4).toFixed(1)}" text-anchor="end">${pct(max * f)}</text>`)
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">
<text x="${PAD.left}" y="14" class="t">${esc(title)}</text>
<rect x="${W - 170}" y="6" width="10" height="10" fill="${COLORS.reference}"/><text x="${W - 156}" y="15">reference</text>
<rect x="${W - 90}" y="6" width="10" height="10" fill="${COLORS.current}"/><text x="${W - 76}" y="15">current</text>
<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${W - PAD.right}" y2="${PAD.top + plotH}" stroke="#999"/>
<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${PAD.top + plotH}" stroke="#999"/>${ticks}${bars}
<text x="${PAD.left + plotW / 2}" y="${H - 4}" text-anchor="middle">share of rows per ${labels.length <= 12 ? 'category' : 'bin'}</text>
</svg>`
}

function columnSection(c: ColumnResult, d: ColumnDetail | undefined): string {
  const head = `<h3 id="col-${esc(slug(c.name))}">${esc(c.name)} <span class="${c.drifted ? 'bad' : 'ok'}">${esc(verdictOf(c))}</span></h3><p>${esc(c.explanation)}</p>`
  if (d?.categories) {
    const k = d.categories
    const rows = k.labels
      .map(
        (l, i) =>
          `<tr><td>${esc(l)}</td><td class="n">${k.referenceCounts?.[i] ?? ''}</td><td class="n">${pct(k.reference[i]!)}</td><td class="n">${k.currentCounts?.[i] ?? ''}</td><td class="n">${pct(k.current[i]!)}</td></tr>`
      )
      .join('')
    return `${head}${barsSvg(`${c.name}: share per category`, k.labels, k.reference, k.current)}
<table><thead><tr><th>category</th><th>reference rows</th><th>reference share</th><th>current rows</th><th>current share</th></tr></thead><tbody>${rows}</tbody></table>`
  }
  if (d?.numeric) {
    const e = d.numeric.edges
    const labels = d.numeric.reference.map((_, i) => `${num(e[i]!, 3)}–${num(e[i + 1]!, 3)}`)
    return `${head}${barsSvg(`${c.name}: share per bin`, labels, d.numeric.reference, d.numeric.current)}
<p class="muted">Bins from ${num(e[0]!, 4)} to ${num(e.at(-1)!, 4)}; reference mean ${num(d.numeric.referenceStats.mean)}, current mean ${num(d.numeric.currentStats.mean)}.</p>`
  }
  return head
}

/** Opens in any browser without the console: no scripts, no external files. */
export function reportHtml(x: ReportInput): string {
  const r = x.run
  const verdict = r.datasetDrift ? 'Dataset drift' : 'No dataset drift'
  const rows = r.columns
    .map(
      (c) =>
        `<tr class="${c.drifted ? 'drift' : ''}"><td><a href="#col-${esc(slug(c.name))}">${esc(c.name)}</a></td><td>${c.role}</td><td>${c.kind ?? ''}</td><td>${c.test ? esc(DRIFT_TEST_LABELS[c.test]) : ''}</td><td class="n">${num(c.statistic)}</td><td class="n">${num(c.score)}</td><td class="n">${num(c.threshold)}</td><td>${esc(verdictOf(c))}</td><td>${esc(c.message ?? '')}</td></tr>`
    )
    .join('\n')
  const sections = r.columns
    .filter((c) => c.score !== null)
    .map((c) => `<section>${columnSection(c, x.details.get(c.name))}</section>`)
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Drift report: ${esc(r.checkName)} run ${r.id}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:980px;color:#1d232b;padding:0 16px}
table{border-collapse:collapse;margin:8px 0 16px;width:100%}th,td{border-bottom:1px solid #dde2e8;padding:4px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.drift td:first-child{border-left:3px solid #c23b22}
.bad{color:#c23b22}.ok{color:#2b7a3d}.muted{color:#5b6673}svg text{font:11px system-ui,sans-serif;fill:#333}svg text.t{font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px}dt{color:#5b6673}
</style></head><body>
<h1>Drift report: ${esc(r.checkName)}</h1>
<p class="${r.datasetDrift ? 'bad' : 'ok'}"><strong>${verdict}</strong>: ${r.drifted} of ${r.tested} feature columns drifted (${r.share === null ? 'no share' : pct(r.share)}; dataset drift at ${pct(r.driftShare)}).</p>
<dl><dt>Model</dt><dd>${esc(x.model || '—')} ${esc(x.version ? `version ${x.version}` : '')}</dd>
<dt>Run</dt><dd>#${r.id}, ${r.trigger}, ${r.state}, started ${iso(r.startedAt)}, finished ${iso(r.finishedAt)}</dd>
<dt>Rows</dt><dd>reference ${r.referenceRows.toLocaleString('en-US')}, current ${r.currentRows.toLocaleString('en-US')}</dd>
<dt>Prediction drift</dt><dd>${r.predictionDrift === null ? 'not tested' : r.predictionDrift ? 'yes' : 'no'}</dd>
<dt>Target drift</dt><dd>${r.targetDrift === null ? 'not tested' : r.targetDrift ? 'yes' : 'no'}</dd>
<dt>Generated</dt><dd>${iso(x.generatedAt)} by Control Console</dd></dl>
<h2>Columns</h2>
<table><thead><tr><th>column</th><th>role</th><th>kind</th><th>test</th><th>statistic</th><th>p-value / score</th><th>threshold</th><th>verdict</th><th>note</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Tested columns</h2>
${sections}
</body></html>
`
}
