import { href } from '../../app/router'
import { ErrorNotice, Loading } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { CumulativeChart } from './CumulativePage'
import { formatUnits } from './format'
import { ResultsTable } from './ResultsTable'
import { analysisInput, useExperimentsUi } from './store'

/** #/experiments/<id>/report: the experiment on paper (Print → Save as PDF, or Electron's printToPDF). */
export function ReportPage({ id }: { id: number }) {
  const ui = useExperimentsUi()
  const x = useChannel('experiments:get', { id })
  const r = useChannel('experiments:results', { id, ...analysisInput(ui), dimension: null })
  const primary = x.data?.metrics.find((m) => m.role === 'primary')
  const ts = useChannel(
    'experiments:timeseries',
    { id, metric: primary?.key ?? '', difference: ui.difference, ...(ui.engine ? { engine: ui.engine } : {}) },
    { enabled: !!primary }
  )
  if (x.isPending || r.isPending) return <Loading what="the report" />
  if (x.error || r.error) return <ErrorNotice error={x.error ?? r.error} />
  const e = x.data
  const res = r.data
  const o = res.overall
  return (
    <div className="page experiments-report">
      <div className="toolbar no-print">
        <a href={href(`/experiments/${id}`)}>← Back to the experiment</a>
        <button type="button" className="primary" onClick={() => window.print()}>
          Print / Save as PDF
        </button>
      </div>
      <article className="report-document">
        <h1>{e.name}</h1>
        <p className="muted">
          Experiment report · {e.status} · {e.variations.map((v) => `${v.name} (${Math.round(v.weight * 1000) / 10} %)`).join(' vs ')} ·
          engine {res.engine}
          {res.importedAt ? ` · data of ${formatTime(res.importedAt)}` : ''}
        </p>
        {e.hypothesis && (
          <p>
            <strong>Hypothesis.</strong> {e.hypothesis}
          </p>
        )}
        {!o ? (
          <p>No data imported yet.</p>
        ) : (
          <>
            <h2>Traffic</h2>
            <p className={o.srm.status === 'mismatch' ? 'srm-text' : ''}>
              {o.units.map((u, i) => `${e.variations[i]?.name}: ${formatUnits(u)}`).join(' · ')} units. Sample ratio check:{' '}
              {o.srm.status === 'mismatch'
                ? `MISMATCH (p = ${o.srm.pValue.toExponential(2)}): the split differs from the configured weights; the figures below cannot be trusted.`
                : o.srm.status === 'ok'
                  ? `consistent with the weights (p = ${o.srm.pValue.toFixed(3)}).`
                  : 'not enough units yet.'}
              {res.multiExposed > 0 && ` ${formatUnits(res.multiExposed)} units seen in more than one variation were left out.`}
            </p>
            <h2>Results</h2>
            <ResultsTable slice={o} engine={res.engine} difference={res.difference} />
            {ts.data && ts.data.days.length > 0 && (
              <>
                <h2>{primary?.name}: cumulative lift</h2>
                <CumulativeChart ts={ts.data} animation={false} height={260} />
              </>
            )}
          </>
        )}
        <h2>Decisions</h2>
        {e.decisions.length === 0 ? (
          <p>None recorded.</p>
        ) : (
          <ul>
            {e.decisions.map((d) => (
              <li key={d.id}>
                {formatTime(d.decidedAt)} — <strong>{d.decision}</strong>
                {d.variationName && d.decision === 'ship' ? ` ${d.variationName}` : ''} by {d.decidedBy}: {d.reason}
              </li>
            ))}
          </ul>
        )}
        {e.promotion && <p>Registry: {e.promotion}</p>}
      </article>
    </div>
  )
}
