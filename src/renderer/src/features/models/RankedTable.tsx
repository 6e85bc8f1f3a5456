import { useMemo, useState, type ReactNode } from 'react'
import { href, navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { ReasonButton } from '../../components/ReasonButton'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { messageWithoutField } from '../../lib/fieldErrors'
import type { RankedRow } from '../../../../shared/contract'
import { AliasBadge, StageBadge } from './badges'
import { formatItems, formatMetric } from './modelCharts'
import { distinctLabels, keyMetric, rowKey, shortId, sortRows, topBy, type SortKey, type SortState } from './ranking'
import { ShowDeletedRuns } from './ShowDeletedRuns'

const itemOf = (r: RankedRow): { kind: 'version' | 'run'; id: number } => ({ kind: r.kind, id: r.id })
const compareRoute = (rows: RankedRow[]): string => `/models/compare/${formatItems(rows.map(itemOf))}`
const sameKey = (a: SortKey, b: SortKey): boolean =>
  a.kind === b.kind && (a.kind === 'metric' ? a.index === (b as { index: number }).index : a.key === (b as { key: string }).key)

/**
 * Versions of a model (or every run) with their latest metrics as sortable columns, an MLflow-style search
 * (`metrics.accuracy > 0.9`), "compare the top N by a metric" and a selection to compare.
 */
export function RankedTable({ kind, modelId }: { kind: 'version' | 'run'; modelId?: number }) {
  const [draft, setDraft] = useState('')
  const [search, setSearch] = useState('')
  const [showDeleted, setShowDeleted] = useState(false)
  const [sort, setSort] = useState<SortState>({ key: { kind: 'attr', key: kind === 'version' ? 'label' : 'startTime' }, desc: true })
  const [picked, setPicked] = useState<string[]>([])
  const [topMetric, setTopMetric] = useState<string | null>(null)
  const [topN, setTopN] = useState('3')
  const table = useChannel('models:table', {
    kind,
    search,
    includeDeleted: showDeleted,
    limit: 1000,
    ...(modelId ? { modelId } : {})
  })
  const data = table.data
  const rows = useMemo(() => (data ? sortRows(data.rows, sort) : []), [data, sort])
  const labels = useMemo(() => distinctLabels(rows), [rows])
  const metric = data ? (topMetric ?? keyMetric(data)) : null
  const n = Number(topN)
  const nValid = Number.isInteger(n) && n >= 2 && n <= 20
  const top = data && metric && nValid ? topBy(data, metric, n) : []
  const noun = kind === 'version' ? 'versions' : 'runs'
  const pickedRows = rows.filter((r) => picked.includes(rowKey(r)))
  const toggle = (key: string): void => setPicked((p) => (p.includes(key) ? p.filter((k) => k !== key) : [...p, key]))
  const header = (label: string, key: SortKey, className = '', title?: string): ReactNode => {
    const active = sameKey(sort.key, key)
    return (
      <th key={label} className={className} title={title} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
        <button type="button" className="sort-button" onClick={() => setSort({ key, desc: active ? !sort.desc : key.kind === 'metric' })}>
          {label}
          <span aria-hidden="true" className="sort-mark">
            {active ? (sort.desc ? ' ▼' : ' ▲') : ''}
          </span>
        </button>
      </th>
    )
  }
  const searchError = table.error ? messageWithoutField(table.error) : undefined

  return (
    <div className="ranked">
      <form
        className="ranked-search"
        onSubmit={(e) => {
          e.preventDefault()
          setSearch(draft.trim())
        }}
      >
        <Field
          label={`Search ${noun}`}
          className="grow"
          error={searchError}
          hint={
            <>
              e.g. <code>metrics.accuracy &gt; 0.9 and params.max_depth = 6</code>, <code>tags.team = "growth"</code>, or a name
            </>
          }
        >
          <input
            type="search"
            className="mono"
            value={draft}
            placeholder="metrics.accuracy > 0.9"
            onChange={(e) => {
              setDraft(e.target.value)
              if (e.target.value === '') setSearch('')
            }}
          />
        </Field>
        <button type="submit">Search</button>
        {kind === 'run' && <ShowDeletedRuns checked={showDeleted} onChange={setShowDeleted} />}
      </form>
      {table.isPending && <Loading what={noun} />}
      {table.error && !searchError && <ErrorNotice error={table.error} />}
      {data && (
        <>
          <div className="ranked-actions">
            <span className="muted small">
              {rows.length} of {data.total} {noun}
              {search ? ' match' : ''}
            </span>
            <button type="button" onClick={() => setPicked(rows.map(rowKey))} disabled={rows.length === 0}>
              Select all
            </button>
            <button type="button" onClick={() => setPicked([])} disabled={picked.length === 0}>
              Clear
            </button>
            <ReasonButton
              className="primary"
              disabledReason={
                pickedRows.length < 2 ? `Tick two or more ${noun} to compare` : pickedRows.length > 20 ? 'At most 20 at once' : null
              }
              onClick={() => navigate(compareRoute(pickedRows))}
            >
              Compare {pickedRows.length || ''} selected
            </ReasonButton>
            {data.metrics.length > 0 && (
              <span className="top-n">
                <label>
                  Compare the top{' '}
                  <input
                    type="number"
                    min={2}
                    max={20}
                    value={topN}
                    onChange={(e) => setTopN(e.target.value)}
                    aria-label="How many to compare"
                  />
                </label>
                <label>
                  by{' '}
                  <select value={metric ?? ''} onChange={(e) => setTopMetric(e.target.value)} aria-label="Rank by metric">
                    {data.metrics.map((m) => (
                      <option key={m.key} value={m.key}>
                        {m.key} {m.higherIsBetter ? '↑' : '↓'}
                      </option>
                    ))}
                  </select>
                </label>
                <ReasonButton
                  disabledReason={
                    !nValid ? 'Pick 2 to 20' : top.length < 2 ? `Fewer than two ${noun} have ${metric ?? 'that metric'}` : null
                  }
                  onClick={() => navigate(compareRoute(top))}
                >
                  Compare top {nValid ? Math.min(n, top.length || n) : ''}
                </ReasonButton>
              </span>
            )}
          </div>
          {rows.length === 0 ? (
            <EmptyState title={search ? `No ${noun} match` : `No ${noun} yet`}>
              {search
                ? `Nothing matches “${search}”. Loosen the search, or clear it to see every one.`
                : kind === 'run'
                  ? 'Import an mlruns folder, an mlflow.db or a metric table to list runs here.'
                  : 'Register a version, or import the model’s MLflow registry.'}
            </EmptyState>
          ) : (
            <div className="table-scroll scrolls" title="Scroll sideways for more metric columns">
              <table className="table compact ranked-table">
                <thead>
                  <tr>
                    <th aria-label="Select" />
                    {header(kind === 'version' ? 'Version' : 'Run', { kind: 'attr', key: 'label' })}
                    {kind === 'version' && header('Stage', { kind: 'attr', key: 'stage' })}
                    <th>{kind === 'version' ? 'Run' : 'Experiment'}</th>
                    {header(kind === 'version' ? 'Created' : 'Started', {
                      kind: 'attr',
                      key: kind === 'version' ? 'createdAt' : 'startTime'
                    })}
                    {data.metrics.map((m, i) =>
                      header(
                        `${m.key} ${m.higherIsBetter ? '↑' : '↓'}`,
                        { kind: 'metric', index: i },
                        'num',
                        `${m.key}: ${m.higherIsBetter ? 'higher' : 'lower'} is better`
                      )
                    )}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => {
                    const key = rowKey(r)
                    const l = labels.get(key)!
                    const when = r.kind === 'version' ? r.createdAt : r.startTime
                    return (
                      <tr key={key} className={picked.includes(key) ? 'selected' : ''}>
                        <td>
                          <input
                            type="checkbox"
                            checked={picked.includes(key)}
                            onChange={() => toggle(key)}
                            aria-label={`Select ${r.label}${l.detail ? ` (${l.detail})` : ''}`}
                          />
                        </td>
                        <td className="nowrap">
                          {r.kind === 'version' ? (
                            <a href={href(`/models/version/${r.id}`)}>{modelId ? `v${r.version}` : r.label}</a>
                          ) : (
                            <span>{r.label}</span>
                          )}
                          {r.deleted && <span className="badge">deleted</span>}
                          {l.detail && <div className="mono small muted">{l.detail}</div>}
                          {r.kind === 'version' && r.description && (
                            <div className="muted small ellipsis" title={r.description}>
                              {r.description}
                            </div>
                          )}
                        </td>
                        {r.kind === 'version' && (
                          <td className="nowrap">
                            <StageBadge stage={r.stage ?? 'None'} />{' '}
                            {r.aliases.map((a) => (
                              <AliasBadge key={a} alias={a} />
                            ))}
                          </td>
                        )}
                        <td className="nowrap">
                          {r.kind === 'version' ? (r.runName ?? <span className="muted">—</span>) : r.experiment}
                          {r.kind === 'version' && r.runUuid && <span className="mono small muted"> {shortId(r.runUuid)}</span>}
                        </td>
                        <td className="nowrap">{when === null ? <span className="muted">—</span> : formatTime(when)}</td>
                        {r.values.map((v, i) => (
                          <td key={i} className="num">
                            {v === null ? <span className="muted">—</span> : formatMetric(v)}
                          </td>
                        ))}
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  )
}
