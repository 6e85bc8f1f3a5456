import { DRIFT_TEST_LABELS, type DriftRunDetail, type DriftTest } from '../../../../shared/contract/drift'
import { href } from '../../app/router'
import { StatTile } from '../../components/StatTile'
import { ErrorNotice, Loading } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { decision, formatShare, formatStat, summarize, testLabel } from './driftFormat'
import { ExportRun } from './ExportRun'
import { RunState } from './RunState'

/** What each test means, in one sentence, shown under the table for the tests this run used. */
export const TEST_MEANING: Record<DriftTest, string> = {
  ks: 'Kolmogorov–Smirnov compares the two cumulative distributions of a numeric column; the statistic is their largest vertical gap. A small p-value means such a gap is unlikely if nothing changed.',
  'chi-square':
    'Chi-square compares how often each category (or each of a few numeric values) occurs in both datasets. A small p-value means the frequencies changed more than chance explains.',
  z: 'The Z-test compares the share of one of the two values of a binary column. A small p-value means the share moved more than chance explains.',
  wasserstein:
    'Wasserstein distance is how far, on average, values had to move to turn one distribution into the other, divided by the reference standard deviation (0.1 = a tenth of a standard deviation).',
  'jensen-shannon':
    'Jensen–Shannon distance measures how different two distributions of categories or histogram bins are, from 0 (identical) to 1 (no overlap).',
  psi: 'The Population Stability Index sums the change in share of each reference decile (or category): below 0.1 little change, 0.1–0.25 moderate, 0.25 and above significant.'
}

export function RunReport({ runId, compact = false }: { runId: number; compact?: boolean }) {
  const run = useChannel('drift:run', { runId })
  if (run.isPending) return <Loading what="run" />
  if (run.error) return <ErrorNotice error={run.error} />
  return <RunReportView run={run.data} compact={compact} />
}

export function RunReportView({ run, compact }: { run: DriftRunDetail; compact?: boolean }) {
  if (run.state !== 'done') {
    return (
      <div className="notice">
        <strong>
          Run #{run.id} <RunState run={run} />
        </strong>
        <p>
          {run.state === 'failed'
            ? run.error
            : run.state === 'running'
              ? 'This run is still going.'
              : 'This run was cancelled before it finished.'}
        </p>
      </div>
    )
  }
  const used = [...new Set(run.columns.map((c) => c.test).filter((t): t is DriftTest => t !== null)), 'psi' as const]
  const prediction = run.columns.find((c) => c.role === 'prediction')
  const target = run.columns.find((c) => c.role === 'target')
  return (
    <div className="drift-report">
      <p className={`drift-verdict ${run.datasetDrift ? 'drifted' : 'ok'}`} role="status">
        {summarize(run)}
      </p>
      <div className="stat-row">
        <StatTile label="Drift score (share of drifted columns)" value={formatShare(run.share)} tone={run.datasetDrift ? 'down' : 'up'} />
        <StatTile label="Drifted / tested columns" value={`${run.drifted} / ${run.tested}`} />
        <StatTile
          label={prediction ? `Prediction drift (${prediction.name})` : 'Prediction drift'}
          value={run.predictionDrift === null ? '—' : run.predictionDrift ? 'yes' : 'no'}
          tone={run.predictionDrift ? 'down' : run.predictionDrift === false ? 'up' : 'idle'}
        />
        <StatTile
          label={target ? `Target drift (${target.name})` : 'Target drift'}
          value={run.targetDrift === null ? '—' : run.targetDrift ? 'yes' : 'no'}
          tone={run.targetDrift ? 'down' : run.targetDrift === false ? 'up' : 'idle'}
        />
        <StatTile label="Rows: reference / current" value={`${run.referenceRows.toLocaleString()} / ${run.currentRows.toLocaleString()}`} />
      </div>
      <ExportRun runId={run.id} />
      {!compact && (
        <p className="muted small">
          Run #{run.id} of “{run.checkName}”, {run.trigger === 'schedule' ? 'scheduled' : 'started by hand'}, {formatTime(run.startedAt)}.
        </p>
      )}
      <div className="table-scroll">
        <table className="table compact drift-columns">
          <thead>
            <tr>
              <th>Column</th>
              <th>Type</th>
              <th>Test</th>
              <th className="num">Statistic</th>
              <th>p-value or distance vs threshold</th>
              <th>Drift</th>
              <th className="num">PSI</th>
              <th className="num">Missing ref / cur</th>
              <th>Notes</th>
            </tr>
          </thead>
          <tbody>
            {run.columns.map((c) => (
              <tr key={c.name} className={c.drifted ? 'drift-row-drifted' : ''}>
                <td>
                  <a href={href(`/drift/runs/${run.id}/${encodeURIComponent(c.name)}`)} className="mono">
                    {c.name}
                  </a>
                  {c.role !== 'feature' && <span className="tag drift-pill-gap">{c.role}</span>}
                </td>
                <td>{c.kind ?? '—'}</td>
                <td title={c.explanation}>
                  {testLabel(c.test)}
                  {c.overridden && <span className="tag drift-pill-gap">set</span>}
                </td>
                <td className="num">{formatStat(c.statistic)}</td>
                <td className="small">{decision(c)}</td>
                <td>
                  {c.leftOut ? (
                    <span className="muted" title="Every value differs, like an ID; include it in the check’s column settings">
                      left out: {c.leftOut}
                    </span>
                  ) : c.score === null ? (
                    <span className="muted">not tested</span>
                  ) : c.drifted ? (
                    <span className="pill fail">drift</span>
                  ) : (
                    <span className="pill pass">no drift</span>
                  )}
                </td>
                <td className="num" title={c.psiLevel ? `PSI level: ${c.psiLevel}` : ''}>
                  {formatStat(c.psi)}
                  {c.psiLevel && c.psiLevel !== 'none' && <span className={`drift-psi ${c.psiLevel}`}> {c.psiLevel}</span>}
                </td>
                <td className="num">
                  {formatShare(c.missingReference)} / {formatShare(c.missingCurrent)}
                </td>
                <td className="small wrap drift-notes">
                  {c.message}
                  {c.unseen.length > 0 && (
                    <div className="mono">
                      new: {c.unseen.slice(0, 6).join(', ')}
                      {c.unseenCount > 6 ? ` … (+${c.unseenCount - 6})` : ''}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details className="drift-legend" open={!compact}>
        <summary>How to read the tests</summary>
        <dl>
          {used.map((t) => (
            <div key={t}>
              <dt>{DRIFT_TEST_LABELS[t]}</dt>
              <dd>{TEST_MEANING[t]}</dd>
            </div>
          ))}
          <div>
            <dt>Which test</dt>
            <dd>
              Chosen per column like Evidently: reference of up to 1,000 rows → p-value tests (drift at p &lt; 0.05); larger → distances
              (drift at 0.1). Hover a test name for the reason; “set” marks tests chosen in the check’s settings.
            </dd>
          </div>
        </dl>
      </details>
    </div>
  )
}
