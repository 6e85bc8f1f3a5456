import { useEffect, useState } from 'react'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/States'
import { contractErrors, useFormErrors } from '../../lib/formErrors'
import { useChannel, useCommand } from '../../lib/queries'

/** The address people reach the console at (serve mode): alert e-mails, Slack, PagerDuty and webhooks link back from it. */
export function BaseUrlPanel() {
  const settings = useChannel('alerts:settings')
  const save = useCommand('alerts:setSettings', ['alerts:settings', 'alerts:get'])
  const [draft, setDraft] = useState('')
  const form = useFormErrors()
  useEffect(() => {
    if (settings.data) setDraft(settings.data.baseUrl)
  }, [settings.data])
  return (
    <section className="card base-url-panel">
      <h2>Links in notifications</h2>
      <p className="muted">
        The address people open the console at, e.g. https://console.example.com. Alert notifications link to the alert’s page from it.
        Empty: notifications carry no link (a loopback address would not open for the people you notify).
      </p>
      {settings.error && <ErrorNotice error={settings.error} />}
      <form
        className="inline-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          const input = { baseUrl: draft }
          if (!form.check(contractErrors('alerts:setSettings', input, ['baseUrl']).placed)) return
          save.mutate(input, { onError: (err) => form.fromService(err, ['baseUrl']) })
        }}
      >
        <Field label="Base URL" error={form.errorOf('baseUrl')}>
          <input
            type="url"
            value={draft}
            placeholder="https://console.example.com"
            onChange={(e) => (form.clear('baseUrl'), save.reset(), setDraft(e.target.value))}
          />
        </Field>
        <button type="submit" disabled={save.isPending}>
          Save
        </button>
      </form>
      {form.unplaced.length > 0 && <ErrorNotice error={save.error} title="Not saved" />}
      {save.isSuccess && (
        <p className="notice notice-ok" role="status">
          Saved.
        </p>
      )}
    </section>
  )
}
