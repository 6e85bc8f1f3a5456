import { useState } from 'react'
import { RECOMMENDATION_STATES } from '../../../../shared/contract/metrics'
import { href } from '../../app/router'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice, PageHeader } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { MetricsNav } from './MetricsNav'
import { TimeBreakdown } from './TimeBreakdown'
import { useMetricsUi } from './store'

const KIND_LABELS = {
  'over-provisioned': 'Over-provisioned',
  'under-provisioned': 'Under-provisioned',
  'slow-endpoint': 'Slow endpoint',
  'deploy-regression': 'Slower after a deploy'
} as const

const money = (v: number | null, currency: string | null): string =>
  v === null ? '—' : `${v < 0 ? '−' : ''}${Math.abs(v).toFixed(2)} ${currency ?? ''} / month`.replace('  ', ' ')

/** Tuning and resource advice with estimated savings; accept, dismiss or snooze, and accepted advice tracked. */
export function AdvicePage() {
  const ui = useMetricsUi()
  const [state, setState] = useState<(typeof RECOMMENDATION_STATES)[number]>('open')
  const [price, setPrice] = useState('0.04')
  const recs = useChannel('metrics:recommendations', { state })
  const analyze = useCommand('metrics:analyze', ['metrics:recommendations'])
  const decide = useCommand('metrics:decide', ['metrics:recommendations'])
  return (
    <div className="page">
      <PageHeader
        title="Metrics"
        subtitle="Advice: CPU use at p95 against requests, slowest endpoints, and services slower after a deploy."
      />
      <MetricsNav current="advice" range={false} />
      <section className="card">
        <form
          className="stacked-form"
          onSubmit={(e) => {
            e.preventDefault()
            analyze.mutate({ sourceId: ui.sourceId, windowS: 86_400, coreHourPrice: Number(price) || 0 })
          }}
        >
          <div className="form-row">
            <Field
              label="Price of one CPU core-hour (USD)"
              hint="used when the bills imported in Costs have no vCPU or instance hours for the service; 0.04 is a typical on-demand price"
            >
              <input aria-label="Core-hour price" value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" />
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={analyze.isPending}>
              {analyze.isPending ? 'Analysing the last 24 h…' : 'Analyse the last 24 h'}
            </button>
          </div>
          {analyze.error && <ErrorNotice error={analyze.error} />}
        </form>
      </section>
      <section className="card">
        <div className="toolbar" role="tablist">
          {RECOMMENDATION_STATES.map((s) => (
            <button
              key={s}
              role="tab"
              aria-selected={s === state}
              className={s === state ? 'primary' : undefined}
              onClick={() => setState(s)}
            >
              {s}
            </button>
          ))}
        </div>
        {recs.data?.length === 0 && (
          <EmptyState title={`No ${state} recommendations`}>
            {state === 'open'
              ? 'Run an analysis above; it needs process_cpu_seconds_total and kube_pod_container_resource_requests, or latency histograms.'
              : ''}
          </EmptyState>
        )}
        {!!recs.data?.length && (
          <table className="table">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Subject</th>
                <th>Finding</th>
                <th className="num">Estimated saving</th>
                <th>Evidence</th>
                <th>{state === 'accepted' ? 'Measured since' : ''}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {recs.data.map((r) => (
                <tr key={r.id}>
                  <td>{KIND_LABELS[r.kind]}</td>
                  <td>{r.subject}</td>
                  <td>
                    {r.detail}
                    {r.breakdown && <TimeBreakdown breakdown={r.breakdown} />}
                    {r.savingBasis && <div className="muted small">Saving priced at: {r.savingBasis}</div>}
                  </td>
                  <td className="num">{money(r.savingPerMonth, r.savingCurrency)}</td>
                  <td>
                    <a href={href('/metrics/explore')} onClick={() => ui.set({ query: r.evidenceQuery, hours: 24 })}>
                      query
                    </a>
                  </td>
                  <td>
                    {state === 'accepted'
                      ? r.measured === null
                        ? 'not yet measured'
                        : `p95 ${r.measured.toFixed(3)} (was ${r.baseline})`
                      : ''}
                  </td>
                  <td className="actions">
                    {r.state !== 'accepted' && <button onClick={() => decide.mutate({ id: r.id, decision: 'accepted' })}>Accept</button>}
                    {r.state !== 'dismissed' && <button onClick={() => decide.mutate({ id: r.id, decision: 'dismissed' })}>Dismiss</button>}
                    {r.state === 'open' && (
                      <button onClick={() => decide.mutate({ id: r.id, decision: 'snoozed', snoozeDays: 7 })}>Snooze 7 days</button>
                    )}
                    {r.state !== 'open' && <button onClick={() => decide.mutate({ id: r.id, decision: 'open' })}>Reopen</button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}
