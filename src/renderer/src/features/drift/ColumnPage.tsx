import { useMemo, useState } from 'react'
import { href } from '../../app/router'
import { useResolvedTheme } from '../../app/theme'
import { Chart } from '../../components/Chart'
import { SegmentedControl } from '../../components/SegmentedControl'
import { StatTile } from '../../components/StatTile'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { CategoryCountTable } from './CategoryCountTable'
import { buildCategoryOption, buildEcdfOption, buildHistogramOption, DRIFT_COLORS, valueLabel } from './driftCharts'
import { decision, formatShare, formatStat, neighbours, testLabel } from './driftFormat'

type View = 'histogram' | 'ecdf'
const VIEWS = [
  { id: 'histogram', label: 'Histograms' },
  { id: 'ecdf', label: 'ECDF' }
] as const

/** One column of a run: result, explanation, overlaid distributions. */
export function ColumnPage({ runId, column }: { runId: number; column: string }) {
  const detail = useChannel('drift:column', { runId, column })
  const run = useChannel('drift:run', { runId })
  const around = neighbours(run.data?.columns.map((x) => x.name) ?? [], column)
  const theme = useResolvedTheme()
  const [view, setView] = useState<View>('histogram')
  const colors = DRIFT_COLORS[theme]
  const option = useMemo(() => {
    const d = detail.data
    if (!d) return null
    if (d.numeric)
      return view === 'histogram'
        ? buildHistogramOption(d.numeric, d.column.kind, colors)
        : buildEcdfOption(d.numeric, d.column.kind, colors)
    if (d.categories) return buildCategoryOption(d.categories, colors)
    return null
  }, [detail.data, view, colors])
  if (detail.isPending) return <Loading what="column" />
  if (detail.error) return <ErrorNotice error={detail.error} />
  const d = detail.data
  const c = d.column
  const n = d.numeric
  return (
    <div className="page drift-page">
      <PageHeader
        title={c.name}
        subtitle={
          <>
            <a href={href(`/drift/checks/${d.checkId}`)}>← the check</a> · <a href={href(`/drift/runs/${runId}`)}>run #{runId}</a> ·{' '}
            {c.kind ?? 'unknown type'}
            {c.role !== 'feature' && ` · ${c.role} column`}
          </>
        }
        actions={
          <nav className="column-nav" aria-label="Other columns of this run">
            {around.previous !== null ? (
              <a className="button" href={href(`/drift/runs/${runId}/${encodeURIComponent(around.previous)}`)} rel="prev">
                ← {around.previous}
              </a>
            ) : null}
            {around.next !== null ? (
              <a className="button" href={href(`/drift/runs/${runId}/${encodeURIComponent(around.next)}`)} rel="next">
                {around.next} →
              </a>
            ) : null}
          </nav>
        }
      />
      <div className="stat-row">
        <StatTile
          label="Result"
          value={c.score === null ? 'not tested' : c.drifted ? 'drift' : 'no drift'}
          tone={c.score === null ? 'idle' : c.drifted ? 'down' : 'up'}
        />
        <StatTile
          label={
            c.score === null
              ? `Test: ${testLabel(c.test)}`
              : `${c.scoreKind === 'pvalue' ? 'p-value' : 'Distance'} (${testLabel(c.test)}; drift ${c.scoreKind === 'pvalue' ? 'below' : 'from'} ${c.threshold})`
          }
          value={formatStat(c.score)}
          hint={decision(c)}
        />
        <StatTile label="Statistic" value={formatStat(c.statistic)} />
        <StatTile
          label={`PSI${c.psiLevel ? ` (${c.psiLevel})` : ''}`}
          value={formatStat(c.psi)}
          tone={c.psiLevel === 'significant' ? 'down' : c.psiLevel === 'moderate' ? 'warn' : undefined}
        />
        <StatTile label="Missing: reference / current" value={`${formatShare(c.missingReference)} / ${formatShare(c.missingCurrent)}`} />
      </div>
      <section className="card drift-explain">
        {c.explanation && <p>{c.explanation}</p>}
        {c.message && <p className="notice drift-warning">{c.message}</p>}
        {c.unseen.length > 0 && (
          <p className="small">
            Categories in the current data but not in the reference ({c.unseenCount}): <span className="mono">{c.unseen.join(', ')}</span>
          </p>
        )}
      </section>
      {option ? (
        <section className="card">
          <div className="card-head">
            <h2>
              {n
                ? view === 'histogram'
                  ? 'Reference and current distributions (shared bins)'
                  : 'Cumulative distributions (ECDF)'
                : 'Category shares, reference and current'}
            </h2>
            {n && <SegmentedControl options={VIEWS} value={view} onChange={setView} label="Chart type" />}
          </div>
          <Chart option={option} height={340} label={`Distribution of ${c.name} in the reference and the current data`} />
          {n && (
            <table className="table compact drift-side-stats">
              <thead>
                <tr>
                  <th />
                  <th className="num">Rows with a value</th>
                  <th className="num">Mean</th>
                  <th className="num">Std</th>
                  <th className="num">Min</th>
                  <th className="num">Max</th>
                </tr>
              </thead>
              <tbody>
                {(
                  [
                    ['Reference', n.referenceStats],
                    ['Current', n.currentStats]
                  ] as const
                ).map(([label, s]) => (
                  <tr key={label}>
                    <td>{label}</td>
                    <td className="num">{s.n.toLocaleString()}</td>
                    <td className="num">{s.mean === null ? '—' : valueLabel(c.kind, s.mean)}</td>
                    <td className="num">
                      {c.kind === 'datetime' && s.std !== null ? `${formatStat(s.std / 86_400_000)} days` : formatStat(s.std)}
                    </td>
                    <td className="num">{s.min === null ? '—' : valueLabel(c.kind, s.min)}</td>
                    <td className="num">{s.max === null ? '—' : valueLabel(c.kind, s.max)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {d.categories && <CategoryCountTable categories={d.categories} />}
        </section>
      ) : (
        <EmptyState title="No distribution to show">{c.message ?? 'This column was not compared.'}</EmptyState>
      )}
    </div>
  )
}
