import { useMemo, useState } from 'react'
import { Chart } from '../../components/Chart'
import { EmptyState, ErrorNotice, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import type { EvaluationResult } from '../../../../shared/contract'
import { ModelsNav } from './ModelsNav'
import { buildCalibrationOption, formatMetric } from './modelCharts'
import { JobProgress } from '../../components/JobProgress'
import { useJobCommand } from '../../lib/jobs'
import { ReasonButton } from '../../components/ReasonButton'

interface Row {
  versionId: number
  path: string
  column: string
  scoreColumn: string
  /** Per-class probability columns: a prefix ("proba_" for proba_cat, proba_dog, …) or "cat=p_cat, dog=p_dog". */
  proba: string
}

const emptyRow = (): Row => ({ versionId: 0, path: '', column: '', scoreColumn: '', proba: '' })
const isAbsolute = (p: string): boolean => /^(\/|[A-Za-z]:[\\/])/.test(p.trim())
const canonLabel = (s: string): string => (s.trim() !== '' && Number.isFinite(Number(s)) ? String(Number(s)) : s.trim())

/** The probability-column field as the contract takes it: `{ probabilityColumns }` for "class=column, …", else `{ probabilityPrefix }`. */
function parseProbabilities(text: string): { probabilityColumns: Record<string, string> } | { probabilityPrefix: string } | null {
  const t = text.trim()
  if (!t) return null
  if (!t.includes('=')) return { probabilityPrefix: t }
  const pairs = t
    .split(/[,;\n]/)
    .map((part) => part.split('=').map((x) => x.trim()))
    .filter((kv) => kv.length === 2 && kv[0] && kv[1]) as [string, string][]
  return { probabilityColumns: Object.fromEntries(pairs) }
}

/** Columns named `<prefix><class>`: every prefix ending in a separator shared by at least two columns, best guesses first. */
function detectProbabilityPrefixes(columns: string[], skip: string[], sampleLabels: string[]): { prefix: string; classes: string[] }[] {
  const seen = new Set(sampleLabels.map(canonLabel))
  const byPrefix = new Map<string, string[]>()
  for (const c of columns) {
    if (skip.includes(c)) continue
    for (let i = 1; i < c.length; i++)
      if ('_-.:/ '.includes(c[i - 1]!)) byPrefix.set(c.slice(0, i), [...(byPrefix.get(c.slice(0, i)) ?? []), c.slice(i)])
  }
  const score = (p: { prefix: string; classes: string[] }): number[] => [
    p.classes.filter((c) => seen.has(canonLabel(c))).length,
    /prob|score|p_/i.test(p.prefix) ? 1 : 0,
    p.classes.length,
    p.prefix.length
  ]
  return [...byPrefix.entries()]
    .filter(([, classes]) => classes.length >= 2)
    .map(([prefix, classes]) => ({ prefix, classes }))
    .sort((a, b) => {
      const [x, y] = [score(a), score(b)]
      const d = x.findIndex((v, i) => v !== y[i])
      return d < 0 ? 0 : y[d]! - x[d]!
    })
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
  const [rows, setRows] = useState<Row[]>([emptyRow()])
  const [shownId, setShownId] = useState<number | null>(evaluationId)
  const run = useJobCommand<'models:evaluate', { evaluationId: number }>('models:evaluate', [
    'models:evaluations',
    'models:compare',
    'models:version'
  ])
  const shown = run.result?.evaluationId ?? shownId
  const stored = useChannel('models:evaluation', { id: shown ?? 0 }, { enabled: shown !== null })
  const result = stored.data
  const preview = useChannel('models:previewFile', { path: holdoutPath.trim() }, { enabled: isAbsolute(holdoutPath), retry: false })
  const holdoutColumns = useMemo(() => preview.data?.columns.map((c) => c.name) ?? null, [preview.data])
  const sampleLabels = useMemo(() => preview.data?.columns.find((c) => c.name === labelColumn)?.samples ?? [], [preview.data, labelColumn])
  const set = (i: number, patch: Partial<Row>): void => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const submit = (): void => {
    void run.start({
      task,
      holdoutPath: holdoutPath.trim(),
      labelColumn,
      ...(idColumn ? { idColumn } : {}),
      ...(positiveLabel ? { positiveLabel } : {}),
      resamples,
      predictions: rows
        .filter((r) => r.versionId)
        .map((r) => ({
          versionId: r.versionId,
          ...(r.path.trim() ? { path: r.path.trim() } : {}),
          ...(r.column ? { column: r.column } : {}),
          ...(r.scoreColumn ? { scoreColumn: r.scoreColumn } : {}),
          ...(task === 'classification' ? parseProbabilities(r.proba) : null)
        }))
    })
  }
  return (
    <div className="page">
      <PageHeader
        title="Models"
        subtitle="Evaluate versions offline on a labelled holdout (CSV or Parquet on the console machine), with bootstrap intervals and a paired test."
      />
      <ModelsNav active="evaluate" />
      <section className="card models-card">
        <h2>Holdout and predictions</h2>
        <form
          className="stacked-form"
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
        >
          <div className="form-row">
            <label>
              Task{' '}
              <select value={task} onChange={(e) => setTask(e.target.value as 'classification')} aria-label="Task">
                <option value="classification">classification</option>
                <option value="regression">regression</option>
              </select>
            </label>
            <label className="grow">
              Holdout file{' '}
              <input
                className="mono wide"
                value={holdoutPath}
                onChange={(e) => setHoldout(e.target.value)}
                placeholder="/data/holdout.csv"
                aria-label="Holdout path"
              />
            </label>
          </div>
          {preview.data && (
            <p className="muted small">
              {preview.data.rowsExact ? '' : '≈ '}
              {preview.data.rowEstimate.toLocaleString()} rows; columns: {holdoutColumns?.join(', ')}
            </p>
          )}
          {preview.error && holdoutPath && <p className="field-error small">{(preview.error as Error).message}</p>}
          <div className="form-row">
            <label>
              Label column <input value={labelColumn} onChange={(e) => setLabel(e.target.value)} aria-label="Label column" />
            </label>
            <label>
              Id column (optional) <input value={idColumn} onChange={(e) => setId(e.target.value)} aria-label="Id column" />
            </label>
            {task === 'classification' && (
              <label>
                Positive label (binary){' '}
                <input
                  value={positiveLabel}
                  onChange={(e) => setPositive(e.target.value)}
                  aria-label="Positive label"
                  placeholder="the larger label"
                />
              </label>
            )}
            <label>
              Bootstrap resamples{' '}
              <input
                type="number"
                min={0}
                max={10000}
                value={resamples}
                onChange={(e) => setResamples(Number(e.target.value))}
                aria-label="Bootstrap resamples"
              />
            </label>
          </div>
          <div className="table-scroll">
            <table className="table compact eval-predictions">
              <thead>
                <tr>
                  <th>Version</th>
                  <th>Predictions file (empty: the holdout)</th>
                  <th>{task === 'classification' ? 'Predicted label column' : 'Prediction column'}</th>
                  {task === 'classification' && <th>Score column (binary, P(positive))</th>}
                  {task === 'classification' && (
                    <th title="One probability column per class: a prefix such as proba_ (for proba_cat, proba_dog, …) or class=column pairs">
                      Class probabilities (prefix or class=column)
                    </th>
                  )}
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <PredictionRow
                    key={i}
                    i={i}
                    row={r}
                    task={task}
                    versions={versions.data ?? []}
                    holdoutColumns={holdoutColumns}
                    skip={[labelColumn, idColumn]}
                    sampleLabels={sampleLabels}
                    set={(patch) => set(i, patch)}
                    remove={rows.length > 1 ? () => setRows((rs) => rs.filter((_, j) => j !== i)) : null}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <ReasonButton
              onClick={() => setRows((rs) => [...rs, emptyRow()])}
              disabledReason={rows.length >= 20 ? 'At most 20 versions' : null}
            >
              Add version
            </ReasonButton>
            <ReasonButton
              className="primary"
              type="submit"
              busy={run.running}
              disabledReason={
                !holdoutPath.trim() ? 'Enter the holdout file first' : !rows.some((r) => r.versionId) ? 'Pick at least one version' : null
              }
            >
              Evaluate
            </ReasonButton>
          </div>
          {(versions.data?.length ?? 0) === 0 && <p className="muted small">No versions to evaluate yet: import a registry first.</p>}
        </form>
        {run.job && <JobProgress job={run.job} onCancel={run.cancel} label="Evaluation progress" />}
        {run.cancelled && <p className="notice">Evaluation cancelled; nothing was stored.</p>}
        {Boolean(run.error) && <ErrorNotice error={run.error} title="Evaluation failed; nothing was stored" />}
      </section>
      {result ? (
        <EvaluationView ev={result} />
      ) : (
        <section className="card models-card">
          <h2>Stored evaluations</h2>
          {evaluations.data?.length ? (
            <ul>
              {evaluations.data.map((e) => (
                <li key={e.id}>
                  <button className="link-button" onClick={() => setShownId(e.id)}>
                    {e.name}
                  </button>{' '}
                  <span className="muted small">
                    {e.task}, {e.versionIds.length} version(s), {new Date(e.createdAt).toLocaleString()}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title="No evaluations yet">
              Give a holdout file and each version’s predictions above, then press Evaluate.
            </EmptyState>
          )}
        </section>
      )}
    </div>
  )
}

interface RowProps {
  i: number
  row: Row
  task: 'classification' | 'regression'
  versions: { id: number; modelName: string; version: number }[]
  holdoutColumns: string[] | null
  skip: string[]
  sampleLabels: string[]
  set(patch: Partial<Row>): void
  remove: (() => void) | null
}

/** One version's predictions; for classifiers it finds `<prefix><class>` columns in the file and shows which it will use. */
function PredictionRow({ i, row: r, task, versions, holdoutColumns, skip, sampleLabels, set, remove }: RowProps) {
  const own = useChannel('models:previewFile', { path: r.path.trim() }, { enabled: isAbsolute(r.path), retry: false })
  const columns = r.path.trim() ? (own.data?.columns.map((c) => c.name) ?? null) : holdoutColumns
  const excluded = [...skip, r.column, r.scoreColumn].filter(Boolean)
  const suggestions =
    columns && task === 'classification' && !r.proba.trim() ? detectProbabilityPrefixes(columns, excluded, sampleLabels).slice(0, 3) : []
  const parsed = parseProbabilities(r.proba)
  let resolved: { cls: string; column: string; missing: boolean }[] = []
  if (parsed && columns) {
    resolved =
      'probabilityPrefix' in parsed
        ? columns
            .filter((c) => c.startsWith(parsed.probabilityPrefix) && c.length > parsed.probabilityPrefix.length && !excluded.includes(c))
            .map((c) => ({ cls: c.slice(parsed.probabilityPrefix.length), column: c, missing: false }))
        : Object.entries(parsed.probabilityColumns).map(([cls, column]) => ({ cls, column, missing: !columns.includes(column) }))
  }
  return (
    <tr>
      <td>
        <select value={r.versionId} onChange={(e) => set({ versionId: Number(e.target.value) })} aria-label={`Version ${i + 1}`}>
          <option value={0}>pick a version…</option>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.modelName} v{v.version}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input className="mono" value={r.path} onChange={(e) => set({ path: e.target.value })} aria-label={`Predictions file ${i + 1}`} />
        {own.error && r.path.trim() && <p className="field-error small">{(own.error as Error).message}</p>}
      </td>
      <td>
        <input value={r.column} onChange={(e) => set({ column: e.target.value })} aria-label={`Prediction column ${i + 1}`} />
      </td>
      {task === 'classification' && (
        <td>
          <input value={r.scoreColumn} onChange={(e) => set({ scoreColumn: e.target.value })} aria-label={`Score column ${i + 1}`} />
        </td>
      )}
      {task === 'classification' && (
        <td className="probability-columns">
          <input
            className="mono"
            size={16}
            value={r.proba}
            onChange={(e) => set({ proba: e.target.value })}
            aria-label={`Class probabilities ${i + 1}`}
            placeholder="proba_  or  cat=p_cat, dog=p_dog"
          />
          {!r.proba.trim() && suggestions.length > 0 && (
            <div className="small">
              <span className="muted">Found: </span>
              {suggestions.map((sg) => (
                <button
                  key={sg.prefix}
                  type="button"
                  className="link-button"
                  title={sg.classes.map((c) => sg.prefix + c).join(', ')}
                  onClick={() => set({ proba: sg.prefix })}
                >
                  use {sg.prefix}… ({sg.classes.length} classes: {sg.classes.slice(0, 4).join(', ')}
                  {sg.classes.length > 4 ? ', …' : ''})
                </button>
              ))}
            </div>
          )}
          {parsed &&
            columns &&
            (resolved.length === 0 ? (
              <p className="field-error small">
                {'probabilityPrefix' in parsed
                  ? `no column starts with “${parsed.probabilityPrefix}”`
                  : 'write class=column pairs separated by commas'}
              </p>
            ) : (
              <ul className="small muted probability-map" aria-label={`Resolved probability columns ${i + 1}`}>
                {resolved.map((m) => (
                  <li key={m.cls} className={m.missing ? 'field-error' : undefined}>
                    <span className="mono">{m.column}</span> → {m.cls}
                    {m.missing && ' (no such column)'}
                  </li>
                ))}
              </ul>
            ))}
        </td>
      )}
      <td className="remove-cell">
        {remove && (
          <button type="button" onClick={remove}>
            Remove
          </button>
        )}
      </td>
    </tr>
  )
}

/** What the less familiar metric keys mean (shown under the key). */
const METRIC_NOTES: Record<string, string> = {
  roc_auc: 'ROC AUC of the positive class',
  average_precision: 'PR AUC (average precision) of the positive class',
  roc_auc_ovr_macro: 'ROC AUC one-vs-rest, mean over classes',
  roc_auc_ovr_weighted: 'ROC AUC one-vs-rest, weighted by class prevalence',
  average_precision_ovr_macro: 'PR AUC (average precision) one-vs-rest, mean over classes',
  log_loss: 'cross-entropy of the true class’s probability'
}

function EvaluationView({ ev }: { ev: EvaluationResult }) {
  // every version's keys, in order of first appearance (a version with probabilities has more than one with labels only)
  const keys = [...new Set(ev.versions.flatMap((v) => v.metrics.map((m) => m.key)))]
  const topLabel = ev.labels.length > 2
  const calibration = useMemo(() => {
    if (!ev.versions.some((v) => v.calibration)) return null
    const opt = buildCalibrationOption(ev)
    return topLabel
      ? {
          ...opt,
          xAxis: { ...(opt.xAxis as object), name: 'mean confidence (highest class probability)' },
          yAxis: { ...(opt.yAxis as object), name: 'accuracy of the top label' }
        }
      : opt
  }, [ev, topLabel])
  const pct = Math.round(ev.confidence * 100)
  return (
    <>
      <section className="card models-card evaluation-result">
        <h2>{ev.name}</h2>
        <p className="muted small">
          {ev.rows.toLocaleString()} rows · {ev.task}
          {ev.positiveLabel !== null && <> · positive label “{ev.positiveLabel}”</>}
          {topLabel && <> · {ev.labels.length} classes</>} · {pct} % percentile bootstrap intervals from {ev.resamples.toLocaleString()}{' '}
          resamples (seed {ev.seed})
        </p>
        <table className="table compact">
          <thead>
            <tr>
              <th>Metric</th>
              {ev.versions.map((v) => (
                <th key={v.versionId} className="num">
                  {v.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => {
              const vals = ev.versions.map((v) => v.metrics.find((m) => m.key === k))
              const higher = vals.find((v) => v)?.higherIsBetter ?? true
              const nums = vals.map((v) => v?.value).filter((x): x is number => x !== null && x !== undefined)
              const best = nums.length > 1 ? (higher ? Math.max(...nums) : Math.min(...nums)) : null
              return (
                <tr key={k}>
                  <td className="mono">
                    {k} <span className="muted small">{higher ? '↑' : '↓'}</span>
                    {METRIC_NOTES[k] && <div className="muted small metric-note">{METRIC_NOTES[k]}</div>}
                  </td>
                  {vals.map((m, i) => (
                    <td key={i} className={`num ${m?.value === best ? 'best' : ''}`}>
                      {formatMetric(m?.value ?? null)}
                      {m?.value === best && ' ★'}
                      {m?.ci && (
                        <div className="muted small">
                          {pct} % CI [{formatMetric(m.ci[0])}, {formatMetric(m.ci[1])}]
                        </div>
                      )}
                    </td>
                  ))}
                </tr>
              )
            })}
          </tbody>
        </table>
        {(ev.notes?.length ?? 0) > 0 && (
          <ul className="muted small evaluation-notes">
            {ev.notes!.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        )}
        {ev.pairedTests.length > 0 && (
          <>
            <h3>Paired tests</h3>
            <table className="table compact">
              <thead>
                <tr>
                  <th>A</th>
                  <th>B</th>
                  <th>Test</th>
                  <th className="num">Statistic</th>
                  <th className="num">p-value</th>
                  <th>Detail</th>
                </tr>
              </thead>
              <tbody>
                {ev.pairedTests.map((p, i) => (
                  <tr key={i}>
                    <td>{ev.versions.find((v) => v.versionId === p.a)?.label}</td>
                    <td>{ev.versions.find((v) => v.versionId === p.b)?.label}</td>
                    <td>{p.method}</td>
                    <td className="num">{formatMetric(p.statistic)}</td>
                    <td className="num">
                      {p.pValue === null ? '—' : p.pValue < 1e-4 ? p.pValue.toExponential(2) : p.pValue.toFixed(4)}
                      {p.pValue !== null && p.pValue < 0.05 && ' (significant at 5 %)'}
                    </td>
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
              {ev.versions.map(
                (v) =>
                  v.confusion && (
                    <div key={v.versionId}>
                      <h3>{v.label}</h3>
                      <table className="table compact confusion">
                        <thead>
                          <tr>
                            <th>true \ predicted</th>
                            {ev.labels.map((l) => (
                              <th key={l} className="num">
                                {l}
                              </th>
                            ))}
                          </tr>
                        </thead>
                        <tbody>
                          {v.confusion.map((row, i) => (
                            <tr key={i}>
                              <th>{ev.labels[i]}</th>
                              {row.map((c, j) => (
                                <td key={j} className={`num ${i === j ? 'diag' : ''}`}>
                                  {c}
                                </td>
                              ))}
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  )
              )}
            </section>
          )}
          {calibration && (
            <section className="card models-card">
              <h2>Calibration curve{topLabel && ' (top-label)'}</h2>
              {topLabel && (
                <p className="muted small">
                  Per bin of the highest class probability (the model’s confidence): how often that class was the true one.
                </p>
              )}
              <Chart
                option={calibration}
                label={
                  topLabel
                    ? 'top-label calibration curve: mean confidence against accuracy of the most probable class per version'
                    : 'calibration curve: mean predicted probability against fraction of positives per version'
                }
                height={320}
              />
            </section>
          )}
        </div>
      )}
    </>
  )
}
