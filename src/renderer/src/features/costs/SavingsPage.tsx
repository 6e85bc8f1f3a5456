import { useMemo, useState } from 'react'
import { Chart } from '../../components/Chart'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { buildSavingsOption } from './charts'
import { formatMoney } from './format'
import { COSTS_DATA } from './store'

const KIND_LABEL = { 'idle-resource': 'Idle resource', 'fast-growth': 'Fast growth', untagged: 'Untagged spend' } as const

export function SavingsPage() {
  const recs = useChannel('costs:recommendations')
  const goal = useChannel('costs:savingsGoal')
  const settings = useChannel('costs:settings')
  const summary = useChannel('costs:summary')
  const setGoal = useCommand('costs:setSavingsGoal', COSTS_DATA)
  const currency = settings.data?.currency ?? 'USD'
  const [baseline, setBaseline] = useState('')
  const [pct, setPct] = useState('20')
  const option = useMemo(
    () => (goal.data && goal.data.months.length ? buildSavingsOption(goal.data, currency) : null),
    [goal.data, currency]
  )
  const total = recs.data?.reduce((s, r) => s + r.estimatedMonthlySavings, 0) ?? 0
  return (
    <>
      <section className="card">
        <div className="card-head">
          <h2>Recommendations</h2>
          {total > 0 && <span className="muted">up to {formatMoney(total, currency)} a month in estimated savings</span>}
        </div>
        {recs.isPending && <Loading what="recommendations" />}
        {recs.error && <ErrorNotice error={recs.error} />}
        {recs.data && recs.data.length === 0 && (
          <EmptyState title="Nothing to recommend">
            {summary.data?.hasData
              ? 'No idle resources, fast-growing services or untagged spend in the last 30 days of data.'
              : 'Import cost data first: recommendations come from the last 30 days of bills.'}
          </EmptyState>
        )}
        {recs.data && recs.data.length > 0 && (
          <table className="table recommendations">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Recommendation</th>
                <th className="num">Monthly cost</th>
                <th className="num">Est. monthly savings</th>
              </tr>
            </thead>
            <tbody>
              {recs.data.map((r, i) => (
                <tr key={`${r.kind}-${r.target}-${i}`}>
                  <td>
                    <span className="tag">{KIND_LABEL[r.kind]}</span>
                  </td>
                  <td>
                    <strong>{r.title}</strong>
                    <div className="muted small wrap">{r.detail}</div>
                  </td>
                  <td className="num">{formatMoney(r.monthlyCost, currency)}</td>
                  <td className="num">
                    {r.estimatedMonthlySavings > 0 ? formatMoney(r.estimatedMonthlySavings, currency) : 'not estimated'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>Savings goal</h2>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault()
            setGoal.mutate({ baselineMonth: baseline || goal.data?.baselineMonth || '', targetPct: Number(pct) })
          }}
        >
          <label>
            Baseline month
            <input type="month" value={baseline || goal.data?.baselineMonth || ''} onChange={(e) => setBaseline(e.target.value)} />
          </label>
          <label>
            Target reduction (%)
            <input type="number" min={1} max={90} value={pct} onChange={(e) => setPct(e.target.value)} />
          </label>
          <button type="submit" disabled={!(baseline || goal.data?.baselineMonth) || setGoal.isPending}>
            Set goal
          </button>
        </form>
        {setGoal.error && <ErrorNotice error={setGoal.error} />}
        {goal.data && goal.data.baselineMonth === null && (
          <p className="muted">
            No goal yet: choose a baseline month and a reduction target (20 % by default) to track monthly spend against it.
          </p>
        )}
        {goal.data && goal.data.baselineMonth && (
          <p>
            Baseline {goal.data.baselineMonth}: {formatMoney(goal.data.baseline, currency)} → target{' '}
            {formatMoney(goal.data.target, currency)} a month ({goal.data.targetPct} % less). {goal.data.months.filter((m) => m.met).length}{' '}
            of {goal.data.months.length} months on target.
          </p>
        )}
        {option && <Chart option={option} height={260} label={`Monthly effective cost against the savings target, ${currency}`} />}
      </section>
    </>
  )
}
