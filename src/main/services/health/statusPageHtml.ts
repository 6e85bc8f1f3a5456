/** The public status page as one self-contained HTML document: no script, styles allowed by their hash only. */
import crypto from 'node:crypto'
import type { PublicStatus } from '../../../shared/contract'

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const CSS = `
:root{color-scheme:light dark;--up:#2e9e5b;--deg:#d9a21b;--down:#d64545;--none:#8884;--fg:#1d2330;--muted:#667;--bg:#f6f7f9;--card:#fff}
@media (prefers-color-scheme:dark){:root{--fg:#e6e8ee;--muted:#9aa;--bg:#12151b;--card:#1b2029}}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:880px;margin:0 auto;padding:32px 16px}h1{margin:0 0 4px;font-size:26px}p.desc{color:var(--muted);margin:0 0 20px}
.banner{padding:14px 18px;border-radius:8px;color:#fff;font-weight:600;margin-bottom:24px}
.banner.UP{background:var(--up)}.banner.DEGRADED{background:var(--deg)}.banner.DOWN{background:var(--down)}.banner.other{background:#5b6b82}
section{background:var(--card);border-radius:8px;padding:16px 18px;margin-bottom:16px}
.svc{padding:10px 0;border-bottom:1px solid #8883}.svc:last-child{border-bottom:0}
.svc header{display:flex;justify-content:space-between;gap:12px;margin-bottom:6px}.state{font-weight:600}
.state.UP{color:var(--up)}.state.DEGRADED{color:var(--deg)}.state.DOWN{color:var(--down)}
.bars{display:flex;gap:2px;height:30px}.bars span{flex:1;border-radius:2px;background:var(--none)}
.bars .u100{background:var(--up)}.bars .u99{background:#7cbf5a}.bars .u95{background:var(--deg)}.bars .ulow{background:var(--down)}
.axis{display:flex;justify-content:space-between;color:var(--muted);font-size:12px;margin-top:4px}
.legend{color:var(--muted);font-size:12px;margin-top:8px}.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px}
.legend .u100{background:var(--up)}.legend .u99{background:#7cbf5a}.legend .u95{background:var(--deg)}.legend .ulow{background:var(--down)}.legend .none{background:var(--none)}
.note{padding:8px 0;border-bottom:1px solid #8883}.note:last-child{border-bottom:0}.note time{color:var(--muted);font-size:13px}
.note p{margin:4px 0 0;white-space:pre-wrap}footer{color:var(--muted);font-size:12px;text-align:center}
`.trim()

/** The page's CSP: only this stylesheet, nothing else may load, run, frame it or be posted. */
export const STATUS_CSP = `default-src 'none'; style-src 'sha256-${crypto.createHash('sha256').update(CSS).digest('base64')}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`

const pct = (u: number | null): string => (u === null ? 'no data' : `${(Math.floor(u * 10000) / 100).toFixed(2)} %`)
const band = (u: number | null): string => (u === null ? '' : u >= 0.9999 ? 'u100' : u >= 0.99 ? 'u99' : u >= 0.95 ? 'u95' : 'ulow')
const headline: Record<string, string> = {
  UP: 'All systems operational',
  DEGRADED: 'Degraded performance',
  DOWN: 'Some systems are down',
  MAINTENANCE: 'Under maintenance',
  PENDING: 'Waiting for the first checks',
  PAUSED: 'Monitoring paused'
}
const stateWord: Record<string, string> = {
  UP: 'Operational',
  DEGRADED: 'Degraded',
  DOWN: 'Down',
  MAINTENANCE: 'Maintenance',
  PENDING: 'Pending',
  PAUSED: 'Paused'
}

export function statusHtml(s: PublicStatus): string {
  const services = s.services
    .map((svc) => {
      const bars = svc.days
        .map(
          (d) =>
            `<span class="${band(d.uptime)}" title="${d.day}: ${escape(pct(d.uptime))}${d.checks ? ` (${d.checks} checks)` : ''}"></span>`
        )
        .join('')
      return `<div class="svc"><header><strong>${escape(svc.name)}</strong><span class="state ${escape(svc.state)}">${escape(stateWord[svc.state] ?? svc.state)}</span></header>
<div class="bars" role="img" aria-label="Daily uptime over ${svc.days.length} days">${bars}</div>
<div class="axis"><span>${svc.days.length} days ago</span><span>${escape(pct(svc.uptime))} uptime</span><span>Today</span></div></div>`
    })
    .join('\n')
  const notes = s.notes.length
    ? s.notes
        .map(
          (n) =>
            `<div class="note"><time datetime="${new Date(n.at).toISOString()}">${new Date(n.at).toUTCString()}</time><h3>${escape(n.title)}</h3>${n.body ? `<p>${escape(n.body)}</p>` : ''}</div>`
        )
        .join('\n')
    : '<p class="desc">No incidents reported.</p>'
  const bannerClass = ['UP', 'DEGRADED', 'DOWN'].includes(s.state) ? s.state : 'other'
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(s.title)} — status</title><style>${CSS}</style></head>
<body><main>
<h1>${escape(s.title)}</h1>${s.description ? `<p class="desc">${escape(s.description)}</p>` : ''}
<div class="banner ${bannerClass}" role="status">${escape(headline[s.state] ?? s.state)}</div>
<section aria-label="Services"><h2>Services</h2>
${services || '<p class="desc">No services on this page.</p>'}
<div class="legend">Daily uptime (UTC days):<i class="u100"></i>100 %<i class="u99"></i>≥ 99 %<i class="u95"></i>≥ 95 %<i class="ulow"></i>below 95 %<i class="none"></i>no data</div>
</section>
<section aria-label="Incidents"><h2>Incident notes</h2>
${notes}
</section>
<footer>Updated ${new Date(s.generatedAt).toUTCString()}</footer>
</main></body></html>`
}
