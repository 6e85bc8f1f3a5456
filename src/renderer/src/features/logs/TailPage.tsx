import { useEffect, useRef, useState } from 'react'
import type { LineHit } from '../../../../shared/contract/logs'
import { EmptyState, ErrorNotice } from '../../components/States'
import { call } from '../../lib/client'
import { LogLine } from './LogLine'

const KEEP = 2000
const POLL_MS = 1000

/** Live tail: new lines as they arrive, with pause, follow (stick to the newest) and a filter applied while tailing. */
export function TailPage() {
  const [draft, setDraft] = useState('')
  const [filter, setFilter] = useState('')
  const [paused, setPaused] = useState(false)
  const [follow, setFollow] = useState(true)
  const [lines, setLines] = useState<LineHit[]>([])
  const [error, setError] = useState<unknown>(null)
  const [rate, setRate] = useState(0)
  const lastId = useRef<number | null>(null)
  const box = useRef<HTMLDivElement>(null)

  // a new filter starts over: the last matching lines, then what arrives
  useEffect(() => {
    lastId.current = null
    setLines([])
  }, [filter])

  useEffect(() => {
    if (paused) return
    let stop = false
    let timer: ReturnType<typeof setTimeout>
    const tick = async (): Promise<void> => {
      try {
        const r = await call('logs:tail', { query: filter, mode: 'auto', afterId: lastId.current, limit: 500 })
        if (stop) return
        const fresh = lastId.current !== null
        lastId.current = r.lastId
        setError(null)
        if (fresh) setRate(r.lines.length / (POLL_MS / 1000))
        if (r.lines.length) setLines((prev) => [...prev, ...r.lines].slice(-KEEP))
      } catch (err) {
        if (!stop) setError(err)
      }
      if (!stop) timer = setTimeout(() => void tick(), POLL_MS)
    }
    void tick()
    return () => {
      stop = true
      clearTimeout(timer)
    }
  }, [paused, filter])

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight
  }, [lines, follow])

  return (
    <section className="card log-tail">
      <form
        className="log-query-row"
        onSubmit={(e) => {
          e.preventDefault()
          setFilter(draft.trim())
        }}
      >
        <input
          className="mono log-query-input"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder='Filter while tailing: {service="api"} |= "error", or words'
          aria-label="Tail filter"
        />
        <button type="submit">Apply filter</button>
      </form>
      <div className="toolbar">
        <button type="button" className={paused ? 'primary' : ''} onClick={() => setPaused(!paused)} aria-pressed={paused}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <label className="checkbox">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow newest
        </label>
        <span className="muted small" data-testid="tail-status">
          {paused ? 'paused' : `live · ${rate.toFixed(0)} lines/s`} · {lines.length.toLocaleString()} lines shown
          {filter ? ` · filter: ${filter}` : ''}
        </span>
        <button type="button" onClick={() => setLines([])}>
          Clear
        </button>
      </div>
      {error !== null && <ErrorNotice error={error} title="Tail stopped" />}
      <div
        className="log-tail-box"
        ref={box}
        onScroll={(e) => {
          const el = e.currentTarget
          const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 40
          if (!atBottom && follow) setFollow(false)
        }}
      >
        {lines.length === 0 ? (
          <EmptyState title={filter ? 'Nothing matches yet' : 'Waiting for lines'}>
            New lines appear here as sources deliver them: tail a file or push to this console (Sources).
          </EmptyState>
        ) : (
          lines.map((l) => <LogLine key={l.id} hit={l} />)
        )}
      </div>
    </section>
  )
}
