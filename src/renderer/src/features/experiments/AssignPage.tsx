import { useState } from 'react'
import { ErrorNotice } from '../../components/States'
import { useChannel } from '../../lib/queries'

/** Try the assignment on ids, and how a service computes the same buckets locally (GrowthBook's algorithm). */
export function AssignPage({ id }: { id: number }) {
  const x = useChannel('experiments:get', { id })
  const [text, setText] = useState('user-1\nuser-2\nuser-3\nuser-4\nuser-5')
  const ids = [
    ...new Set(
      text
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter(Boolean)
    )
  ].slice(0, 10_000)
  const a = useChannel('experiments:assign', { id, ids }, { enabled: ids.length > 0 })
  if (!x.data) return null
  const e = x.data
  return (
    <div className="grid two">
      <section className="card">
        <h2>Assign units</h2>
        <label className="field">
          <span className="field-label">Unit ids ({e.hashAttribute}), one per line</span>
          <textarea rows={8} className="mono" value={text} onChange={(ev) => setText(ev.target.value)} aria-label="Unit ids" />
        </label>
        {a.error && <ErrorNotice error={a.error} />}
        {a.data && (
          <table className="table compact">
            <thead>
              <tr>
                <th>Unit</th>
                <th className="num">Hash</th>
                <th>Variation</th>
              </tr>
            </thead>
            <tbody>
              {a.data.assignments.map((r) => (
                <tr key={r.id}>
                  <td className="mono">{r.id}</td>
                  <td className="num mono">{r.hash === null ? '—' : r.hash.toFixed(4)}</td>
                  <td>{r.inExperiment ? e.variations[r.variation]?.name : <span className="muted">not in the experiment</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>Compute it in your service</h2>
        <p className="small">
          Buckets are GrowthBook’s, so any GrowthBook SDK with the same settings assigns every unit to the same variation. Settings: seed{' '}
          <code>{a.data?.seed ?? (e.seed || e.name)}</code>, hash version <code>{e.hashVersion}</code>, weights{' '}
          <code>{e.variations.map((v) => v.weight).join(', ')}</code>, coverage <code>{e.coverage}</code>, ranges{' '}
          <code>{a.data?.ranges.map((r) => `[${+r[0].toFixed(6)}, ${+r[1].toFixed(6)})`).join(' ')}</code>.
        </p>
        <pre className="code-block">{`// FNV-1a 32-bit over UTF-16 code units
function fnv(s) { let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) }
  return h >>> 0 }
// version 2: fnv(String(fnv(seed + id))) % 10000 / 10000
// version 1: fnv(id + seed) % 1000 / 1000
const n = ${e.hashVersion === 2 ? 'fnv(String(fnv(seed + id))) % 10000 / 10000' : 'fnv(id + seed) % 1000 / 1000'}
// the variation whose range holds n; none: not in the experiment
const variation = ranges.findIndex(([a, b]) => n >= a && n < b)`}</pre>
        <p className="muted small">
          Or call the channel: POST /api/rpc/experiments:assign with {'{ "id": ' + id + ', "ids": ["user-1", …] }'} (up to 10,000 ids).
        </p>
      </section>
    </div>
  )
}
