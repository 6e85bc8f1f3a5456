import { useInfiniteQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import type { ChannelOutput } from '../../../../shared/contract'
import { Chart } from '../../components/Chart'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { call } from '../../lib/client'
import { formatBucket } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { LogLine } from './LogLine'
import { lineTime } from './LineRow'
import { buildHistogramOption, buildMetricOption } from './logsCharts'
import { resolveRange, useLogsUi } from './store'

type Result = ChannelOutput<'logs:search'>

/** The histogram (follows the query) and the results: pages of lines, or a metric query's series. */
export function SearchResults() {
  const ui = useLogsUi()
  const { from, to } = useMemo(() => resolveRange(ui.range, ui.runAt), [ui.range, ui.runAt])
  const base = { query: ui.query, mode: ui.mode, from, to, ...(ui.sourceId !== null ? { sourceId: ui.sourceId } : {}) }
  const pages = useInfiniteQuery({
    queryKey: ['logs:search', { ...base, order: ui.order }],
    queryFn: ({ pageParam }) => call('logs:search', { ...base, order: ui.order, limit: 100, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (last: Result) => (last.kind === 'lines' && last.next ? last.next : undefined),
    enabled: ui.query !== ''
  })
  const first = pages.data?.pages[0]
  const isMetric = first?.kind === 'matrix'
  const histogram = useChannel('logs:histogram', base, { enabled: ui.query !== '' && first !== undefined && !isMetric })
  if (ui.query === '') return <Examples />
  return (
    <>
      {histogram.data && <HistogramPanel h={histogram.data} />}
      {histogram.error && <ErrorNotice error={histogram.error} title="Could not count the matches" />}
      {pages.isPending && <Loading what="results" />}
      {pages.error && <ErrorNotice error={pages.error} title="The query failed" />}
      {first?.kind === 'matrix' && <MetricPanel r={first} query={ui.query} />}
      {first?.kind === 'lines' && (
        <section className="card">
          <div className="card-head">
            <h2>
              Lines{' '}
              <span className="muted small">
                {first.mode === 'logql'
                  ? 'LogQL'
                  : first.mode === 'terms'
                    ? ui.order === 'relevance'
                      ? 'words, ranked by relevance'
                      : 'words, newest first'
                    : 'substring'}
                {histogram.data
                  ? ` · ${histogram.data.approximate ? 'about ' : ''}${histogram.data.total.toLocaleString()} match in the range`
                  : ''}
              </span>
            </h2>
          </div>
          {pages.data!.pages.map((p, i) =>
            p.kind === 'lines' ? (
              <div key={i}>
                {p.lines.map((l, j) => (
                  <LogLine key={l.id > 0 ? l.id : `${i}-${j}`} hit={l} />
                ))}
                {p.note && <p className="notice">{p.note}</p>}
              </div>
            ) : null
          )}
          {first.lines.length === 0 && (
            <EmptyState title="No lines match">Widen the range, loosen a filter, or check the stream selector’s labels.</EmptyState>
          )}
          {pages.hasNextPage && (
            <button onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
              {pages.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
        </section>
      )}
    </>
  )
}

function HistogramPanel({ h }: { h: ChannelOutput<'logs:histogram'> }) {
  const set = useLogsUi((s) => s.set)
  const option = useMemo(() => buildHistogramOption(h), [h])
  const [zoom, setZoom] = useState<{ from: number; to: number } | null>(null)
  return (
    <section className="card">
      <div className="card-head">
        <h2>
          Matches over time{' '}
          <span className="muted small">
            ({formatBucket(h.bucketMs)} buckets{h.capped ? ', counted up to 2,000,000 lines' : ''}
            {h.approximate ? ', estimated from a sample of each bucket: many lines match' : ''})
          </span>
        </h2>
        {zoom && (
          <button onClick={() => set({ range: { kind: 'absolute', ...zoom }, runAt: Date.now() })}>
            Search {lineTime(zoom.from).slice(11, 16)}–{lineTime(zoom.to).slice(11, 16)}
          </button>
        )}
      </div>
      <Chart
        option={option}
        height={160}
        label="Matching lines per time bucket by level"
        onZoom={({ start, end }) => {
          const n = h.t.length
          if (n === 0 || (start <= 0 && end >= 100)) return setZoom(null)
          const a = Math.max(0, Math.floor((start / 100) * n))
          const b = Math.min(n - 1, Math.ceil((end / 100) * n) - 1)
          setZoom({ from: h.t[a]!, to: h.t[b]! + h.bucketMs })
        }}
      />
    </section>
  )
}

function MetricPanel({ r, query }: { r: Extract<Result, { kind: 'matrix' }>; query: string }) {
  const unit = /^\s*(sum[^(]*\(\s*)?rate\(/.test(query) ? 'lines/s' : 'lines'
  const option = useMemo(() => buildMetricOption(r, unit), [r, unit])
  return (
    <section className="card">
      <h2>
        {r.series.length} series <span className="muted small">step {formatBucket(r.stepMs)}</span>
      </h2>
      {r.note && <p className="notice">{r.note}</p>}
      {r.series.length === 0 ? (
        <EmptyState title="No data">No line matched in the range.</EmptyState>
      ) : (
        <>
          <Chart option={option} height={300} label="Metric query series" />
          <table className="table compact">
            <thead>
              <tr>
                <th>Series</th>
                <th className="num">Last value ({unit})</th>
                <th className="num">Max ({unit})</th>
              </tr>
            </thead>
            <tbody>
              {r.series.map((s, i) => {
                const vs = s.v.filter((x): x is number => x !== null)
                return (
                  <tr key={i}>
                    <td className="mono">{JSON.stringify(s.labels)}</td>
                    <td className="num">{(s.v[s.v.length - 1] ?? 0).toLocaleString()}</td>
                    <td className="num">{Math.max(0, ...vs).toLocaleString()}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}

const EXAMPLES = [
  ['{service="checkout-api"}', 'every line of one service'],
  ['{level=~"error|fatal"} |= "timeout"', 'errors that mention a timeout'],
  ['{service="api"} | json | status >= 500 | duration > 2s', 'JSON fields as labels, with numbers and durations'],
  ['sum by (level) (count_over_time({service=~".+"}[5m]))', 'lines per level, 5-minute windows'],
  ['connection refused', 'words anywhere, ranked by relevance'],
  ['/api/v1/orders', 'a substring (paths, ids, partial words)']
] as const

function Examples() {
  const set = useLogsUi((s) => s.set)
  return (
    <EmptyState title="Search your logs">
      Type LogQL or plain words above and press Run. Examples:
      <span className="log-examples">
        {EXAMPLES.map(([q, what]) => (
          <button key={q} type="button" className="link-button" onClick={() => set({ query: q, runAt: Date.now() })}>
            <code>{q}</code> — {what}
          </button>
        ))}
      </span>
    </EmptyState>
  )
}
