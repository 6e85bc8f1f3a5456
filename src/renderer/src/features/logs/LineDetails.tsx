import type { LineHit } from '../../../../shared/contract/logs'
import { href } from '../../app/router'
import { ErrorNotice, Loading } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { LineJumps } from './LineJumps'
import { LineRow } from './LineRow'

/** Context lines around a line (its stream), its labels and metadata, and jumps to the service at that time. */
export function LineDetails({ hit }: { hit: LineHit }) {
  const ctx = useChannel('logs:context', { id: hit.id, before: 5, after: 5 })
  return (
    <div className="log-details">
      {ctx.isPending && <Loading what="context lines" />}
      {ctx.error && <ErrorNotice error={ctx.error} title="Could not load the context" />}
      {ctx.data && (
        <div className="log-context" aria-label="Context lines">
          {ctx.data.older.map((l) => (
            <div key={l.id} className="log-row dim">
              <LineRow hit={l} />
            </div>
          ))}
          <div className="log-row focus">
            <LineRow hit={{ ...ctx.data.line, marks: hit.marks }} />
          </div>
          {ctx.data.newer.map((l) => (
            <div key={l.id} className="log-row dim">
              <LineRow hit={l} />
            </div>
          ))}
        </div>
      )}
      <div className="log-meta">
        <dl className="facts">
          {Object.entries({ ...hit.labels, ...(hit.attrs ?? {}) }).map(([k, v]) => (
            <div key={k} className="fact-pair">
              <dt className="mono">{k}</dt>
              <dd className="mono">{v}</dd>
            </div>
          ))}
        </dl>
        {ctx.data && <LineJumps ts={hit.ts} serviceId={ctx.data.serviceId} service={hit.labels.service} />}
        <a
          className="small"
          href={href(`/logs/at/${hit.ts - 300_000}/${hit.ts + 300_000}/${encodeURIComponent(`{service="${hit.labels.service ?? ''}"}`)}`)}
        >
          All of {hit.labels.service ?? 'this service'} ±5 min
        </a>
      </div>
    </div>
  )
}
