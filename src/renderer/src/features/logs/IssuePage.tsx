import { useMemo } from 'react'
import type { IssueState } from '../../../../shared/contract/logs'
import { href } from '../../app/router'
import { Chart } from '../../components/Chart'
import { ErrorNotice, Loading } from '../../components/States'
import { formatTime } from '../../lib/format'
import { aroundHref, serviceSelector } from '../../lib/logsLink'
import { useChannel, useCommand } from '../../lib/queries'
import { IssueStatePill } from './IssueBits'
import { buildIssueHoursOption } from './logsCharts'

/** One error issue: what it is, when it started (and in which release), how often per hour, a sample, and its state. */
export function IssuePage({ id }: { id: number }) {
  const issue = useChannel('logs:issue', { id, hours: 24 * 7 })
  const setState = useCommand('logs:setIssueState', ['logs:issue', 'logs:issues'])
  const option = useMemo(() => (issue.data ? buildIssueHoursOption(issue.data.hours.t, issue.data.hours.count) : null), [issue.data])
  if (issue.isPending) return <Loading what="the issue" />
  if (issue.error || !issue.data) return <ErrorNotice error={issue.error} title="Could not load the issue" />
  const i = issue.data
  const act = (state: IssueState): void => setState.mutate({ id, state })
  return (
    <div className="issue-page">
      <section className="card">
        <a href={href('/logs/errors')} className="muted small">
          ← Error issues
        </a>
        <h2 className="issue-title">
          <IssueStatePill state={i.state} /> {i.title}
        </h2>
        <dl className="facts">
          <dt>Service</dt>
          <dd>{i.service || '—'}</dd>
          <dt>Exception type</dt>
          <dd className="mono">{i.type || '(none: grouped by message)'}</dd>
          <dt>Events</dt>
          <dd>{i.count.toLocaleString()}</dd>
          <dt>First seen</dt>
          <dd>
            {formatTime(i.firstSeen)} {i.firstRelease && <span className="tag">in release {i.firstRelease}</span>}
          </dd>
          <dt>Last seen</dt>
          <dd>
            {formatTime(i.lastSeen)} {i.lastRelease && <span className="tag">release {i.lastRelease}</span>}
          </dd>
          {i.regressedAt !== null && (
            <>
              <dt>Regressed</dt>
              <dd>
                {formatTime(i.regressedAt)} {i.regressedRelease && <span className="tag">in release {i.regressedRelease}</span>}
              </dd>
            </>
          )}
          <dt>Top frames</dt>
          <dd className="mono">{i.frames.length ? i.frames.join(' ← ') : '—'}</dd>
        </dl>
        <div className="form-actions">
          {i.state !== 'resolved' && (
            <button className="primary" onClick={() => act('resolved')} disabled={setState.isPending}>
              Resolve
            </button>
          )}
          {i.state !== 'ignored' && (
            <button onClick={() => act('ignored')} disabled={setState.isPending}>
              Ignore
            </button>
          )}
          {(i.state === 'resolved' || i.state === 'ignored') && (
            <button onClick={() => act('new')} disabled={setState.isPending}>
              Reopen
            </button>
          )}
          <a
            href={aroundHref(
              i.lastSeen,
              null,
              `${serviceSelector(i.service)} |= ${JSON.stringify(i.type || i.title.slice(0, 40))}`,
              3_600_000
            )}
          >
            Logs around the last occurrence
          </a>
        </div>
        {setState.error && <ErrorNotice error={setState.error} title="State not changed" />}
        <p className="muted small">A resolved issue that occurs again becomes regressed (and can fire a log alert).</p>
      </section>
      <section className="card">
        <h2>Events per hour, last 7 days</h2>
        {option && <Chart option={option} height={200} label="Occurrences of this issue per hour" />}
      </section>
      <section className="card">
        <h2>Latest occurrence</h2>
        <pre className="log-sample mono">{i.sample}</pre>
      </section>
    </div>
  )
}
