import { useState } from 'react'
import type { LineHit } from '../../../../shared/contract/logs'
import { LineDetails } from './LineDetails'
import { LineRow } from './LineRow'

/** One log line; opens to its context lines, labels and jumps (lines from a Loki connector do not open). */
export function LogLine({ hit }: { hit: LineHit }) {
  const [open, setOpen] = useState(false)
  const canOpen = hit.id > 0
  const toggle = (): void => {
    if (canOpen) setOpen(!open)
  }
  return (
    <div className={`log-line${open ? ' open' : ''}`} data-testid="log-line">
      <div
        className="log-row"
        role={canOpen ? 'button' : undefined}
        tabIndex={canOpen ? 0 : undefined}
        aria-expanded={canOpen ? open : undefined}
        onClick={toggle}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault()
            toggle()
          }
        }}
      >
        <LineRow hit={hit} />
      </div>
      {open && <LineDetails hit={hit} />}
    </div>
  )
}
