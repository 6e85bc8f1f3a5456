import type { ExperimentStatus, SliceResult } from '../../../../shared/contract/experiments'
import { formatP } from './format'

const STATUS_TONE: Record<ExperimentStatus, string> = { draft: 'PAUSED', running: 'UP', stopped: 'PENDING', decided: 'MAINTENANCE' }

/** draft / running / stopped / decided as a pill. */
export function StatusPill({ status }: { status: ExperimentStatus }) {
  return <span className={`pill ${STATUS_TONE[status]}`}>{status}</span>
}

/** SRM in a list cell: ok, mismatch (with p) or not enough traffic. */
export function SrmBadge({ srm }: { srm: SliceResult['srm'] | null }) {
  if (!srm) return <span className="muted">no data</span>
  if (srm.status === 'mismatch')
    return (
      <span className="pill DOWN" title={`chi-square p = ${srm.pValue.toExponential(2)}`}>
        SRM p = {formatP(srm.pValue)}
      </span>
    )
  if (srm.status === 'not-enough-traffic') return <span className="muted small">too few units</span>
  return (
    <span className="pill UP" title={`chi-square p = ${formatP(srm.pValue)}`}>
      ok
    </span>
  )
}
