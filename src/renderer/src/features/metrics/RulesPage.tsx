import { useState } from 'react'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { StatePill } from '../../components/StatePill'
import { EmptyState, ErrorNotice, PageHeader } from '../../components/States'
import { formatAgo } from '../../lib/format'
import { errorFor, fieldKeyFor } from '../../lib/fieldErrors'
import { useChannel, useCommand } from '../../lib/queries'
import { MetricsNav } from './MetricsNav'
import { useMetricsUi } from './store'

const PRESETS = [
  { name: 'CPU above 90 %', query: '100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])))', threshold: '90' },
  { name: 'Memory above 90 %', query: '100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)', threshold: '90' },
  { name: 'Disk above 85 %', query: '100 * (1 - node_filesystem_avail_bytes / node_filesystem_size_bytes)', threshold: '85' }
]

const RULE_FIELDS = ['name', 'query', 'threshold', 'forS', 'horizonS']

/** Alert rules on any query: a threshold held for a while, or a forecast crossing it within a horizon. */
export function RulesPage() {
  const { sourceId } = useMetricsUi()
  const rules = useChannel('metrics:rules')
  const save = useCommand('metrics:saveRule', ['metrics:rules'])
  const del = useCommand('metrics:deleteRule', ['metrics:rules'])
  const evaluate = useCommand('metrics:evaluateRules', ['metrics:rules'])
  const [name, setName] = useState('')
  const [query, setQuery] = useState('')
  const [kind, setKind] = useState<'threshold' | 'predictive'>('threshold')
  const [op, setOp] = useState<'>' | '<'>('>')
  const [threshold, setThreshold] = useState('')
  const [forS, setForS] = useState('60')
  const [horizonH, setHorizonH] = useState('24')
  const err = (f: string): string | undefined => errorFor(save.error, f, RULE_FIELDS)
  return (
    <div className="page">
      <PageHeader title="Metrics" subtitle="Rules: evaluated every 15 s on the chosen source; resource presets for CPU, memory and disk." />
      <MetricsNav current="rules" range={false} />
      <section className="card">
        <div className="card-head">
          <h2>Rules</h2>
          <button onClick={() => evaluate.mutate({})}>Evaluate now</button>
        </div>
        {rules.data?.length === 0 && (
          <EmptyState title="No rules yet">Add one below, or start from a CPU, memory or disk preset.</EmptyState>
        )}
        {!!rules.data?.length && (
          <table className="table">
            <thead>
              <tr>
                <th>Rule</th>
                <th>State</th>
                <th>Condition</th>
                <th>Last value</th>
                <th>Evaluated</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rules.data.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.name}
                    <div className="mono small muted">{r.query}</div>
                  </td>
                  <td>
                    <StatePill
                      state={r.state === 'firing' ? 'DOWN' : r.state === 'pending' ? 'DEGRADED' : r.state === 'error' ? 'PAUSED' : 'UP'}
                      title={r.state}
                    />{' '}
                    {r.state}
                  </td>
                  <td>
                    {r.kind === 'predictive'
                      ? `forecast ${r.op} ${r.threshold} within ${r.horizonS / 3600} h`
                      : `${r.op} ${r.threshold} for ${r.forS} s`}
                  </td>
                  <td>{r.lastMessage ?? '—'}</td>
                  <td>{formatAgo(r.lastEvalAt, Date.now())}</td>
                  <td>
                    <ConfirmButton className="danger" question={`Delete the rule “${r.name}”?`} onConfirm={() => del.mutate({ id: r.id })}>
                      Delete
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>New rule</h2>
        <div className="toolbar">
          {PRESETS.map((p) => (
            <button key={p.name} type="button" onClick={() => (setName(p.name), setQuery(p.query), setThreshold(p.threshold), setOp('>'))}>
              {p.name}
            </button>
          ))}
        </div>
        <form
          className="stacked-form"
          onSubmit={(e) => {
            e.preventDefault()
            save.mutate(
              {
                name,
                sourceId,
                query,
                kind,
                op,
                threshold: Number(threshold),
                forS: Number(forS) || 0,
                horizonS: Math.round((Number(horizonH) || 0) * 3600)
              },
              { onSuccess: () => (setName(''), setQuery('')) }
            )
          }}
        >
          <div className="form-row">
            <Field label="Name" error={err('name')}>
              <input aria-label="Rule name" value={name} onChange={(e) => setName(e.target.value)} />
            </Field>
            <Field label="Kind">
              <select value={kind} onChange={(e) => setKind(e.target.value as 'threshold' | 'predictive')}>
                <option value="threshold">Threshold</option>
                <option value="predictive">Predictive (forecast crosses)</option>
              </select>
            </Field>
          </div>
          <Field label="Query" error={err('query')}>
            <textarea aria-label="Rule query" className="mono" rows={2} value={query} onChange={(e) => setQuery(e.target.value)} />
          </Field>
          <div className="form-row">
            <Field label="Fires when the value is">
              <select value={op} onChange={(e) => setOp(e.target.value as '>' | '<')}>
                <option value=">">above</option>
                <option value="<">below</option>
              </select>
            </Field>
            <Field label="Threshold" error={err('threshold')}>
              <input aria-label="Rule threshold" value={threshold} onChange={(e) => setThreshold(e.target.value)} inputMode="decimal" />
            </Field>
            {kind === 'threshold' ? (
              <Field label="For (s)" error={err('forS')}>
                <input value={forS} onChange={(e) => setForS(e.target.value)} inputMode="numeric" />
              </Field>
            ) : (
              <Field label="Horizon (h)" error={err('horizonS')}>
                <input value={horizonH} onChange={(e) => setHorizonH(e.target.value)} inputMode="decimal" />
              </Field>
            )}
          </div>
          <div className="form-actions">
            <button type="submit" className="primary">
              Add rule
            </button>
          </div>
          {save.error && !fieldKeyFor(save.error, RULE_FIELDS) && <ErrorNotice error={save.error} />}
        </form>
      </section>
    </div>
  )
}
