import { useMemo, useState } from 'react'
import { Chart } from '../../components/Chart'
import { EmptyState, ErrorNotice, PageHeader } from '../../components/States'
import { call } from '../../lib/client'
import { useChannel, useCommand } from '../../lib/queries'
import type { EvaluationResult } from '../../../../shared/contract'
import { ModelsNav } from './ModelsPage'
import { buildCalibrationOption, formatMetric } from './modelCharts'
import { newJobId, useJobProgress } from './useJob'

interface Row {
  versionId: number
  path: string
  column: string
  scoreColumn: string
}

export function EvaluatePage({ evaluationId = null }: { evaluationId?: number | null }) {
  const versions = useChannel('models:versions')
  const evaluations = useChannel('models:evaluations')
  const [task, setTask] = useState<'classification' | 'regression'>('classification')
  const [holdoutPath, setHoldout] = useState('')
  const [labelColumn, setLabel] = useState('label')
  const [idColumn, setId] = useState('')
  const [positiveLabel, setPositive] = useState('')
  const [resamples, setResamples] = useState(1000)
  const [rows, setRows] = useState<Row[]>([{ versionId: 0, path: '', column: '', scoreColumn: '' }])
  const [jobId, setJobId] = useState<string | null>(null)
  const [shownId, setShownId] = useState<number | null>(evaluationId)
  const progress = useJobProgress(jobId)
  const run = useCommand('models:evaluate', ['models:evaluations', 'models:compare', 'models:version'])
  const stored = useChannel('models:evaluation', { id: shownId ?? 0 }, { enabled: shownId !== null && !run.data })
  const result = run.data ?? stored.data
  const preview = useChannel('models:previewFile', { path: holdoutPath.trim() }, { enabled: /^(\/|[A-Za-z]:[\\/])/.test(holdoutPath.trim()), retry: false })
  const set = (i: number, patch: Partial<Row>): void => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const submit = (): void => {
    const id = newJobId()
    setJobId(id)
    run.mutate({
      task,
      holdoutPath: holdoutPath.trim(),
      labelColumn,
      ...(idColumn ? { idColumn } : {}),
      ...(positiveLabel ? { positiveLabel } : {}),
      resamples,
      jobId: id,
      predictions: rows.filter((r) => r.versionId).map((r) => ({ versionId: r.versionId, ...(r.path.trim() ? { path: r.path.trim() } : {}), ...(r.column ? { column: r.column } : {}), ...(r.scoreColumn ? { scoreColumn: r.scoreColumn } : {}) }))
    })
  }
  return (
    <div className="page">
      <PageHeader title="Models" subtitle="Evaluate versions offline on a labelled holdout (CSV or Parquet on the console machine), with bootstrap intervals and a paired test." />
      <ModelsNav active="evaluate" />
      <section className="card models-card">
        <h2>Holdout and predictions</h2>
        <form className="stacked-form" onSubmit={(e) => { e.preventDefault(); submit() }}>
          <div className="form-row">
            <label>Task <select value={task} onChange={(e) => setTask(e.target.value as 'classification')} aria-label="Task"><option value="classification">classification</option><option value="regression">regression</option></select></label>
            <label className="grow">Holdout file <input className="mono wide" value={holdoutPath} onChange={(e) => setHoldout(e.target.value)} placeholder="/data/holdout.csv" aria-label="Holdout path" /></label>
          </div>
          {preview.data && <p className="muted small">{preview.data.rows.toLocaleString()} rows; columns: {preview.data.columns.join(', ')}</p>}
          {preview.error && holdoutPath && <p className="field-error small">{(preview.error as Error).message}</p>}
          <div className="form-row">
            <label>Label column <input value={labelColumn} onChange={(e) => setLabel(e.target.value)} aria-label="Label column" /></label>
            <label>Id column (optional) <input value={idColumn} onChange={(e) => setId(e.target.value)} aria-label="Id column" /></label>
            {task === 'classification' && <label>Positive label (binary) <input value={positiveLabel} onChange={(e) => setPositive(e.target.value)} aria-label="Positive label" placeholder="the larger label" /></label>}
            <label>Bootstrap resamples <input type="number" min={0} max={10000} value={resamples} onChange={(e) => setResamples(Number(e.target.value))} aria-label="Bootstrap resamples" /></label>
          </div>
          <table className="table compact">
            <thead><tr><th>Version</th><th>Predictions file (empty: the holdout)</th><th>{task === 'classification' ? 'Predicted label column' : 'Prediction column'}</th>{task === 'classification' && <th>Score column (binary, P(positive))</th>}<th /></tr></thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td>
                    <select value={r.versionId} onChange={(e) => set(i, { versionId: Number(e.target.value) })} aria-label={`Version ${i + 1}`}>
                      <option value={0}>pick a version…</option>
                      {versions.data?.map((v) => <option key={v.id} value={v.id}>{v.modelName} v{v.version}</option>)}
                    </select>
                  </td>
                  <td><input className="mono" value={r.path} onChange={(e) => set(i, { path: e.target.value })} aria-label={`Predictions file ${i + 1}`} /></td>
                  <td><input value={r.column} onChange={(e) => set(i, { column: e.target.value })} aria-label={`Prediction column ${i + 1}`} /></td>
                  {task === 'classification' && <td><input value={r.scoreColumn} onChange={(e) => set(i, { scoreColumn: e.target.value })} aria-label={`Score column ${i + 1}`} /></td>}
                  <td>{rows.length > 1 && <button type="button" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>Remove</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-actions">
            <button type="button" onClick={() => setRows((rs) => [...rs, { versionId: 0, path: '', column: '', scoreColumn: '' }])} disabled={rows.length >= 20}>Add version</button>
            <button className="primary" type="submit" disabled={run.isPending || !holdoutPath.trim() || !rows.some((r) => r.versionId)}>Evaluate</button>
            {run.isPending && jobId && <button type="button" onClick={() => void call('models:cancel', { jobId })}>Cancel</button>}
          </div>
          {(versions.data?.length ?? 0) === 0 && <p className="muted small">No versions to evaluate yet: import a registry first.</p>}
        </form>
        {run.isPending && <div role="status"><progress max={progress?.total ?? undefined} value={progress?.total ? progress.done : undefined} /> {progress?.message ?? 'starting…'}</div>}
        {run.error && <ErrorNotice error={run.error} title="Evaluation failed; nothing was stored" />}
      </section>
      {result ? <EvaluationView ev={result} /> : (
        <section className="card models-card">
          <h2>Stored evaluations</h2>
          {evaluations.data?.length ? (
            <ul>{evaluations.data.map((e) => <li key={e.id}><button className="link-button" onClick={() => setShownId(e.id)}>{e.name}</button> <span className="muted small">{e.task}, {e.versionIds.length} version(s), {new Date(e.createdAt).toLocaleString()}</span></li>)}</ul>
          ) : (
            <EmptyState title="No evaluations yet">Give a holdout file and each version’s predictions above, then press Evaluate.</EmptyState>
          )}
        </section>
      )}
    </div>
  )
}

function EvaluationView({ ev }: { ev: EvaluationResult }) {
  const keys = ev.versions[0]?.metrics.map((m) => m.key) ?? []
  const calibration = useMemo(() => (ev.versions.some((v) => v.calibration) ? buildCalibrationOption(ev) : null), [ev])
  const pct = Math.round(ev.confidence * 100)
  return (
    <>
      <section className="card models-card evaluation-result">
        <h2>{ev.name}</h2>
        <p className="muted small">
          {ev.rows.toLocaleString()} rows · {ev.task}{ev.positiveLabel !== null && <> · positive label “{ev.positiveLabel}”</>} · {pct} % percentile bootstrap intervals from {ev.resamples.toLocaleString()} resamples (seed {ev.seed})
        </p>
        <table className="table compact">
          <thead><tr><th>Metric</th>{ev.versions.map((v) => <th key={v.versionId} className="num">{v.label}</th>)}</tr></thead>
          <tbody>
            {keys.map((k) => {
              const vals = ev.versions.map((v) => v.metrics.find((m) => m.key === k))
              const higher = vals[0]?.higherIsBetter ?? true
              const nums = vals.map((v) => v?.value).filter((x): x is number => x !== null && x !== undefined)
              const best = nums.length > 1 ? (higher ? Math.max(...nums) : Math.min(...nums)) : null
              return (
                <tr key={k}>
                  <td className="mono">{k} <span className="muted small">{higher ? '↑' : '↓'}</span></td>
                  {vals.map((m, i) => (
                    <td key={i} className={`num ${m?.value === best ? 'best' : ''}`}>
                      {formatMetric(m?.value ?? null)}{m?.value === best && ' ★'}
                      {m?.ci && <div className="muted small">{pct} % CI [{formatMetric(m.ci[0])}, {formatMetric(m.ci[1])}]</div>}
                    </td>
                  ))}
                </tr>
              )
            })}
          </tbody>
        </table>
        {ev.pairedTests.length > 0 && (
          <>
            <h3>Paired tests</h3>
            <table className="table compact">
              <thead><tr><th>A</th><th>B</th><th>Test</th><th className="num">Statistic</th><th className="num">p-value</th><th>Detail</th></tr></thead>
              <tbody>
                {ev.pairedTests.map((p, i) => (
                  <tr key={i}>
                    <td>{ev.versions.find((v) => v.versionId === p.a)?.label}</td>
                    <td>{ev.versions.find((v) => v.versionId === p.b)?.label}</td>
                    <td>{p.method}</td>
                    <td className="num">{formatMetric(p.statistic)}</td>
                    <td className="num">{p.pValue === null ? '—' : p.pValue < 1e-4 ? p.pValue.toExponential(2) : p.pValue.toFixed(4)}{p.pValue !== null && p.pValue < 0.05 && ' (significant at 5 %)'}</td>
                    <td className="small">{p.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      {(calibration || ev.versions.some((v) => v.confusion)) && (
        <div className="grid two">
          {ev.versions.some((v) => v.confusion) && (
            <section className="card models-card">
              <h2>Confusion matrices</h2>
              <p className="muted small">Rows: true label; columns: predicted label; cells: row counts.</p>
              {ev.versions.map((v) => v.confusion && (
                <div key={v.versionId}>
                  <h3>{v.label}</h3>
                  <table className="table compact confusion">
                    <thead><tr><th>true \ predicted</th>{ev.labels.map((l) => <th key={l} className="num">{l}</th>)}</tr></thead>
                    <tbody>{v.confusion.map((row, i) => <tr key={i}><th>{ev.labels[i]}</th>{row.map((c, j) => <td key={j} className={`num ${i === j ? 'diag' : ''}`}>{c}</td>)}</tr>)}</tbody>
                  </table>
                </div>
              ))}
            </section>
          )}
          {calibration && (
            <section className="card models-card">
              <h2>Calibration curve</h2>
              <Chart option={calibration} label="calibration curve: mean predicted probability against fraction of positives per version" height={320} />
            </section>
          )}
        </div>
      )}
    </>
  )
}
