import { useState } from 'react'
import type { ChannelOutput } from '../../../../shared/contract'
import { StatePill } from '../../components/StatePill'
import { formatMs, formatTime } from '../../lib/format'

type Result = ChannelOutput<'health:results'>[number]

/** One raw result; the response snippet opens under it. */
export function ResultRow({ result: r }: { result: Result }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <tr>
        <td>{formatTime(r.ts)}</td>
        <td>
          <StatePill
            state={r.maintenance ? 'MAINTENANCE' : r.status}
            title={r.maintenance ? `${r.status} during maintenance` : undefined}
          />
        </td>
        <td className="num">{formatMs(r.latencyMs)}</td>
        <td className="num">{r.statusCode ?? '—'}</td>
        <td className="wrap">
          {r.errorKind && <span className="tag">{r.errorKind}</span>} {r.error ?? ''}
        </td>
        <td>
          {r.snippet && (
            <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
              {open ? 'Hide response' : 'Response'}
            </button>
          )}
        </td>
      </tr>
      {open && r.snippet && (
        <tr className="snippet-row">
          <td colSpan={6}>
            <pre className="snippet">{r.snippet}</pre>
          </td>
        </tr>
      )}
    </>
  )
}
