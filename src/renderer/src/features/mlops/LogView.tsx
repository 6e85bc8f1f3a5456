import { useEffect, useRef, useState } from 'react'
import { ErrorNotice } from '../../components/States'
import { formatBytes } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { ansiSpans } from './ansi'

/** A run's log, live while it runs: the last lines, or the lines matching a search; ANSI colours kept. */
export function LogView({ runId, live }: { runId: number; live: boolean }) {
  const [search, setSearch] = useState('')
  const log = useChannel('mlops:log', { id: runId, search, limit: 2000 }, { refetchInterval: live ? 1000 : false })
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (box.current && !search) box.current.scrollTop = box.current.scrollHeight
  }, [log.data, search])
  return (
    <section className="card">
      <div className="log-head">
        <h2>Log</h2>
        <input
          type="search"
          aria-label="Search the log"
          placeholder="Search the log"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        {log.data && (
          <span className="small muted">
            {log.data.totalLines.toLocaleString('en-US')} lines, {formatBytes(log.data.totalBytes)}
            {search ? `, ${log.data.lines.length} matching` : log.data.truncated ? `, last ${log.data.lines.length} shown` : ''}
          </span>
        )}
      </div>
      {log.error && <ErrorNotice error={log.error} />}
      <div className="log" ref={box} role="log" aria-live={live ? 'polite' : 'off'}>
        {log.data?.lines.length === 0 && (
          <div className="muted">{search ? 'No line matches.' : live ? 'Waiting for output…' : 'The run printed nothing.'}</div>
        )}
        {log.data?.lines.map((l) => (
          <div key={l.n} className={`log-line ${l.stream}`}>
            <span className="log-n">{l.n}</span>
            {ansiSpans(l.text).map((s, i) => (
              <span key={i} className={`${s.color ? `ansi-${s.color}` : ''}${s.bold ? ' ansi-bold' : ''}`}>
                {s.text}
              </span>
            ))}
          </div>
        ))}
      </div>
    </section>
  )
}
