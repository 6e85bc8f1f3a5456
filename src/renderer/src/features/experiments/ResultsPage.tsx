import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { downloadText } from '../../lib/download'
import { call } from '../../lib/client'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { AnalysisControls } from './AnalysisControls'
import { formatUnits } from './format'
import { ResultsTable } from './ResultsTable'
import { SrmGate } from './SrmBanner'
import { analysisInput, useExperimentsUi } from './store'

/** The overall results: SRM banner, engine controls, the results table, CSV export. */
export function ResultsPage({ id }: { id: number }) {
  const ui = useExperimentsUi()
  const x = useChannel('experiments:get', { id })
  const r = useChannel('experiments:results', { id, ...analysisInput(ui), dimension: null })
  if (!x.data) return null
  const e = x.data
  if (r.isPending) return <Loading what="results" />
  if (r.error) return <ErrorNotice error={r.error} title="Could not compute the results" />
  const res = r.data
  if (!res.overall)
    return (
      <EmptyState
        title="No data yet"
        action={
          <a className="button-link primary" href={href(`/experiments/${id}/import`)}>
            Import data
          </a>
        }
      >
        {e.metrics.length
          ? 'Import exposure and event files (or pre-aggregated sums) to see results for every metric and variation.'
          : 'Add metrics in Setup, then import exposure and event files to see results.'}
      </EmptyState>
    )
  const o = res.overall
  return (
    <>
      <AnalysisControls defaults={e} />
      <SrmGate experimentId={id} srm={o.srm} names={e.variations.map((v) => v.name)} weights={e.variations.map((v) => v.weight)}>
        <section className="card">
          <div className="card-head">
            <h2>Results</h2>
            <div className="actions no-print">
              <button
                type="button"
                onClick={() =>
                  void call('experiments:exportCsv', { id, ...analysisInput(ui) }).then((c) => downloadText(c.filename, c.csv))
                }
              >
                Export CSV
              </button>
            </div>
          </div>
          <p className="muted small">
            {o.units.map((u, i) => `${e.variations[i]?.name ?? i}: ${formatUnits(u)} units`).join(' · ')}
            {res.multiExposed > 0 && ` · ${formatUnits(res.multiExposed)} units seen in more than one variation were left out`}
            {res.importedAt && ` · data imported ${formatTime(res.importedAt)}`} · computed in {res.computeMs.toFixed(0)} ms
          </p>
          {res.notes.map((n) => (
            <p key={n} className="notice">
              {n}
            </p>
          ))}
          <ResultsTable slice={o} engine={res.engine} difference={res.difference} />
          <p className="muted small legend-line">
            <span className="swatch verdict-better" /> better <span className="swatch verdict-worse" /> worse{' '}
            <span className="swatch verdict-flat" /> no clear difference —{' '}
            {res.engine === 'bayesian'
              ? 'coloured when the chance to win is above 95 % or below 5 %.'
              : `coloured when p < ${res.alpha}${res.correction !== 'none' ? ` after ${res.correction} over ${res.family === 'metric' ? 'each metric' : 'all goal metrics and variations'}` : ''}.`}
          </p>
        </section>
      </SrmGate>
    </>
  )
}
