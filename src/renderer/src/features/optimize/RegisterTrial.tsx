import { useState } from 'react'
import { AppError } from '../../../../shared/errors'
import { href } from '../../app/router'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/States'
import { useCommand } from '../../lib/queries'

/** Registers a trial (the best one by default) as a new version of a registry model, its parameters as tags. */
export function RegisterTrial({ studyId, number }: { studyId: number; number: number }) {
  const [model, setModel] = useState('')
  const [trial, setTrial] = useState(String(number))
  const reg = useCommand('optimize:registerTrial', ['models:list'])
  const err = (f: string): string | undefined => (reg.error instanceof AppError && reg.error.field === f ? reg.error.message : undefined)
  return (
    <section className="card" aria-labelledby="register-heading">
      <h2 id="register-heading">Register a trial as a model version</h2>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault()
          reg.mutate({ id: studyId, number: Number(trial), modelName: model })
        }}
      >
        <Field label="Trial number" error={err('number')} hint="The best trial is filled in.">
          <input value={trial} onChange={(e) => setTrial(e.target.value)} inputMode="numeric" />
        </Field>
        <Field label="Model name" error={err('modelName')} hint="An existing registry model, or a new one.">
          <input value={model} onChange={(e) => setModel(e.target.value)} placeholder="churn-xgb" />
        </Field>
        <button className="primary" type="submit" disabled={reg.isPending}>
          Register
        </button>
      </form>
      {reg.error && !err('number') && !err('modelName') && <ErrorNotice error={reg.error} />}
      {reg.data && (
        <p className="small" role="status">
          Registered as{' '}
          <a href={href(`/models/versions/${reg.data.versionId}`)}>
            {reg.data.modelName} v{reg.data.version}
          </a>{' '}
          with the trial’s parameters and values as tags.
        </p>
      )}
    </section>
  )
}
