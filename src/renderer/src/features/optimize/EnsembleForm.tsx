import { useState } from 'react'
import type { EnsembleDetail } from '../../../../shared/contract/optimize'
import { AppError } from '../../../../shared/errors'
import { href } from '../../app/router'
import { Field } from '../../components/Field'
import { JobProgress } from '../../components/JobProgress'
import { ErrorNotice } from '../../components/States'
import { useJobCommand } from '../../lib/jobs'
import { VersionSelect } from './VersionSelect'
import { METHOD_NAMES } from './ensembleCharts'
import {
  emptyEnsembleDraft,
  emptyMember,
  ensembleDraftErrors,
  ensembleInputOf,
  type EnsembleDraft,
  type MemberDraft
} from './ensembleDraft'

const INVALIDATES = ['optimize:ensembles' as const]

/** Build an ensemble from 2–10 registered versions' predictions on one holdout; runs as a job. */
export function EnsembleForm() {
  const [d, setD] = useState<EnsembleDraft>(emptyEnsembleDraft)
  const [tried, setTried] = useState(false)
  const run = useJobCommand<'optimize:ensembleBuild', EnsembleDetail>('optimize:ensembleBuild', INVALIDATES)
  const errors = ensembleDraftErrors(d)
  const server = run.error instanceof AppError && run.error.field ? { [run.error.field]: run.error.message } : {}
  const err = (f: string): string | undefined => (tried ? errors[f] : undefined) ?? server[f]
  const set = (p: Partial<EnsembleDraft>): void => setD((x) => ({ ...x, ...p }))
  const setMember = (i: number, p: Partial<MemberDraft>): void =>
    setD((x) => ({ ...x, members: x.members.map((m, j) => (j === i ? { ...m, ...p } : m)) }))
  return (
    <section className="card" aria-labelledby="ensemble-heading">
      <h2 id="ensemble-heading">Build an ensemble</h2>
      <p className="muted small">
        Weights are fitted on the holdout’s even rows and evaluated on its odd rows — never the same rows. The three methods are all
        evaluated; the one picked is the ensemble’s version.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          setTried(true)
          if (Object.keys(errors).length === 0) void run.start(ensembleInputOf(d))
        }}
      >
        <div className="form-row">
          <Field label="Name" error={err('name')}>
            <input value={d.name} onChange={(e) => set({ name: e.target.value })} placeholder="churn blend" />
          </Field>
          <Field label="Task" hint="Classification blends the positive class's probability; regression blends values.">
            <select value={d.task} onChange={(e) => set({ task: e.target.value as EnsembleDraft['task'] })}>
              <option value="regression">regression</option>
              <option value="classification">binary classification</option>
            </select>
          </Field>
          <Field label="Holdout file" error={err('holdoutPath')} hint="CSV or Parquet with the true labels">
            <input
              value={d.holdoutPath}
              onChange={(e) => set({ holdoutPath: e.target.value })}
              placeholder="/data/holdout.csv"
              spellCheck={false}
            />
          </Field>
          <Field label="Label column" error={err('labelColumn')}>
            <input value={d.labelColumn} onChange={(e) => set({ labelColumn: e.target.value })} />
          </Field>
          <Field label="Id column" error={err('idColumn')} hint="Matches prediction rows to holdout rows; empty: by position">
            <input value={d.idColumn} onChange={(e) => set({ idColumn: e.target.value })} />
          </Field>
          {d.task === 'classification' && (
            <Field label="Positive class" error={err('positiveLabel')} hint="Default: the second class in sort order">
              <input value={d.positiveLabel} onChange={(e) => set({ positiveLabel: e.target.value })} />
            </Field>
          )}
        </div>
        <fieldset aria-label="Members">
          <legend>Members (2–10 versions)</legend>
          {err('members') && <p className="field-error">{err('members')}</p>}
          {d.members.map((m, i) => (
            <div className="form-row" key={i}>
              <VersionSelect
                label={`Version ${i + 1}`}
                value={m.versionId}
                error={err(`members.${i}.versionId`)}
                onChange={(versionId) => setMember(i, { versionId })}
              />
              <Field label="Predictions file" error={err(`members.${i}.path`)}>
                <input
                  value={m.path}
                  onChange={(e) => setMember(i, { path: e.target.value })}
                  placeholder="empty: the holdout"
                  spellCheck={false}
                />
              </Field>
              <Field label={d.task === 'classification' ? 'Probability column' : 'Prediction column'} error={err(`members.${i}.column`)}>
                <input value={m.column} onChange={(e) => setMember(i, { column: e.target.value })} />
              </Field>
              <button type="button" disabled={d.members.length <= 2} onClick={() => set({ members: d.members.filter((_, j) => j !== i) })}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" disabled={d.members.length >= 10} onClick={() => set({ members: [...d.members, emptyMember()] })}>
            Add a version
          </button>
        </fieldset>
        <div className="form-row">
          <Field label="Ensemble version uses">
            <select value={d.method} onChange={(e) => set({ method: e.target.value as EnsembleDraft['method'] })}>
              {(['nnls', 'caruana', 'average'] as const).map((m) => (
                <option key={m} value={m}>
                  {METHOD_NAMES[m]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Caruana rounds" error={err('rounds')} hint="Greedy selection with replacement; weights are counts ÷ rounds">
            <input value={d.rounds} onChange={(e) => set({ rounds: e.target.value })} inputMode="numeric" />
          </Field>
          <Field label="Register as model (optional)" error={err('registerAs')} hint="Adds a version with the weights in its tags">
            <input value={d.registerAs} onChange={(e) => set({ registerAs: e.target.value })} />
          </Field>
        </div>
        <button className="primary" type="submit" disabled={run.running}>
          Build the ensemble
        </button>
      </form>
      {run.running && <JobProgress job={run.job} onCancel={run.cancel} label="Ensemble progress" />}
      {run.error !== null && <ErrorNotice error={run.error} title="The ensemble could not be built" />}
      {run.result && (
        <p role="status">
          Built <a href={href(`/optimize/ensembles/${run.result.summary.id}`)}>{run.result.summary.name}</a>:{' '}
          {run.result.summary.beatsChampion ? 'it beats the champion on the held-out rows.' : 'it does not beat the champion.'}
        </p>
      )}
    </section>
  )
}
