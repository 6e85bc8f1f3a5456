import { useMemo, useState } from 'react'
import { channels, CHANNEL_NAMES } from '../../../../shared/contract'
import type { AuditEntry } from '../../../../shared/contract/audit'
import { jsonDiff } from '../../../../shared/jsonDiff'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatMs, formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { EMPTY_FILTER, PAGE_SIZE, searchInput, type AuditFilterDraft } from './auditFilters'

/** Areas with command channels (what the log can hold), from the contract. */
const AREAS = [...new Set(CHANNEL_NAMES.filter((c) => channels[c].kind === 'command').map((c) => c.split(':')[0]!))].sort()

/** Settings → Audit log: every change with who, when and the outcome; before/after as a diff where it is kept. */
export function AuditLogPage() {
  const [draft, setDraft] = useState<AuditFilterDraft>(EMPTY_FILTER)
  const [page, setPage] = useState(0)
  const [open, setOpen] = useState<number | null>(null)
  const input = useMemo(() => searchInput(draft, page), [draft, page])
  const log = useChannel('audit:search', input, { placeholderData: (prev) => prev })
  const set = (patch: Partial<AuditFilterDraft>): void => {
    setDraft({ ...draft, ...patch })
    setPage(0)
  }
  const total = log.data?.total ?? 0
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const filtered = JSON.stringify(draft) !== JSON.stringify(EMPTY_FILTER)

  return (
    <div className="page">
      <PageHeader
        title="Audit log"
        subtitle={
          log.data
            ? `Every change: who, what, when and the outcome. Kept ${log.data.retentionDays} days, at most ${log.data.maxRows.toLocaleString()} entries.`
            : 'Every change: who, what, when and the outcome.'
        }
      />
      <form className="toolbar audit-filters" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input
            type="search"
            aria-label="Search the audit log"
            value={draft.text}
            placeholder="channel, object, input…"
            onChange={(e) => set({ text: e.target.value })}
          />
        </label>
        <label>
          Who
          <input aria-label="Filter by who" value={draft.user} placeholder="name" onChange={(e) => set({ user: e.target.value })} />
        </label>
        <label>
          Area
          <select aria-label="Filter by area" value={draft.channel} onChange={(e) => set({ channel: e.target.value })}>
            <option value="">every area</option>
            {AREAS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Outcome
          <select
            aria-label="Filter by outcome"
            value={draft.outcome}
            onChange={(e) => set({ outcome: e.target.value as AuditFilterDraft['outcome'] })}
          >
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="failed">failed</option>
            <option value="refused">refused</option>
          </select>
        </label>
        <label>
          From
          <input type="datetime-local" value={draft.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label>
          To
          <input type="datetime-local" value={draft.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
        {filtered && (
          <button type="button" onClick={() => set(EMPTY_FILTER)}>
            Clear filters
          </button>
        )}
      </form>
      {log.error && <ErrorNotice error={log.error} />}
      {log.isPending && <Loading what="the audit log" />}
      {log.data && log.data.entries.length === 0 && (
        <EmptyState title={filtered ? 'No entry matches these filters' : 'No changes recorded yet'}>
          {filtered ? 'Widen the time range or clear the filters.' : 'Changes made anywhere in the console (by anyone) appear here.'}
        </EmptyState>
      )}
      {log.data && log.data.entries.length > 0 && (
        <section className="card">
          <table className="table compact audit-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>What</th>
                <th>Object</th>
                <th>Outcome</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {log.data.entries.map((e) => (
                <AuditRow key={e.id} entry={e} open={open === e.id} toggle={() => setOpen(open === e.id ? null : e.id)} />
              ))}
            </tbody>
          </table>
          <div className="toolbar">
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
              Newer
            </button>
            <span className="muted">
              Page {page + 1} of {pages} · {total.toLocaleString()} entries
            </span>
            <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
              Older
            </button>
          </div>
        </section>
      )}
    </div>
  )
}

const OUTCOME_PILL = { ok: 'pass', failed: 'fail', refused: 'warn' } as const

function AuditRow({ entry: e, open, toggle }: { entry: AuditEntry; open: boolean; toggle: () => void }) {
  return (
    <>
      <tr data-testid="audit-row">
        <td>{formatTime(e.at)}</td>
        <td>
          {e.userName} <span className="muted">({e.role})</span>
        </td>
        <td className="mono">{e.channel}</td>
        <td>{e.object ?? '—'}</td>
        <td>
          <span className={`pill ${OUTCOME_PILL[e.outcome]}`}>{e.outcome}</span>
        </td>
        <td>
          <button type="button" className="link-button" aria-expanded={open} onClick={toggle}>
            {open ? 'Hide' : e.hasBeforeAfter ? 'Before/after' : 'Details'}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="audit-detail">
          <td colSpan={6}>
            <AuditDetail entry={e} />
          </td>
        </tr>
      )}
    </>
  )
}

function AuditDetail({ entry: e }: { entry: AuditEntry }) {
  const lines = useMemo(() => (e.hasBeforeAfter ? jsonDiff(e.before, e.after) : []), [e])
  return (
    <div className="audit-detail-body">
      <p className="muted">
        {e.transport} · took {formatMs(e.durationMs)}
        {e.userId !== null ? ` · user #${e.userId}` : ''}
        {e.error ? ` · ${e.error}` : ''}
      </p>
      {e.hasBeforeAfter ? (
        <section aria-label="Before and after">
          <h3>Before → after {e.before === null ? '(created)' : e.after === null ? '(deleted)' : ''}</h3>
          {lines.every((l) => l.op === ' ') ? (
            <p className="muted">No visible change.</p>
          ) : (
            <pre className="dash-json-diff audit-diff">
              {lines.map((l, i) => (
                <div key={i} className={l.op === '+' ? 'diff-add' : l.op === '-' ? 'diff-del' : ''}>
                  {l.op} {l.text}
                </div>
              ))}
            </pre>
          )}
        </section>
      ) : (
        <p className="muted">This kind of call keeps its input and result only (no before/after state).</p>
      )}
      <details>
        <summary>Input (secrets redacted)</summary>
        <pre className="mono">{JSON.stringify(e.input, null, 2)}</pre>
      </details>
      {e.result !== null && e.result !== undefined && (
        <details>
          <summary>Result</summary>
          <pre className="mono">{JSON.stringify(e.result, null, 2)}</pre>
        </details>
      )}
    </div>
  )
}
