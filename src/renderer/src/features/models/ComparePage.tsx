import { useMemo, useState, type ReactNode } from 'react'
import { href, navigate } from '../../app/router'
import { Chart } from '../../components/Chart'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { downloadText } from '../../lib/download'
import { useChannel, useCommand } from '../../lib/queries'
import type { Comparison, RankedRow, RankedTable } from '../../../../shared/contract'
import { Field } from '../../components/Field'
import { LongValue } from '../../components/LongValue'
import { isSystemTag } from '../../lib/longValue'
import { messageWithoutField } from '../../lib/fieldErrors'
import { distinctLabels, keyMetric, rowKey } from './ranking'
import { ModelsNav } from './ModelsNav'
import { StageBadge } from './badges'
import { ShowDeletedRuns } from './ShowDeletedRuns'
import { buildHistoryOption, buildParallelOption, comparisonCsv, formatItems, formatMetric, parseItems } from './modelCharts'

type Item = { kind: 'version' | 'run'; id: number }

/** The compare picker: versions and runs with each one's key metric, select all / clear, and runs that share a name told apart. */
function Picker({ items }: { items: Item[] }) {
  const [search, setSearch] = useState('')
  const [showDeleted, setShowDeleted] = useState(false)
  const [metricChoice, setMetricChoice] = useState<string | null>(null)
  const query = { search, limit: 200, includeDeleted: showDeleted }
  const versions = useChannel('models:table', { kind: 'version', ...query })
  const runs = useChannel('models:table', { kind: 'run', ...query })
  const metricKeys = [...new Set([...(versions.data?.metrics ?? []), ...(runs.data?.metrics ?? [])].map((m) => m.key))].sort()
  const metric =
    metricChoice && metricKeys.includes(metricChoice)
      ? metricChoice
      : (keyMetric({ metrics: metricKeys.map((key) => ({ key, higherIsBetter: true })), rows: [], total: 0 }) ?? null)
  const go = (next: Item[]): void => navigate(`/models/compare/${formatItems(next.slice(0, 20))}`)
  const has = (r: RankedRow): boolean => items.some((i) => i.kind === r.kind && i.id === r.id)
  const toggle = (r: RankedRow): void =>
    go(has(r) ? items.filter((i) => !(i.kind === r.kind && i.id === r.id)) : [...items, { kind: r.kind, id: r.id }])
  const error = versions.error ?? runs.error
  return (
    <section className="card models-card compare-picker">
      <h2>Pick 2 to 20 versions or runs</h2>
      <div className="picker-toolbar">
        <Field label="Filter" error={error ? messageWithoutField(error) : undefined} className="grow">
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="A name, or metrics.accuracy > 0.9"
            aria-label="Filter versions and runs"
          />
        </Field>
        {metricKeys.length > 0 && (
          <Field label="Key metric">
            <select value={metric ?? ''} onChange={(e) => setMetricChoice(e.target.value)}>
              {metricKeys.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </Field>
        )}
        <ShowDeletedRuns checked={showDeleted} onChange={setShowDeleted} />
      </div>
      <div className="picker-lists">
        <PickerList
          title="Versions"
          table={versions.data}
          metric={metric}
          has={has}
          toggle={toggle}
          items={items}
          go={go}
          empty="No versions. Import a registry first."
        />
        <PickerList title="Runs" table={runs.data} metric={metric} has={has} toggle={toggle} items={items} go={go} empty="No runs match." />
      </div>
    </section>
  )
}

function PickerList({
  title,
  table,
  metric,
  has,
  toggle,
  items,
  go,
  empty
}: {
  title: string
  table: RankedTable | undefined
  metric: string | null
  has: (r: RankedRow) => boolean
  toggle: (r: RankedRow) => void
  items: Item[]
  go: (next: Item[]) => void
  empty: string
}) {
  const rows = table?.rows ?? []
  const labels = distinctLabels(rows)
  const col = table && metric ? table.metrics.findIndex((m) => m.key === metric) : -1
  const mine = (i: Item): boolean => rows.some((r) => r.kind === i.kind && r.id === i.id)
  return (
    <fieldset>
      <legend>
        {title}{' '}
        <button
          type="button"
          className="link-button"
          disabled={rows.length === 0}
          onClick={() => go([...items, ...rows.filter((r) => !has(r)).map((r) => ({ kind: r.kind, id: r.id }))])}
        >
          select all
        </button>{' '}
        <button type="button" className="link-button" disabled={!items.some(mine)} onClick={() => go(items.filter((i) => !mine(i)))}>
          clear
        </button>
      </legend>
      {rows.map((r) => {
        const l = labels.get(rowKey(r))!
        const v = col >= 0 ? r.values[col] : null
        return (
          <label key={rowKey(r)} className="checkbox picker-item">
            <input type="checkbox" checked={has(r)} onChange={() => toggle(r)} />
            <span className="picker-name">
              {r.label} {r.stage && <StageBadge stage={r.stage} />}
              {r.deleted && <span className="badge">deleted</span>}
              {(l.detail || r.kind === 'run') && <span className="muted small mono"> {l.detail || `${r.experiment} · ${r.status}`}</span>}
            </span>
            {metric && (
              <span className="picker-metric num" title={metric}>
                {v === null || v === undefined ? <span className="muted">—</span> : formatMetric(v)}
              </span>
            )}
          </label>
        )
      })}
      {table && rows.length === 0 && <p className="muted small">{empty}</p>}
    </fieldset>
  )
}

export function ComparePage({ items: raw }: { items: string | undefined }) {
  const items = parseItems(raw)
  const [baseline, setBaseline] = useState(0)
  const [diffOnly, setDiffOnly] = useState(true)
  const ready = items.length >= 2
  const cmp = useChannel('models:compare', { items, baseline: Math.min(baseline, Math.max(0, items.length - 1)) }, { enabled: ready })
  return (
    <div className="page">
      <PageHeader
        title="Models"
        subtitle="Compare versions and runs: metrics with deltas against a baseline, params, histories."
        actions={
          cmp.data && (
            <>
              <button onClick={() => downloadText('comparison.csv', comparisonCsv(cmp.data))}>Export CSV</button>
              <a className="button-link" href={href(`/models/report/${formatItems(items)}`)}>
                Printable report (PDF)
              </a>
            </>
          )
        }
      />
      <ModelsNav active="compare" />
      <Picker items={items} />
      {!ready && <EmptyState title="Pick at least two">Tick two or more versions or runs above; the comparison appears here.</EmptyState>}
      {ready && cmp.isPending && <Loading what="comparison" />}
      {cmp.error && <ErrorNotice error={cmp.error} />}
      {ready && cmp.data && (
        <CompareBody cmp={cmp.data} baseline={baseline} setBaseline={setBaseline} diffOnly={diffOnly} setDiffOnly={setDiffOnly} />
      )}
    </div>
  )
}

function CompareBody({
  cmp,
  baseline,
  setBaseline,
  diffOnly,
  setDiffOnly,
  print
}: {
  cmp: Comparison
  baseline: number
  setBaseline?: (b: number) => void
  diffOnly: boolean
  setDiffOnly?: (d: boolean) => void
  print?: boolean
}) {
  const historyKeys = cmp.history.filter((h) => h.series.some((s) => s && s.n > 1)).map((h) => h.key)
  const [historyKey, setHistoryKey] = useState<string | null>(null)
  const hk = historyKey ?? historyKeys[0] ?? cmp.history[0]?.key ?? null
  const [pcMetric, setPcMetric] = useState<string | null>(null)
  const pm = pcMetric ?? cmp.metrics[0]?.key ?? null
  const historyOption = useMemo(() => (hk ? buildHistoryOption(cmp, hk) : null), [cmp, hk])
  const parallelOption = useMemo(() => (pm ? buildParallelOption(cmp, pm) : null), [cmp, pm])
  const setDirection = useCommand('models:setMetricDirection', ['models:compare'])
  const [showSystem, setShowSystem] = useState(false)
  const hiddenTags = showSystem ? 0 : cmp.tags.filter((t) => isSystemTag(t.key)).length
  return (
    <>
      <section className="card models-card">
        <div className="card-head">
          <h2>Metrics</h2>
          {setBaseline && (
            <label>
              Baseline{' '}
              <select value={baseline} onChange={(e) => setBaseline(Number(e.target.value))} aria-label="Baseline">
                {cmp.items.map((it, i) => (
                  <option key={i} value={i}>
                    {it.label}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {cmp.metrics.length === 0 ? (
          <p className="muted">None of these has metrics. Import their runs, or evaluate the versions on a holdout.</p>
        ) : (
          <div className="table-scroll">
            <table className="table compact compare-table">
              <thead>
                <tr>
                  <th>Metric</th>
                  <th>Better</th>
                  {cmp.items.map((it, i) => (
                    <th key={i} className="num">
                      {it.label}
                      {i === cmp.baseline && <div className="muted small">baseline</div>}
                      {it.stage && (
                        <div>
                          <StageBadge stage={it.stage} />
                        </div>
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {cmp.metrics.map((m) => (
                  <tr key={m.key}>
                    <td className="mono">
                      {m.key}
                      {cmp.evaluation && m.source === 'evaluation' && <div className="muted small">{cmp.evaluation.name}</div>}
                    </td>
                    <td>
                      {print ? (
                        m.higherIsBetter ? (
                          'higher'
                        ) : (
                          'lower'
                        )
                      ) : (
                        <select
                          value={m.higherIsBetter ? 'higher' : 'lower'}
                          aria-label={`Which way is better for ${m.key}`}
                          onChange={(e) =>
                            setDirection.mutate({ key: m.key.replace(/^eval:/, ''), higherIsBetter: e.target.value === 'higher' })
                          }
                          title={m.directionSource === 'user' ? 'set by you' : 'guessed from the name'}
                        >
                          <option value="higher">higher ↑</option>
                          <option value="lower">lower ↓</option>
                        </select>
                      )}
                    </td>
                    {m.values.map((v, i) => (
                      <td key={i} className={`num ${m.best[i] ? 'best' : ''}`}>
                        {formatMetric(v)}
                        {m.best[i] && (
                          <span className="best-mark" title={m.bestTied ? 'tied for best' : 'best'}>
                            {' '}
                            ★{m.bestTied ? ' tie' : ''}
                          </span>
                        )}
                        {m.ci?.[i] && (
                          <div className="muted small">
                            [{formatMetric(m.ci[i]![0])}, {formatMetric(m.ci[i]![1])}]
                          </div>
                        )}
                        {i !== cmp.baseline && m.deltas[i] !== null && (
                          <div className={`small ${deltaClass(m.deltas[i]!, m.higherIsBetter)}`}>
                            Δ {m.deltas[i]! > 0 ? '+' : ''}
                            {formatMetric(m.deltas[i])}
                          </div>
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card models-card">
        <div className="card-head">
          <h2>Params and tags</h2>
          {setDiffOnly && (
            <label className="checkbox">
              <input type="checkbox" checked={diffOnly} onChange={(e) => setDiffOnly(e.target.checked)} /> Show differences only
            </label>
          )}
        </div>
        <KvTable title="Params" rows={cmp.params} items={cmp.items} diffOnly={diffOnly} />
        <KvTable
          title="Tags"
          rows={showSystem ? cmp.tags : cmp.tags.filter((t) => !isSystemTag(t.key))}
          items={cmp.items}
          diffOnly={diffOnly}
          note={
            hiddenTags > 0 || showSystem ? (
              print ? (
                <span className="muted small">{hiddenTags} MLflow system tag(s) left out</span>
              ) : (
                <label className="checkbox small">
                  <input type="checkbox" checked={showSystem} onChange={(e) => setShowSystem(e.target.checked)} /> Show MLflow system tags
                  (mlflow.*, {cmp.tags.filter((t) => isSystemTag(t.key)).length})
                </label>
              )
            ) : null
          }
        />
      </section>
      <div className={print ? '' : 'grid two'}>
        <section className="card models-card">
          <div className="card-head">
            <h2>Metric history</h2>
            {!print && hk && (
              <select value={hk} onChange={(e) => setHistoryKey(e.target.value)} aria-label="History metric">
                {cmp.history.map((h) => (
                  <option key={h.key}>{h.key}</option>
                ))}
              </select>
            )}
          </div>
          {historyOption ? (
            <Chart option={historyOption} label={`${hk} by step for each compared item`} height={300} />
          ) : (
            <p className="muted">No metric histories.</p>
          )}
          {hk && !historyKeys.includes(hk) && (
            <p className="muted small">{hk} was logged once per item: the chart shows each one's value, there is no history.</p>
          )}
        </section>
        <section className="card models-card">
          <div className="card-head">
            <h2>Params against a metric</h2>
            {!print && pm && (
              <select value={pm} onChange={(e) => setPcMetric(e.target.value)} aria-label="Parallel coordinates metric">
                {cmp.metrics.map((m) => (
                  <option key={m.key}>{m.key}</option>
                ))}
              </select>
            )}
          </div>
          {parallelOption && cmp.params.some((p) => p.differs) ? (
            <Chart option={parallelOption} label={`parallel coordinates of params against ${pm}`} height={300} />
          ) : (
            <p className="muted">No param differs between these items, so there is nothing to plot against {pm ?? 'a metric'}.</p>
          )}
        </section>
      </div>
    </>
  )
}

const deltaClass = (d: number, higher: boolean): string => (d === 0 ? 'muted' : d > 0 === higher ? 'ok-text delta-better' : 'delta-worse')

function KvTable({
  title,
  rows,
  items,
  diffOnly,
  note
}: {
  title: string
  rows: Comparison['params']
  items: Comparison['items']
  diffOnly: boolean
  note?: ReactNode
}) {
  const shown = diffOnly ? rows.filter((r) => r.differs) : rows
  return (
    <>
      <h3>
        {title}{' '}
        <span className="muted small">
          ({shown.length} of {rows.length}
          {diffOnly ? ', differences only' : ''})
        </span>
      </h3>
      {note}
      {shown.length === 0 ? (
        <p className="muted small">{rows.length ? 'All the same across these items.' : `No ${title.toLowerCase()}.`}</p>
      ) : (
        <div className="table-scroll">
          <table className="table compact compare-table">
            <thead>
              <tr>
                <th>Key</th>
                {items.map((it, i) => (
                  <th key={i}>{it.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.key} className={r.differs ? 'differs' : ''}>
                  <td className="mono">{r.key}</td>
                  {r.values.map((v, i) => (
                    <td key={i} className="mono small wrap">
                      {v === null ? <span className="muted">—</span> : <LongValue value={v} />}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}

/** Print-styled report of a comparison: print it (Ctrl+P / Save as PDF), or Electron's printToPDF. */
export function ReportPage({ items: raw }: { items: string | undefined }) {
  const items = parseItems(raw)
  const cmp = useChannel('models:compare', { items, baseline: 0 }, { enabled: items.length >= 2 })
  return (
    <div className="page models-report">
      <div className="no-print toolbar">
        <a href={href(`/models/compare/${formatItems(items)}`)}>← Back to Compare</a>
        <button className="primary" onClick={() => window.print()}>
          Print / save as PDF
        </button>
      </div>
      <header className="report-head">
        <h1>Model comparison report</h1>
        <p className="muted">
          Generated {new Date().toLocaleString()} · {items.length} items · baseline: {cmp.data?.items[0]?.label ?? '—'}
        </p>
      </header>
      {items.length < 2 && (
        <EmptyState title="Nothing to report">Open the report from Compare after picking at least two items.</EmptyState>
      )}
      {cmp.error && <ErrorNotice error={cmp.error} />}
      {cmp.data && <CompareBody cmp={cmp.data} baseline={0} diffOnly print />}
    </div>
  )
}
