import { useEffect, useState } from 'react'
import type { HealthSettings } from '../../../../shared/contract'
import { ErrorNotice } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'

const FIELDS: { key: keyof HealthSettings; label: string; unit: string }[] = [
  { key: 'rawDays', label: 'Raw results', unit: 'days' },
  { key: 'minuteDays', label: 'Minute rollups', unit: 'days' },
  { key: 'hourDays', label: 'Hourly rollups', unit: 'days (empty: keep)' },
  { key: 'concurrency', label: 'Checks running at once', unit: 'checks' }
]

/** Monitoring retention and poller concurrency; cleanup runs in small batches in the background. */
export function RetentionPanel() {
  const settings = useChannel('health:getSettings')
  const save = useCommand('health:setSettings', ['health:getSettings'])
  const [draft, setDraft] = useState<Record<string, string>>({})
  useEffect(() => {
    if (settings.data)
      setDraft(Object.fromEntries(FIELDS.map((f) => [f.key, settings.data[f.key] === null ? '' : String(settings.data[f.key])])))
  }, [settings.data])
  return (
    <section className="card">
      <h2>Monitoring retention</h2>
      <p className="muted">Uptime and latency for any range come from rollups; raw results keep response snippets for recent history.</p>
      {settings.error && <ErrorNotice error={settings.error} />}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate({
            rawDays: Number(draft.rawDays),
            minuteDays: Number(draft.minuteDays),
            hourDays: draft.hourDays === '' ? null : Number(draft.hourDays),
            concurrency: Number(draft.concurrency)
          })
        }}
      >
        {FIELDS.map((f) => (
          <label key={f.key}>
            {f.label} ({f.unit})
            <input
              type="number"
              min={1}
              value={draft[f.key] ?? ''}
              onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
              aria-label={f.label}
            />
          </label>
        ))}
        <button type="submit" disabled={save.isPending}>
          Save
        </button>
      </form>
      {save.error && <ErrorNotice error={save.error} title="Settings not saved" />}
      {save.isSuccess && (
        <p className="notice notice-ok" role="status">
          Saved.
        </p>
      )}
    </section>
  )
}
