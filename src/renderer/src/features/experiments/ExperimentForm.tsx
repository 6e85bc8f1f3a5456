import { useState } from 'react'
import type { ExperimentDetail } from '../../../../shared/contract/experiments'
import { navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { ErrorNotice, PageHeader } from '../../components/States'
import { errorFor, fieldKeyFor } from '../../lib/fieldErrors'
import { useChannel, useCommand } from '../../lib/queries'
import {
  draftOf,
  emptyDraft,
  emptyMetric,
  equalWeights,
  inputOf,
  localErrors,
  type ExperimentDraft,
  type MetricDraft,
  type VariationDraft
} from './experimentDraft'
import { Choice, MetricRow } from './formParts'

const KEYS = [
  'name',
  'hypothesis',
  'owner',
  'flagKey',
  'variations',
  'coverage',
  'hashAttribute',
  'seed',
  'metrics',
  'dimensions',
  'mde',
  'alpha',
  'targetPower',
  'sequentialTuning',
  'priorMean',
  'priorSd',
  'cupedLookbackDays'
]

/** Create or change an experiment: variations (linked to registry versions or a flag), metrics, assignment and analysis settings. */
export function ExperimentForm({ experiment }: { experiment: ExperimentDetail | null }) {
  const [d, setD] = useState<ExperimentDraft>(() => (experiment ? draftOf(experiment) : emptyDraft()))
  const set = (patch: Partial<ExperimentDraft>): void => setD((x) => ({ ...x, ...patch }))
  const versions = useChannel('models:versions', undefined)
  const create = useCommand('experiments:create', ['experiments:list'])
  const update = useCommand('experiments:update', ['experiments:list', 'experiments:get', 'experiments:results'])
  const save = experiment ? update : create
  const local = localErrors(d)
  const keys = [
    ...KEYS,
    ...d.variations.flatMap((_, i) => [`variations.${i}.key`, `variations.${i}.modelVersionId`]),
    ...d.metrics.flatMap((_, i) => [
      `metrics.${i}.key`,
      `metrics.${i}.event`,
      `metrics.${i}.numerator`,
      `metrics.${i}.denominator`,
      `metrics.${i}.windowHours`
    ])
  ]
  const err = (key: string): string | undefined => local[key] ?? errorFor(save.error, key, keys)
  const setVariation = (i: number, patch: Partial<VariationDraft>): void =>
    set({ variations: d.variations.map((v, j) => (j === i ? { ...v, ...patch } : v)) })
  const setMetric = (i: number, patch: Partial<MetricDraft>): void =>
    set({ metrics: d.metrics.map((m, j) => (j === i ? { ...m, ...patch } : m)) })
  const baseMetrics = d.metrics.filter((m) => m.kind !== 'ratio' && m.key.trim())
  const submit = (): void => {
    if (Object.keys(local).length) return
    const input = inputOf(d)
    if (experiment) update.mutate({ ...input, id: experiment.id }, { onSuccess: () => navigate(`/experiments/${experiment.id}`) })
    else create.mutate(input, { onSuccess: (r) => navigate(`/experiments/${r.id}`) })
  }
  const body = (
    <form
      className="stacked-form experiment-form"
      onSubmit={(ev) => {
        ev.preventDefault()
        submit()
      }}
    >
      <section className="card">
        <h2>What is tested</h2>
        <div className="form-row">
          <Field label="Name" error={err('name')} className="grow">
            <input value={d.name} onChange={(ev) => set({ name: ev.target.value })} aria-label="Name" placeholder="Ranker v7 vs v6" />
          </Field>
          <Field label="Owner" error={err('owner')}>
            <input value={d.owner} onChange={(ev) => set({ owner: ev.target.value })} aria-label="Owner" />
          </Field>
          <Field label="Feature-flag key" error={err('flagKey')} hint="When a feature, not a model version, is tested">
            <input value={d.flagKey} onChange={(ev) => set({ flagKey: ev.target.value })} aria-label="Feature-flag key" />
          </Field>
        </div>
        <Field label="Hypothesis" error={err('hypothesis')}>
          <textarea rows={2} value={d.hypothesis} onChange={(ev) => set({ hypothesis: ev.target.value })} aria-label="Hypothesis" />
        </Field>
      </section>
      <section className="card">
        <h2>Variations and split</h2>
        {err('variations') && <p className="field-error">{err('variations')}</p>}
        <table className="table compact">
          <thead>
            <tr>
              <th>Key</th>
              <th>Name</th>
              <th className="num">Weight (%)</th>
              <th>Model version</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {d.variations.map((v, i) => (
              <tr key={i}>
                <td>
                  <input
                    value={v.key}
                    onChange={(ev) => setVariation(i, { key: ev.target.value })}
                    aria-label={`Variation ${i} key`}
                    className="mono"
                  />
                  {err(`variations.${i}.key`) && <span className="field-error">{err(`variations.${i}.key`)}</span>}
                </td>
                <td>
                  <input value={v.name} onChange={(ev) => setVariation(i, { name: ev.target.value })} aria-label={`Variation ${i} name`} />
                </td>
                <td className="num">
                  <input
                    type="number"
                    step="any"
                    min={0}
                    max={100}
                    value={v.weightPct}
                    onChange={(ev) => setVariation(i, { weightPct: ev.target.value })}
                    aria-label={`Variation ${i} weight`}
                  />
                </td>
                <td>
                  <select
                    value={v.modelVersionId}
                    onChange={(ev) => setVariation(i, { modelVersionId: ev.target.value })}
                    aria-label={`Variation ${i} model version`}
                  >
                    <option value="">none</option>
                    {versions.data?.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.modelName} v{m.version} ({m.stage}
                        {m.aliases.length ? ` @${m.aliases.join(' @')}` : ''})
                      </option>
                    ))}
                  </select>
                  {err(`variations.${i}.modelVersionId`) && <span className="field-error">{err(`variations.${i}.modelVersionId`)}</span>}
                </td>
                <td>
                  {i === 0 ? (
                    <span className="muted small">control</span>
                  ) : (
                    d.variations.length > 2 && (
                      <button type="button" onClick={() => set({ variations: d.variations.filter((_, j) => j !== i) })}>
                        Remove
                      </button>
                    )
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="form-actions">
          <button
            type="button"
            disabled={d.variations.length >= 10}
            onClick={() =>
              set({
                variations: [
                  ...d.variations,
                  { key: `variant_${d.variations.length}`, name: `Variant ${d.variations.length}`, weightPct: '0', modelVersionId: '' }
                ]
              })
            }
          >
            Add a variation
          </button>
          <button
            type="button"
            onClick={() => set({ variations: d.variations.map((v, i) => ({ ...v, weightPct: equalWeights(d.variations.length)[i]! })) })}
          >
            Split equally
          </button>
        </div>
        <div className="form-row">
          <Field label="Coverage (%)" error={err('coverage')} hint="Share of units in the experiment">
            <input
              type="number"
              min={0}
              max={100}
              step="any"
              value={d.coveragePct}
              onChange={(ev) => set({ coveragePct: ev.target.value })}
              aria-label="Coverage"
            />
          </Field>
          <Field label="Hash attribute" error={err('hashAttribute')} hint="The unit id column: user_id, session_id …">
            <input
              className="mono"
              value={d.hashAttribute}
              onChange={(ev) => set({ hashAttribute: ev.target.value })}
              aria-label="Hash attribute"
            />
          </Field>
          <Field label="Seed" error={err('seed')} hint="Empty: the experiment’s name">
            <input className="mono" value={d.seed} onChange={(ev) => set({ seed: ev.target.value })} aria-label="Seed" />
          </Field>
          <Field label="Hash version">
            <Choice
              label="Hash version"
              value={d.hashVersion}
              options={
                [
                  ['2', '2 (unbiased)'],
                  ['1', '1 (legacy)']
                ] as const
              }
              onChange={(hashVersion) => set({ hashVersion })}
            />
          </Field>
        </div>
      </section>
      <section className="card">
        <h2>Metrics</h2>
        {err('metrics') && <p className="field-error">{err('metrics')}</p>}
        <div className="table-scroll">
          <table className="table compact metrics-editor">
            <thead>
              <tr>
                <th>Key</th>
                <th>Name</th>
                <th>Kind</th>
                <th>Event / ratio</th>
                <th className="num">Window (h)</th>
                <th>Role</th>
                <th>Better when</th>
                <th>CUPED</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {d.metrics.map((m, i) => (
                <MetricRow
                  key={i}
                  m={m}
                  i={i}
                  parts={baseMetrics.map((x) => x.key)}
                  set={(patch) => setMetric(i, patch)}
                  remove={() => set({ metrics: d.metrics.filter((_, j) => j !== i) })}
                  err={err}
                />
              ))}
            </tbody>
          </table>
        </div>
        <div className="form-actions">
          <button type="button" onClick={() => set({ metrics: [...d.metrics, emptyMetric(d.metrics.length ? 'secondary' : 'primary')] })}>
            Add a metric
          </button>
        </div>
        <div className="form-row">
          <Field label="Dimensions" error={err('dimensions')} hint="Exposure-file columns to break results down by, comma-separated">
            <input
              className="mono"
              value={d.dimensions}
              onChange={(ev) => set({ dimensions: ev.target.value })}
              aria-label="Dimensions"
              placeholder="country, device"
            />
          </Field>
          <Field label="CUPED look-back (days)" error={err('cupedLookbackDays')}>
            <input
              type="number"
              min={0}
              value={d.cupedLookbackDays}
              onChange={(ev) => set({ cupedLookbackDays: ev.target.value })}
              aria-label="CUPED look-back"
            />
          </Field>
        </div>
      </section>
      <section className="card">
        <h2>Analysis</h2>
        <div className="form-row">
          <Field label="Engine">
            <Choice
              label="Default engine"
              value={d.engine}
              options={
                [
                  ['frequentist', 'frequentist (Welch t-test)'],
                  ['sequential', 'sequential (always valid)'],
                  ['bayesian', 'Bayesian']
                ] as const
              }
              onChange={(engine) => set({ engine })}
            />
          </Field>
          <Field label="MDE (%)" error={err('mde')} hint="Smallest relative change worth detecting">
            <input type="number" step="any" min={0} value={d.mdePct} onChange={(ev) => set({ mdePct: ev.target.value })} aria-label="MDE" />
          </Field>
          <Field label="α" error={err('alpha')}>
            <input
              type="number"
              step="any"
              min={0}
              max={0.5}
              value={d.alpha}
              onChange={(ev) => set({ alpha: ev.target.value })}
              aria-label="Alpha"
            />
          </Field>
          <Field label="Target power (%)" error={err('targetPower')}>
            <input
              type="number"
              step="any"
              value={d.targetPowerPct}
              onChange={(ev) => set({ targetPowerPct: ev.target.value })}
              aria-label="Target power"
            />
          </Field>
          <Field label="Sequential tuning" error={err('sequentialTuning')} hint="Units where the sequence is tightest">
            <input
              type="number"
              min={1}
              value={d.sequentialTuning}
              onChange={(ev) => set({ sequentialTuning: ev.target.value })}
              aria-label="Sequential tuning"
            />
          </Field>
        </div>
        <div className="form-row">
          <Field label="Prior (Bayesian)">
            <Choice
              label="Prior"
              value={d.priorProper ? 'proper' : 'flat'}
              options={
                [
                  ['flat', 'flat'],
                  ['proper', 'proper (normal on the lift)']
                ] as const
              }
              onChange={(v) => set({ priorProper: v === 'proper' })}
            />
          </Field>
          {d.priorProper && (
            <>
              <Field label="Prior mean (%)" error={err('priorMean')}>
                <input
                  type="number"
                  step="any"
                  value={d.priorMeanPct}
                  onChange={(ev) => set({ priorMeanPct: ev.target.value })}
                  aria-label="Prior mean"
                />
              </Field>
              <Field label="Prior sd (%)" error={err('priorSd')}>
                <input
                  type="number"
                  step="any"
                  min={0}
                  value={d.priorSdPct}
                  onChange={(ev) => set({ priorSdPct: ev.target.value })}
                  aria-label="Prior sd"
                />
              </Field>
            </>
          )}
          <Field label="Multiple-testing correction">
            <Choice
              label="Correction"
              value={d.correction}
              options={
                [
                  ['none', 'none'],
                  ['holm-bonferroni', 'Holm-Bonferroni'],
                  ['benjamini-hochberg', 'Benjamini-Hochberg']
                ] as const
              }
              onChange={(correction) => set({ correction })}
            />
          </Field>
          <Field label="Family">
            <Choice
              label="Family"
              value={d.family}
              options={
                [
                  ['all', 'all goal metrics and values'],
                  ['metric', 'within each metric']
                ] as const
              }
              onChange={(family) => set({ family })}
            />
          </Field>
        </div>
      </section>
      {save.error && !fieldKeyFor(save.error, keys) && <ErrorNotice error={save.error} title="Could not save" />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {experiment ? 'Save changes' : 'Create experiment'}
        </button>
        <button type="button" onClick={() => navigate(experiment ? `/experiments/${experiment.id}` : '/experiments')}>
          Cancel
        </button>
      </div>
    </form>
  )
  if (experiment) return body
  return (
    <div className="page experiments-page">
      <PageHeader
        title="New experiment"
        subtitle="Variations, split, metrics and how results are analysed; everything can be changed until it starts."
      />
      {body}
    </div>
  )
}
