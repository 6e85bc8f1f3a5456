import { useState } from 'react'
import type { VariantComparison } from '../../../../shared/contract/optimize'
import { AppError } from '../../../../shared/errors'
import { href } from '../../app/router'
import { Field } from '../../components/Field'
import { JobProgress } from '../../components/JobProgress'
import { ErrorNotice } from '../../components/States'
import { useJobCommand } from '../../lib/jobs'
import { VersionSelect } from './VersionSelect'
import {
  emptyEntry,
  emptyVariantDraft,
  variantDraftErrors,
  variantInputOf,
  type EntryDraft,
  type Kind,
  type VariantDraft
} from './variantDraft'

const INVALIDATES = ['optimize:variantComparisons' as const]
const KINDS: Kind[] = ['quantised', 'pruned', 'distilled', 'other']

/** Compare a base version with its optimised variants; runs as a job. */
export function VariantForm() {
  const [d, setD] = useState<VariantDraft>(emptyVariantDraft)
  const [tried, setTried] = useState(false)
  const run = useJobCommand<'optimize:compareVariants', VariantComparison>('optimize:compareVariants', INVALIDATES)
  const errors = variantDraftErrors(d)
  const server = run.error instanceof AppError && run.error.field ? { [run.error.field]: run.error.message } : {}
  const err = (f: string): string | undefined => (tried ? errors[f] : undefined) ?? server[f]
  const set = (p: Partial<VariantDraft>): void => setD((x) => ({ ...x, ...p }))
  const entry = (x: EntryDraft, f: string, onChange: (p: Partial<EntryDraft>) => void, title: string, kind: boolean) => (
    <div className="form-row" key={f}>
      <VersionSelect label={title} value={x.versionId} error={err(`${f}.versionId`)} onChange={(versionId) => onChange({ versionId })} />
      {kind && (
        <Field label="Lineage">
          <select value={x.kind} onChange={(e) => onChange({ kind: e.target.value as Kind })}>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </Field>
      )}
      <Field
        label={d.task === 'classification' ? 'Probability column (holdout)' : 'Prediction column (holdout)'}
        error={err(`${f}.column`)}
      >
        <input value={x.column} onChange={(e) => onChange({ column: e.target.value })} />
      </Field>
      <Field label="Model file (size)" error={err(`${f}.artifactPath`)} hint="Empty: the version's artifact">
        <input value={x.artifactPath} onChange={(e) => onChange({ artifactPath: e.target.value })} spellCheck={false} />
      </Field>
    </div>
  )
  return (
    <section className="card" aria-labelledby="variants-heading">
      <h2 id="variants-heading">Compare optimised variants with their base</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          setTried(true)
          if (Object.keys(errors).length === 0) void run.start(variantInputOf(d))
        }}
      >
        <div className="form-row">
          <Field label="Name" error={err('name')}>
            <input value={d.name} onChange={(e) => set({ name: e.target.value })} placeholder="churn int8" />
          </Field>
          <Field label="Task">
            <select value={d.task} onChange={(e) => set({ task: e.target.value as VariantDraft['task'] })}>
              <option value="classification">binary classification</option>
              <option value="regression">regression</option>
            </select>
          </Field>
          <Field label="Holdout file" error={err('holdoutPath')} hint="Labels and every version's predictions">
            <input value={d.holdoutPath} onChange={(e) => set({ holdoutPath: e.target.value })} spellCheck={false} />
          </Field>
          <Field label="Label column" error={err('labelColumn')}>
            <input value={d.labelColumn} onChange={(e) => set({ labelColumn: e.target.value })} />
          </Field>
          <Field label="Id column">
            <input value={d.idColumn} onChange={(e) => set({ idColumn: e.target.value })} />
          </Field>
        </div>
        <fieldset aria-label="Versions compared">
          <legend>Base and variants</legend>
          {entry(d.base, 'base', (p) => set({ base: { ...d.base, ...p } }), 'Base version', false)}
          {d.variants.map((v, i) =>
            entry(
              v,
              `variants.${i}`,
              (p) => set({ variants: d.variants.map((x, j) => (j === i ? { ...x, ...p } : x)) }),
              `Variant ${i + 1}`,
              true
            )
          )}
          <button type="button" disabled={d.variants.length >= 5} onClick={() => set({ variants: [...d.variants, emptyEntry('pruned')] })}>
            Add a variant
          </button>
        </fieldset>
        <div className="form-row">
          <Field
            label="Latency results file"
            error={err('latencyFile')}
            hint="CSV, one row per call: version (id or “model vN”), batch_size, latency_ms"
          >
            <input value={d.latencyFile} onChange={(e) => set({ latencyFile: e.target.value })} spellCheck={false} />
          </Field>
          <Field label="Gate: accuracy drop at most" error={err('maxAccuracyDrop')} hint="Accuracy points, or RMSE increase for regression">
            <input value={d.maxAccuracyDrop} onChange={(e) => set({ maxAccuracyDrop: e.target.value })} inputMode="decimal" />
          </Field>
          <Field label="Gate: latency gain at least (%)" error={err('minLatencyGain')} hint="p95 at batch 1, base ÷ variant − 1">
            <input value={d.minLatencyGainPct} onChange={(e) => set({ minLatencyGainPct: e.target.value })} inputMode="decimal" />
          </Field>
        </div>
        <button className="primary" type="submit" disabled={run.running}>
          Compare
        </button>
      </form>
      {run.running && <JobProgress job={run.job} onCancel={run.cancel} label="Comparison progress" />}
      {run.error !== null && <ErrorNotice error={run.error} title="The comparison failed" />}
      {run.result && (
        <p role="status">
          Compared: <a href={href(`/optimize/variants/${run.result.id}`)}>{run.result.name}</a> —{' '}
          {run.result.variants.filter((v) => v.pass).length} of {run.result.variants.length} variants pass the gate.
        </p>
      )}
    </section>
  )
}
