import { useEffect, useState } from 'react'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { AlertsTabs } from './AlertsTabs'
import { useAlertsUi } from './alertsUiStore'
import { SilenceForm } from './SilenceForm'
import { SilencesTable } from './SilencesTable'

/** #/alerts/silences: mute notifications of alerts whose labels match, for a while. */
export function SilencesPage() {
  const [includeExpired, setIncludeExpired] = useState(false)
  const silences = useChannel('alerts:silences', { includeExpired })
  const [prefill] = useState(() => useAlertsUi.getState().silencePrefill)
  const clearPrefill = useAlertsUi((s) => s.setSilencePrefill)
  useEffect(() => clearPrefill(null), [clearPrefill])
  return (
    <div className="page">
      <PageHeader
        title="Silences"
        subtitle="Alerts whose labels match a silence still fire and show here, but notify nobody until it ends."
      />
      <AlertsTabs current="silences" />
      {prefill && <SilenceForm prefill={prefill} />}
      <section className="card">
        <div className="card-head">
          <h2>Silences</h2>
          <label className="checkbox">
            <input type="checkbox" checked={includeExpired} onChange={(e) => setIncludeExpired(e.target.checked)} />
            Show expired
          </label>
        </div>
        {silences.isPending && <Loading what="silences" />}
        {silences.error && <ErrorNotice error={silences.error} title="Could not load the silences" />}
        {silences.data?.length === 0 && (
          <EmptyState title={includeExpired ? 'No silences yet' : 'No active silences'}>
            Create one below, or from an alert with “Silence alerts like this…”.
          </EmptyState>
        )}
        {silences.data && silences.data.length > 0 && <SilencesTable silences={silences.data} />}
      </section>
      {!prefill && <SilenceForm prefill={null} />}
    </div>
  )
}
