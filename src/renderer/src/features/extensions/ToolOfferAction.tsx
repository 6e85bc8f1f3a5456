import { useState } from 'react'
import type { ToolOffer } from '../../../../shared/contract/discovery'
import { href } from '../../app/router'
import { describeError, call } from '../../lib/client'

type Done = { text: string; route: string }

/** What the console offers for a finding: a button that makes the call (an import, a source, a job), a hint, or plainly nothing. */
export function ToolOfferAction({ offer }: { offer: ToolOffer }) {
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<Done | null>(null)
  const [error, setError] = useState<string | null>(null)
  if (offer.kind === 'none')
    return (
      <span className="muted small">
        {offer.label}: {offer.text}
      </span>
    )
  if (offer.kind === 'hint')
    return (
      <span className="small">
        {offer.text} {offer.route && <a href={href(offer.route)}>{offer.label}</a>}
      </span>
    )
  const act = async (): Promise<Done> => {
    switch (offer.kind) {
      case 'models:importMlruns':
        await call('models:importMlruns', offer.input)
        return { text: 'Import started', route: '/jobs' }
      case 'models:importMlflowDb':
        await call('models:importMlflowDb', offer.input)
        return { text: 'Import started', route: '/jobs' }
      case 'metrics:saveSource':
        await call('metrics:saveSource', offer.input)
        return { text: 'Source added', route: '/metrics' }
      case 'mlops:importMlproject': {
        const job = await call('mlops:importMlproject', offer.input)
        return { text: `Job “${job.name}” defined`, route: '/mlops' }
      }
    }
  }
  const run = () => {
    setBusy(true)
    setError(null)
    act()
      .then(setDone, (err: unknown) => setError(describeError(err)))
      .finally(() => setBusy(false))
  }
  if (done)
    return (
      <span className="small" role="status">
        {done.text} — <a href={href(done.route)}>open</a>
      </span>
    )
  return (
    <span>
      <button type="button" disabled={busy} onClick={run}>
        {offer.label}
      </button>
      {error && <span className="count-down small"> {error}</span>}
    </span>
  )
}
