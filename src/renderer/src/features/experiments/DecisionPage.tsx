import { useState } from 'react'
import { AppError } from '../../../../shared/errors'
import { STAGES } from '../../../../shared/contract/models'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'

const fieldError = (err: unknown, field: string): string | undefined =>
  err instanceof AppError && err.field === field ? err.message : undefined
const DECISION_TEXT = { ship: 'Ship', rollback: 'Roll back', 'keep-running': 'Keep running' } as const

/** The decision panel: ship a variation, roll back or keep running, with who and why; then promote the winner in the registry. */
export function DecisionPage({ id }: { id: number }) {
  const x = useChannel('experiments:get', { id })
  const versions = useChannel('models:versions', undefined)
  const decide = useCommand('experiments:decide', ['experiments:get', 'experiments:list'])
  const promote = useCommand('experiments:promote', ['experiments:get', 'models:versions', 'models:version', 'models:list'])
  const [decision, setDecision] = useState<'ship' | 'rollback' | 'keep-running'>('ship')
  const [variation, setVariation] = useState('1')
  const [reason, setReason] = useState('')
  const [decidedBy, setDecidedBy] = useState('')
  const [target, setTarget] = useState<'alias' | 'stage'>('alias')
  const [alias, setAlias] = useState('champion')
  const [stage, setStage] = useState<(typeof STAGES)[number]>('Production')
  if (!x.data) return null
  const e = x.data
  const last = e.decisions[0]
  const winner = last && last.variation !== null && last.decision !== 'keep-running' ? e.variations[last.variation] : undefined
  const linked = winner?.modelVersionId ? versions.data?.find((v) => v.id === winner.modelVersionId) : undefined
  return (
    <div className="grid two">
      <section className="card">
        <h2>Decide</h2>
        <form
          className="stacked-form"
          onSubmit={(ev) => {
            ev.preventDefault()
            decide.mutate({ id, decision, variation: decision === 'ship' ? Number(variation) : null, reason, decidedBy })
          }}
        >
          <fieldset className="decision-choice">
            <legend>Decision</legend>
            {(['ship', 'rollback', 'keep-running'] as const).map((d) => (
              <label key={d} className="radio">
                <input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} /> {DECISION_TEXT[d]}
              </label>
            ))}
          </fieldset>
          {decision === 'ship' && (
            <Field label="Variation to ship" error={fieldError(decide.error, 'variation')}>
              <select value={variation} onChange={(ev) => setVariation(ev.target.value)} aria-label="Variation to ship">
                {e.variations.map((v) => (
                  <option key={v.index} value={v.index}>
                    {v.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field
            label="Why"
            error={fieldError(decide.error, 'reason')}
            hint="What the figures showed and what else weighed in; kept with the decision."
          >
            <textarea rows={4} value={reason} onChange={(ev) => setReason(ev.target.value)} aria-label="Why" />
          </Field>
          <Field label="Decided by" error={fieldError(decide.error, 'decidedBy')}>
            <input value={decidedBy} onChange={(ev) => setDecidedBy(ev.target.value)} aria-label="Decided by" placeholder="name or team" />
          </Field>
          {decide.error &&
            !fieldError(decide.error, 'reason') &&
            !fieldError(decide.error, 'decidedBy') &&
            !fieldError(decide.error, 'variation') && <ErrorNotice error={decide.error} title="Could not record the decision" />}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={decide.isPending}>
              Record the decision
            </button>
          </div>
        </form>
      </section>
      <section className="card">
        <h2>Promote the winner</h2>
        {!winner ? (
          <p className="muted">Record a decision to ship a variation (or to roll back to control) first.</p>
        ) : winner.modelVersionId === null ? (
          <p className="muted">
            {winner.name} is not linked to a model version. Link the variations to registry versions in Setup to promote from here.
          </p>
        ) : (
          <form
            className="stacked-form"
            onSubmit={(ev) => {
              ev.preventDefault()
              promote.mutate(target === 'alias' ? { id, alias } : { id, stage })
            }}
          >
            <p>
              Winner: <strong>{winner.name}</strong> →{' '}
              {linked ? (
                <>
                  {linked.modelName} v{linked.version} ({linked.stage}
                  {linked.aliases.length ? `, @${linked.aliases.join(' @')}` : ''})
                </>
              ) : (
                `model version ${winner.modelVersionId}`
              )}
            </p>
            <div className="form-row">
              <Field label="Move">
                <select value={target} onChange={(ev) => setTarget(ev.target.value as 'alias' | 'stage')} aria-label="Move">
                  <option value="alias">an alias</option>
                  <option value="stage">to a stage</option>
                </select>
              </Field>
              {target === 'alias' ? (
                <Field label="Alias" error={fieldError(promote.error, 'alias')}>
                  <input value={alias} onChange={(ev) => setAlias(ev.target.value)} aria-label="Alias" />
                </Field>
              ) : (
                <Field label="Stage">
                  <select value={stage} onChange={(ev) => setStage(ev.target.value as (typeof STAGES)[number])} aria-label="Stage">
                    {STAGES.filter((s) => s !== 'None').map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </Field>
              )}
            </div>
            {promote.error && !fieldError(promote.error, 'alias') && <ErrorNotice error={promote.error} title="Could not promote" />}
            {promote.data && <p className="notice notice-ok">Done: {promote.data.description}</p>}
            <div className="form-actions">
              <button type="submit" className="primary" disabled={promote.isPending}>
                Promote {winner.name}
              </button>
            </div>
          </form>
        )}
        {e.promotion && <p className="muted small">Last promotion: {e.promotion}</p>}
      </section>
      <section className="card span-two">
        <h2>Decisions</h2>
        {!e.decisions.length ? (
          <p className="muted">No decision recorded yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>When</th>
                <th>Decision</th>
                <th>Who</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {e.decisions.map((d) => (
                <tr key={d.id}>
                  <td className="small">{formatTime(d.decidedAt)}</td>
                  <td>
                    {DECISION_TEXT[d.decision]}
                    {d.variationName && d.decision === 'ship' ? `: ${d.variationName}` : ''}
                  </td>
                  <td>{d.decidedBy}</td>
                  <td className="prewrap">{d.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}
