import { useMemo, useState } from 'react'
import type { BudgetView } from '../../../../shared/contract/costs'
import { Chart } from '../../components/Chart'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { buildBudgetOption } from './charts'
import { formatMoney, formatPct } from './format'
import { COSTS_DATA } from './store'

const STATE_LABEL: Record<BudgetView['status']['state'], [string, string]> = {
  ok: ['within budget', 'pass'],
  warning: ['above 80 %', 'warn'],
  'forecast-over': ['forecast over', 'warn'],
  over: ['over budget', 'fail']
}

/** "50, 80,100" -> [50, 80, 100]; null if unreadable. */
export function parseThresholds(text: string): number[] | null {
  const parts = text.split(/[,\s]+/).filter(Boolean)
  const nums = parts.map(Number)
  return nums.every((n) => Number.isInteger(n) && n >= 1 && n <= 1000) ? nums : null
}

export function BudgetsPage() {
  const budgets = useChannel('costs:budgets')
  const settings = useChannel('costs:settings')
  const del = useCommand('costs:budgetDelete', COSTS_DATA)
  const [editing, setEditing] = useState<BudgetView | null>(null)
  const currency = settings.data?.currency ?? 'USD'
  const option = useMemo(() => (budgets.data?.length ? buildBudgetOption(budgets.data, currency) : null), [budgets.data, currency])
  return (
    <>
      <BudgetForm key={editing?.id ?? 'new'} currency={currency} editing={editing} onDone={() => setEditing(null)} />
      {budgets.isPending && <Loading what="budgets" />}
      {budgets.error && <ErrorNotice error={budgets.error} />}
      {budgets.data && budgets.data.length === 0 && (
        <EmptyState title="No budgets yet">
          Create a monthly or quarterly budget above; you are alerted when actual or forecast spend crosses its thresholds.
        </EmptyState>
      )}
      {budgets.data && budgets.data.length > 0 && (
        <>
          <section className="card">
            <h2>Budget status</h2>
            {option && (
              <Chart
                option={option}
                height={Math.max(160, 70 + budgets.data.length * 56)}
                label={`Actual and forecast spend against each budget, ${currency}`}
              />
            )}
          </section>
          <section className="card">
            <table className="table budgets-table">
              <thead>
                <tr>
                  <th>Budget</th>
                  <th>Scope</th>
                  <th>Period</th>
                  <th className="num">Budget</th>
                  <th className="num">Actual</th>
                  <th className="num">Forecast at period end</th>
                  <th>Status</th>
                  <th>Alerts fired</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {budgets.data.map((b) => {
                  const [label, tone] = STATE_LABEL[b.status.state]
                  return (
                    <tr key={b.id}>
                      <td>
                        <strong>{b.name}</strong>
                        <div className="muted small">
                          {b.basis} cost · thresholds {b.thresholds.join('/')} % · forecast {b.forecastThresholds.join('/')} %
                        </div>
                      </td>
                      <td>{b.scopeLabel}</td>
                      <td>
                        {b.status.period} <span className="muted small">({b.period})</span>
                      </td>
                      <td className="num">{formatMoney(b.amount, b.currency)}</td>
                      <td className="num">
                        {formatMoney(b.status.actual, b.currency)} <span className="muted">({formatPct(b.status.pctActual)})</span>
                      </td>
                      <td className="num">
                        {b.status.forecast ? (
                          <>
                            {formatMoney(b.status.forecast.mean, b.currency)}{' '}
                            <span className="muted">({formatPct(b.status.pctForecast)})</span>
                          </>
                        ) : b.status.forecastUnreliable ? (
                          <span className="muted small forecast-unreliable" title={b.status.forecastUnreliable}>
                            unreliable: {b.status.forecastUnreliable}
                          </span>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        <span className={`pill ${tone}`}>{label}</span>
                      </td>
                      <td className="small">
                        {b.fired.length === 0
                          ? 'none'
                          : b.fired.slice(0, 4).map((f) => (
                              <div key={`${f.period}-${f.basis}-${f.threshold}`} className="nowrap" title={formatTime(f.firedAt)}>
                                {f.threshold} % {f.basis} ({f.period})
                              </div>
                            ))}
                      </td>
                      <td className="nowrap">
                        <button className="link-button" type="button" onClick={() => setEditing(b)} aria-label={`Edit ${b.name}`}>
                          Edit
                        </button>{' '}
                        <ConfirmButton
                          className="link-button danger"
                          question={`Delete the budget “${b.name}” and its alert history?`}
                          onConfirm={() => del.mutate({ id: b.id })}
                        >
                          Delete
                        </ConfirmButton>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  )
}

/** The form's fields for a budget being edited, or a new one's defaults. */
export function budgetDraft(b: BudgetView | null) {
  return {
    name: b?.name ?? '',
    amount: b ? String(b.amount) : '',
    period: (b?.period ?? 'monthly') as 'monthly' | 'quarterly',
    scopeKind: (b?.scope.kind ?? 'all') as 'all' | 'service' | 'tag',
    service: b?.scope.service ?? '',
    tagKey: b?.scope.key ?? '',
    tagValue: b?.scope.value ?? '',
    basis: (b?.basis ?? 'billed') as 'billed' | 'effective',
    thresholds: b ? b.thresholds.join(', ') : '50, 80, 100',
    forecast: b ? b.forecastThresholds.join(', ') : '100'
  }
}

function BudgetForm({ currency, editing, onDone }: { currency: string; editing: BudgetView | null; onDone: () => void }) {
  const createCmd = useCommand('costs:budgetCreate', COSTS_DATA)
  const update = useCommand('costs:budgetUpdate', COSTS_DATA)
  const create = editing ? update : createCmd
  const dims = useChannel('costs:dimensions')
  const [form, setForm] = useState(() => budgetDraft(editing))
  const thresholds = parseThresholds(form.thresholds)
  const forecast = parseThresholds(form.forecast)
  const scope =
    form.scopeKind === 'service'
      ? { kind: 'service' as const, service: form.service }
      : form.scopeKind === 'tag'
        ? { kind: 'tag' as const, key: form.tagKey, value: form.tagValue }
        : { kind: 'all' as const }
  const fieldError = (create.error as { field?: string } | null)?.field
  return (
    <section className="card">
      <h2>{editing ? `Edit budget “${editing.name}”` : 'New budget'}</h2>
      <form
        className="stacked-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (!thresholds || !forecast) return
          const input = {
            name: form.name,
            amount: form.amount,
            period: form.period,
            scope,
            basis: form.basis,
            thresholds,
            forecastThresholds: forecast
          }
          if (editing) update.mutate({ ...input, id: editing.id }, { onSuccess: onDone })
          else createCmd.mutate(input, { onSuccess: () => setForm({ ...form, name: '', amount: '' }) })
        }}
      >
        <div className="form-row">
          <Field label="Name" error={fieldError === 'name' ? create.error?.message : undefined}>
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="e.g. Production monthly" />
          </Field>
          <Field label={`Amount (${currency})`} className="narrow" error={fieldError === 'amount' ? create.error?.message : undefined}>
            <input
              value={form.amount}
              onChange={(e) => setForm({ ...form, amount: e.target.value })}
              placeholder="5000"
              inputMode="decimal"
            />
          </Field>
          <Field label="Period" className="narrow">
            <select value={form.period} onChange={(e) => setForm({ ...form, period: e.target.value as 'monthly' | 'quarterly' })}>
              <option value="monthly">monthly</option>
              <option value="quarterly">quarterly</option>
            </select>
          </Field>
          <Field label="Cost basis" className="narrow">
            <select value={form.basis} onChange={(e) => setForm({ ...form, basis: e.target.value as 'billed' | 'effective' })}>
              <option value="billed">billed</option>
              <option value="effective">effective</option>
            </select>
          </Field>
        </div>
        <div className="form-row">
          <Field label="Scope" className="medium">
            <select value={form.scopeKind} onChange={(e) => setForm({ ...form, scopeKind: e.target.value as 'all' | 'service' | 'tag' })}>
              <option value="all">everything</option>
              <option value="service">one service</option>
              <option value="tag">a tag value</option>
            </select>
          </Field>
          {form.scopeKind === 'service' && (
            <Field label="Service">
              <select value={form.service} onChange={(e) => setForm({ ...form, service: e.target.value })}>
                <option value="">Choose…</option>
                {dims.data?.service.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </Field>
          )}
          {form.scopeKind === 'tag' && (
            <>
              <Field label="Tag key">
                <select value={form.tagKey} onChange={(e) => setForm({ ...form, tagKey: e.target.value })}>
                  <option value="">Choose…</option>
                  {dims.data?.tagKeys.map((k) => (
                    <option key={k}>{k}</option>
                  ))}
                </select>
              </Field>
              <Field label="Tag value">
                <input value={form.tagValue} onChange={(e) => setForm({ ...form, tagValue: e.target.value })} />
              </Field>
            </>
          )}
          <Field label="Alert at % of actual" error={thresholds ? undefined : 'whole percentages, e.g. 50, 80, 100'}>
            <input value={form.thresholds} onChange={(e) => setForm({ ...form, thresholds: e.target.value })} />
          </Field>
          <Field label="Alert at % of forecast" error={forecast ? undefined : 'whole percentages, e.g. 100'}>
            <input value={form.forecast} onChange={(e) => setForm({ ...form, forecast: e.target.value })} />
          </Field>
        </div>
        <div className="form-actions">
          {create.isSuccess && <span className="muted">Budget saved; thresholds checked.</span>}
          {editing && (
            <button type="button" onClick={onDone}>
              Cancel
            </button>
          )}
          <button
            type="submit"
            className="primary"
            disabled={!form.name.trim() || !form.amount.trim() || !thresholds || !forecast || create.isPending}
          >
            {editing ? 'Save budget' : 'Create budget'}
          </button>
        </div>
        {create.error && !fieldError && <ErrorNotice error={create.error} title="Budget not created" />}
      </form>
    </section>
  )
}
