import { Fragment, useState } from 'react'
import type { CheckView } from '../../../../shared/contract'
import { StatePill } from '../../components/StatePill'
import { formatDuration, formatMs } from '../../lib/format'
import { CertificateExpiry } from './CertificateExpiry'
import { CheckActions } from './CheckActions'
import { checkRules } from './checkRules'
import { ComponentsTable } from './ComponentsTable'
import { RecentResults } from './RecentResults'
import { TimeAgo } from '../../components/TimeAgo'

/** One check: what it probes, its last result and error, certificate, reported components and raw results. */
export function CheckPanel({ check: c }: { check: CheckView }) {
  const [showResults, setShowResults] = useState(false)
  return (
    <section className="card check-panel" data-check={c.name}>
      <div className="check-head">
        <div>
          <h3>
            {c.name} <StatePill state={c.state} />
          </h3>
          <div className="muted small">
            <span className="tag">{c.kind.toUpperCase()}</span> <span className="mono">{c.target}</span>
          </div>
        </div>
        <CheckActions check={c} />
      </div>
      <dl className="facts check-facts">
        <dt>Schedule</dt>
        <dd>
          every {formatDuration(c.intervalS * 1000)}, DOWN after {c.retries + 1} failed {c.retries ? 'tries' : 'try'}
        </dd>
        {checkRules(c.config).map((r, i) => (
          <Fragment key={i}>
            <dt>{r.label}</dt>
            <dd className="check-rule">{r.code ? <code>{r.text}</code> : r.text}</dd>
          </Fragment>
        ))}
        <dt>Last run</dt>
        <dd>
          <TimeAgo at={c.lastRunAt} />
          {c.lastLatencyMs !== null && <> · {formatMs(c.lastLatencyMs)}</>}
          {c.lastStatusCode !== null && <> · HTTP {c.lastStatusCode}</>}
        </dd>
        <dt>State</dt>
        <dd>
          {c.state} since <TimeAgo at={c.since} />
        </dd>
        <CertificateExpiry check={c} />
        {c.lastError && (
          <>
            <dt>Last error</dt>
            <dd className="count-down">
              {c.lastErrorKind && <span className="tag">{c.lastErrorKind}</span>} {c.lastError}
              {c.lastSnippet && (
                <details>
                  <summary className="small">Response snippet</summary>
                  <pre className="snippet">{c.lastSnippet}</pre>
                </details>
              )}
            </dd>
          </>
        )}
      </dl>
      {c.components.length > 0 && (
        <>
          <h4>Reported components</h4>
          <ComponentsTable components={c.components} />
        </>
      )}
      <details className="results-details" onToggle={(e) => setShowResults(e.currentTarget.open)}>
        <summary>Recent results</summary>
        {showResults && <RecentResults checkId={c.id} />}
      </details>
    </section>
  )
}
