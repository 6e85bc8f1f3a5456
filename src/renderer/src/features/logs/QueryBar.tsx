import { useEffect, useState } from 'react'
import { SegmentedControl } from '../../components/SegmentedControl'
import { ErrorNotice } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { lineTime } from './LineRow'
import { RANGES, useLogsUi, type Mode, type RangeId } from './store'

/** The query bar: LogQL or words, how words match, the range, where it runs; saved queries. */
export function QueryBar() {
  const ui = useLogsUi()
  const [draft, setDraft] = useState(ui.query)
  const [saving, setSaving] = useState(false)
  const [name, setName] = useState('')
  useEffect(() => setDraft(ui.query), [ui.query])
  const sources = useChannel('logs:sources')
  const saved = useChannel('logs:saved')
  const save = useCommand('logs:saveQuery', ['logs:saved'])
  const lokis = (sources.data ?? []).filter((s) => s.kind === 'loki' && s.enabled)
  const run = (): void => ui.set({ query: draft.trim(), runAt: Date.now() })
  const rangeId = ui.range.kind === 'relative' ? ui.range.id : ('custom' as RangeId)
  return (
    <div className="card log-querybar">
      <form
        className="log-query-row"
        onSubmit={(e) => {
          e.preventDefault()
          run()
        }}
      >
        <input
          className="mono log-query-input"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder='{service="api"} |= "timeout" · sum by (level) (count_over_time({service=~".+"}[5m])) · or words: connection refused'
          aria-label="Query"
          spellCheck={false}
        />
        <button type="submit" className="primary">
          Run
        </button>
      </form>
      <div className="toolbar">
        <SegmentedControl
          label="Range"
          value={rangeId}
          options={RANGES.map((r) => ({ id: r.id, label: r.label }))}
          onChange={(id) => ui.set({ range: { kind: 'relative', id }, runAt: Date.now() })}
        />
        {ui.range.kind === 'absolute' && (
          <span className="tag" title="Pick a preset to go back to a range ending now">
            {lineTime(ui.range.from).slice(0, 16)} → {lineTime(ui.range.to).slice(0, 16)}
          </span>
        )}
        <label className="small">
          Words{' '}
          <select value={ui.mode} onChange={(e) => ui.set({ mode: e.target.value as Mode })} aria-label="How words match">
            <option value="auto">auto (words, or substring for other text)</option>
            <option value="terms">whole words, ranked</option>
            <option value="substring">substring</option>
          </select>
        </label>
        <label className="small">
          Order{' '}
          <select value={ui.order} onChange={(e) => ui.set({ order: e.target.value as 'relevance' | 'newest' })} aria-label="Order">
            <option value="relevance">relevance</option>
            <option value="newest">newest first</option>
          </select>
        </label>
        <label className="small">
          Logs in{' '}
          <select
            value={ui.sourceId ?? ''}
            onChange={(e) => ui.set({ sourceId: e.target.value ? Number(e.target.value) : null })}
            aria-label="Where the query runs"
          >
            <option value="">this workspace</option>
            {lokis.map((s) => (
              <option key={s.id} value={s.id}>
                Loki: {s.name}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <select
          aria-label="Saved queries"
          value=""
          onChange={(e) => {
            const q = saved.data?.find((s) => String(s.id) === e.target.value)
            if (q) ui.set({ query: q.query, range: nearestRange(q.rangeS), runAt: Date.now() })
          }}
        >
          <option value="">Saved queries…</option>
          {(saved.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        {saving ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault()
              const rangeS = ui.range.kind === 'relative' ? (RANGES.find((r) => r.id === rangeId)?.ms ?? 3_600_000) / 1000 : 3600
              save.mutate({ name, query: draft, rangeS: Math.round(rangeS) }, { onSuccess: () => setSaving(false) })
            }}
          >
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Name" aria-label="Saved query name" />
            <button type="submit" disabled={!name.trim() || !draft.trim()}>
              Save
            </button>
            <button type="button" onClick={() => setSaving(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <button type="button" onClick={() => setSaving(true)} disabled={!draft.trim()}>
            Save query
          </button>
        )}
      </div>
      {save.error && <ErrorNotice error={save.error} title="Not saved" />}
    </div>
  )
}

export function nearestRange(rangeS: number): { kind: 'relative'; id: RangeId } {
  const best = [...RANGES].sort((a, b) => Math.abs(a.ms / 1000 - rangeS) - Math.abs(b.ms / 1000 - rangeS))[0]!
  return { kind: 'relative', id: best.id }
}
