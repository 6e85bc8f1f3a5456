import { useState } from 'react'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { AnalysisControls } from './AnalysisControls'
import { SrmBadge } from './badges'
import { formatUnits } from './format'
import { ResultsTable } from './ResultsTable'
import { SrmGate } from './SrmBanner'
import { analysisInput, useExperimentsUi } from './store'

/** Results broken down by one dimension: each value with its units, its own SRM check and its results table. */
export function DimensionsPage({ id }: { id: number }) {
  const ui = useExperimentsUi()
  const x = useChannel('experiments:get', { id })
  const [dimension, setDimension] = useState<string | null>(null)
  const dim = dimension ?? x.data?.dimensions[0] ?? null
  const r = useChannel('experiments:results', { id, ...analysisInput(ui), dimension: dim }, { enabled: !!x.data })
  if (!x.data) return null
  const e = x.data
  if (!e.dimensions.length)
    return (
      <EmptyState title="No dimensions">
        Name columns of the exposures file (country, device …) as dimensions in Setup, then import again.
      </EmptyState>
    )
  const names = e.variations.map((v) => v.name)
  const weights = e.variations.map((v) => v.weight)
  return (
    <>
      <AnalysisControls defaults={e} />
      <div className="toolbar no-print">
        <label>
          Break down by{' '}
          <select value={dim ?? ''} onChange={(ev) => setDimension(ev.target.value)} aria-label="Dimension">
            {e.dimensions.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
      </div>
      {r.isPending && <Loading what="the breakdown" />}
      {r.error && <ErrorNotice error={r.error} />}
      {r.data && !r.data.overall && <EmptyState title="No data yet">Import exposures and events first.</EmptyState>}
      {r.data?.overall && (
        <SrmGate experimentId={id} srm={r.data.overall.srm} names={names} weights={weights}>
          {r.data.notes.map((n) => (
            <p key={n} className="notice">
              {n}
            </p>
          ))}
          {r.data.correction !== 'none' && r.data.engine !== 'bayesian' && (
            <p className="muted small">
              p-values are corrected ({r.data.correction}) over {r.data.family === 'metric' ? 'each metric' : 'every goal metric'} across
              all values of {dim}.
            </p>
          )}
          {r.data.slices.map((s) => (
            <section key={s.value} className="card dimension-slice">
              <div className="card-head">
                <h2>
                  {dim} = {s.value}
                </h2>
                <span className="small">
                  {s.units.map((u, i) => `${names[i]} ${formatUnits(u)}`).join(' · ')} · SRM <SrmBadge srm={s.srm} />
                </span>
              </div>
              <ResultsTable slice={s} engine={r.data.engine} difference={r.data.difference} compact />
            </section>
          ))}
        </SrmGate>
      )}
    </>
  )
}
