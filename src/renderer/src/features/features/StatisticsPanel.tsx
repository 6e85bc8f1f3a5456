import { Fragment, useMemo, useState } from 'react'
import {
  STAT_WINDOWS,
  type FeatureStats,
  type StatisticsResult,
  type StatWindow,
  type ViewDetail
} from '../../../../shared/contract/features'
import { Chart } from '../../components/Chart'
import { JobProgress } from '../../components/JobProgress'
import { SegmentedControl } from '../../components/SegmentedControl'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { TimeAgo } from '../../components/TimeAgo'
import { useJobCommand } from '../../lib/jobs'
import { useChannel } from '../../lib/queries'
import { buildDistributionOption, buildTopOption, formatValue } from './featureCharts'

const LABEL: Record<StatWindow, string> = {
  all: 'All history',
  '1d': 'Last day',
  '7d': 'Last 7 days',
  '14d': 'Last 14 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days'
}
const OPTIONS = STAT_WINDOWS.map((w) => ({ id: w, label: w === 'all' ? 'all' : w }))
const ROWS: [keyof FeatureStats, string][] = [
  ['count', 'rows'],
  ['nulls', 'nulls'],
  ['mean', 'mean'],
  ['sd', 'sd'],
  ['min', 'min'],
  ['p50', 'p50'],
  ['p75', 'p75'],
  ['p90', 'p90'],
  ['p95', 'p95'],
  ['p99', 'p99'],
  ['max', 'max']
]

/** Per feature: statistics of a window against all history, a histogram overlay or top values, PSI. */
export function StatisticsPanel({ view }: { view: ViewDetail }) {
  const [win, setWin] = useState<StatWindow>('7d')
  const stats = useChannel('features:statistics', { name: view.name, window: win })
  const compute = useJobCommand<'features:computeStatistics', unknown>('features:computeStatistics', [
    'features:statistics',
    'features:view',
    'features:views'
  ])
  const s = stats.data
  return (
    <section className="card features-stats">
      <div className="card-head">
        <h2>Statistics</h2>
        <div className="toolbar">
          <SegmentedControl options={OPTIONS} value={win} onChange={setWin} label="Statistics window" />
          <button onClick={() => void compute.start({ name: view.name })} disabled={compute.running}>
            {s ? 'Compute again' : 'Compute statistics'}
          </button>
        </div>
      </div>
      {compute.running && <JobProgress job={compute.job} label="Computing statistics" onCancel={compute.cancel} />}
      {compute.error && <ErrorNotice error={compute.error} title="Statistics failed" />}
      {stats.isPending && <Loading what="statistics" />}
      {stats.error && <ErrorNotice error={stats.error} />}
      {stats.data === null && !compute.running && (
        <EmptyState title="No statistics yet">
          Compute them to see count, nulls, mean, sd, percentiles, a histogram and top values per feature, for the last day, 7, 14, 30 and
          90 days against all history.
        </EmptyState>
      )}
      {s && <StatisticsBody s={s} />}
    </section>
  )
}

function StatisticsBody({ s }: { s: StatisticsResult }) {
  return (
    <>
      <p className="muted small">
        {LABEL[s.window]}: {s.rows.toLocaleString()} rows
        {s.from !== null && <> with event times after {new Date(s.from).toISOString().slice(0, 16).replace('T', ' ')} UTC</>}, up to{' '}
        {new Date(s.asOf).toISOString().slice(0, 16).replace('T', ' ')} UTC (the latest event in the source) · baseline: all history,{' '}
        {s.baselineRows.toLocaleString()} rows · v{s.version}, computed <TimeAgo at={s.computedAt} />
      </p>
      <div className="features-stat-grid">
        {s.features.map((f) => (
          <FeatureCard key={f.name} f={f} windowLabel={LABEL[s.window]} />
        ))}
      </div>
    </>
  )
}

function FeatureCard({ f, windowLabel }: { f: StatisticsResult['features'][number]; windowLabel: string }) {
  const option = useMemo(
    () =>
      f.type === 'string' || f.type === 'bool'
        ? buildTopOption(f.name, windowLabel, f.window, f.baseline)
        : buildDistributionOption(f.name, windowLabel, f.window, f.baseline),
    [f, windowLabel]
  )
  const rows = ROWS.filter(([k]) => f.type !== 'string' || k === 'count' || k === 'nulls')
  const pairs: [keyof FeatureStats, string][][] = []
  for (let i = 0; i < rows.length; i += 2) pairs.push(rows.slice(i, i + 2))
  const cell = (s: FeatureStats, k: keyof FeatureStats): string =>
    k === 'count' || k === 'nulls' ? (s[k] as number).toLocaleString() : formatValue(s[k] as number | null)
  return (
    <article className="features-stat-card" aria-label={`Statistics of ${f.name}`}>
      <h3>
        <span className="mono">{f.name}</span> <span className="muted small">{f.type}</span>
        {f.meanShiftSd !== null && (
          <span className="muted small">
            mean shift {f.meanShiftSd >= 0 ? '+' : ''}
            {f.meanShiftSd.toFixed(2)} sd
          </span>
        )}
        {f.psi !== null && (
          <span
            className={`pill ${f.psi >= 0.25 ? 'fail' : f.psi >= 0.1 ? 'warn' : 'pass'}`}
            title="Population stability index of the window against all history"
          >
            PSI {f.psi.toFixed(3)}
          </span>
        )}
      </h3>
      {option ? (
        <Chart option={option} height={190} label={`Distribution of ${f.name}: ${windowLabel} against all history`} />
      ) : (
        <p className="muted small">No values in this window.</p>
      )}
      <table className="table compact features-stat-table">
        <thead>
          <tr>
            {pairs[0]!.map((_, i) => (
              <Fragment key={i}>
                <th />
                <th className="num">{windowLabel.replace('Last ', '')}</th>
                <th className="num">all</th>
              </Fragment>
            ))}
          </tr>
        </thead>
        <tbody>
          {pairs.map((pair) => (
            <tr key={pair[0]![0]}>
              {pair.map(([k, label]) => (
                <Fragment key={k}>
                  <td className="muted">{label}</td>
                  <td className="num">{cell(f.window, k)}</td>
                  <td className="num">{cell(f.baseline, k)}</td>
                </Fragment>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  )
}
