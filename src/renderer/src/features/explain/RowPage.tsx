import { useState } from 'react'
import type { RowDetail } from '../../../../shared/contract/explain'
import { AppError } from '../../../../shared/errors'
import { Field } from '../../components/Field'
import { ModelVersionSelect } from '../../components/ModelVersionSelect'
import { ErrorNotice, PageHeader } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { ExplainNav } from './ExplainNav'
import { PredictionViews } from './Views'

const EXAMPLE =
  '{\n  "age": 34,\n  "tenure_months": 5,\n  "monthly_charges": 92.5,\n  "support_calls": 4,\n  "plan": 0,\n  "usage_gb": null\n}'

/** One row given as JSON, explained at once with path-dependent TreeSHAP (the seed's /api/ml/explain). */
export function RowPage() {
  const versions = useChannel('models:versions')
  const [versionId, setVersionId] = useState('')
  const [text, setText] = useState(EXAMPLE)
  const [parseError, setParseError] = useState<string | null>(null)
  const run = useCommand('explain:explainRow')
  const submit = (): void => {
    let row: unknown
    try {
      row = JSON.parse(text)
    } catch (err) {
      setParseError(`not JSON: ${(err as Error).message}`)
      return
    }
    if (!row || typeof row !== 'object' || Array.isArray(row)) return setParseError('an object of feature name → value')
    setParseError(null)
    run.mutate({ versionId: Number(versionId), row: row as Record<string, number | string | null> })
  }
  const r = run.data
  const detail: RowDetail | null = r
    ? {
        output: 0,
        rowId: 0,
        position: 0,
        expected: r.expected[0]!,
        fx: r.fx[0]!,
        prediction: r.prediction[0]!,
        link: r.link,
        contributions: r.features
          .map((feature, j) => ({ feature, value: r.values[j] ?? null, phi: r.phi[0]![j]!, se: r.se?.[0]?.[j] ?? null }))
          .sort((a, b) => Math.abs(b.phi) - Math.abs(a.phi))
      }
    : null
  return (
    <div className="page">
      <PageHeader
        title="Explainability"
        subtitle="Explain one prediction: a row as JSON, SHAP values at once (also at POST /api/rpc/explain:explainRow)."
      />
      <ExplainNav current="row" />
      <section className="card">
        <form
          className="stacked-form"
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
        >
          <Field label="Version" error={run.error instanceof AppError && run.error.field === 'versionId' ? run.error.message : undefined}>
            <ModelVersionSelect versions={versions.data} value={versionId} onChange={setVersionId} placeholder="Pick a version…" />
          </Field>
          <Field
            label="Row (JSON)"
            error={parseError ?? (run.error instanceof AppError && run.error.field === 'row' ? run.error.message : undefined)}
            hint="Feature name → number, category code, or null for missing."
          >
            <textarea rows={9} className="mono" value={text} onChange={(e) => setText(e.target.value)} />
          </Field>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={!versionId || run.isPending}>
              Explain
            </button>
          </div>
        </form>
        {run.error && !(run.error instanceof AppError && run.error.field) && <ErrorNotice error={run.error} />}
      </section>
      {detail && <PredictionViews r={detail} name="row" />}
    </div>
  )
}
