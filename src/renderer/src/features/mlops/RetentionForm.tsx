import { useEffect, useState } from 'react'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { fieldError } from './fieldError'

/** How long run logs and outputs are kept after a run ends. */
export function RetentionForm() {
  const settings = useChannel('mlops:settings')
  const save = useCommand('mlops:saveSettings', ['mlops:settings'])
  const [days, setDays] = useState('')
  useEffect(() => {
    if (settings.data) setDays(String(settings.data.logRetentionDays))
  }, [settings.data])
  return (
    <form
      className="card stacked-form"
      aria-label="Log retention"
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate({ logRetentionDays: Number(days) })
      }}
    >
      <div className="form-row">
        <Field
          label="Keep run logs (days)"
          error={fieldError(save.error, 'logRetentionDays')}
          hint="Logs and outputs of runs that ended longer ago are deleted when the console starts. Each run keeps the first 10 MB of output."
        >
          <input value={days} onChange={(e) => setDays(e.target.value)} inputMode="numeric" />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit">Save</button>
      </div>
      {save.error && !fieldError(save.error, 'logRetentionDays') && <ErrorNotice error={save.error} />}
    </form>
  )
}
