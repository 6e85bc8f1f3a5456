import { useState } from 'react'
import { href } from '../../app/router'
import { StatTile } from '../../components/StatTile'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { RunProgress } from './RunProgress'
import { TestingTabs } from './TestingTabs'
import type { ScanDetail } from './types'
import { SEVERITY_CLASS } from './Verdict'

export function ScanRunPage({ id }: { id: number }) {
  const scan = useChannel('testing:scan', { id })
  if (scan.isPending) return <Loading what="scan" />
  if (scan.error) return <ErrorNotice error={scan.error} />
  const s = scan.data
  return (
    <div className="page testing-page">
      <PageHeader
        title={`${s.targetName} · scan #${s.id}`}
        subtitle={
          <>
            <a href={href(`/testing/scans/${s.targetId}`)}>← the target</a> · <span className="mono">{s.url}</span> ·{' '}
            {formatTime(s.startedAt)}
          </>
        }
      />
      <TestingTabs current="scans" />
      {s.state === 'running' && <RunProgress jobId={s.jobId} label="Scan progress" />}
      {s.error && <ErrorNotice error={new Error(s.error)} title={`The scan ended ${s.state}`} />}
      {s.report && <ScanReportView scan={s} />}
    </div>
  )
}

function ScanReportView({ scan }: { scan: ScanDetail }) {
  const r = scan.report!
  const [open, setOpen] = useState<string | null>(null)
  const c = scan.comparison
  return (
    <>
      <div className="stat-row">
        <StatTile label={`grade (score ${r.score})`} value={<span className={`grade grade-${r.grade[0]}`}>{r.grade}</span>} />
        <StatTile label="high" value={r.counts.high} tone={r.counts.high ? 'down' : 'up'} />
        <StatTile label="medium" value={r.counts.medium} tone={r.counts.medium ? 'warn' : 'up'} />
        <StatTile label="low" value={r.counts.low} tone="idle" />
        <StatTile label="info" value={r.counts.info} tone="idle" />
        <StatTile label="requests sent" value={r.requests} hint={`in ${(r.durationMs / 1000).toFixed(1)} s`} />
      </div>
      {r.incomplete.length > 0 && <div className="notice notice-warn">Not every step finished: {r.incomplete.join('; ')}</div>}
      {c && (
        <section className="card">
          <h2>
            Since the scan of {formatTime(c.previousAt)} (<a href={href(`/testing/scans/runs/${c.previousScanId}`)}>#{c.previousScanId}</a>)
          </h2>
          <p>
            {c.added.length} new, {c.fixed.length} fixed, {c.unchanged} unchanged.
            {c.fixed.length > 0 && <> Fixed: {c.fixed.map((f) => f.title).join('; ')}.</>}
          </p>
        </section>
      )}
      <section className="card">
        <h2>Findings</h2>
        {r.findings.length === 0 ? (
          <p>Nothing found: every check passed.</p>
        ) : (
          <table className="table findings">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Finding</th>
                <th>Fix</th>
              </tr>
            </thead>
            <tbody>
              {r.findings.map((f) => (
                <tr key={f.id} className="clickable" onClick={() => setOpen(open === f.id ? null : f.id)}>
                  <td>
                    <span className={`pill ${SEVERITY_CLASS[f.severity]}`}>{f.severity}</span>
                    {c?.added.some((a) => a.id === f.id) && <span className="pill fail">new</span>}
                  </td>
                  <td>
                    <strong>{f.title}</strong>
                    <div className="muted small">{f.category}</div>
                    {open === f.id && <pre className="evidence">{f.evidence}</pre>}
                  </td>
                  <td className="small">{f.fix}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {r.findings.length > 0 && <p className="small muted">Click a finding to see its evidence: the request sent and what came back.</p>}
      </section>
      <div className="grid two align-start">
        <section className="card">
          <h2>Security headers</h2>
          <table className="table compact">
            <tbody>
              {r.headers.map((h) => (
                <tr key={h.header}>
                  <td>{h.header}</td>
                  <td>
                    <span
                      className={`pill ${h.grade === 'pass' ? 'pass' : h.grade === 'n/a' ? 'PENDING' : h.grade === 'warn' ? 'warn' : 'fail'}`}
                    >
                      {h.grade}
                    </span>
                  </td>
                  <td className="small mono">{h.value ?? h.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small muted">Methods allowed: {r.methods.join(', ') || 'not advertised'}</p>
        </section>
        <section className="card">
          <h2>TLS</h2>
          {!r.tls ? (
            <p className="muted">Plain HTTP: no TLS.</p>
          ) : (
            <>
              <p>
                {r.tls.protocols.map((p) => (
                  <span
                    key={p.version}
                    className={`pill ${p.offered ? (p.version === 'TLSv1' || p.version === 'TLSv1.1' ? 'fail' : 'pass') : 'PENDING'}`}
                  >
                    {p.version} {p.offered === null ? '?' : p.offered ? 'on' : 'off'}
                  </span>
                ))}
              </p>
              <p className="small">
                Suites: {r.tls.ciphers.map((x) => `${x.name}${x.strength === 'strong' ? '' : ` (${x.note})`}`).join(', ') || 'none found'}
              </p>
              {r.tls.certificate && (
                <p className="small">
                  {r.tls.certificate.subject}, issued by {r.tls.certificate.issuer}; valid until {formatTime(r.tls.certificate.validTo)} (
                  {r.tls.certificate.daysLeft} days);
                  {r.tls.certificate.trusted ? ' trusted' : ` not trusted (${r.tls.certificate.trustError})`}; host name{' '}
                  {r.tls.certificate.hostnameMatches ? 'matches' : 'does not match'}; chain of {r.tls.certificate.chain.length}.
                </p>
              )}
            </>
          )}
        </section>
      </div>
    </>
  )
}
