import type { IssueState } from '../../../../shared/contract/logs'

const STATE_CLASS: Record<IssueState, string> = { new: 'DOWN', regressed: 'DEGRADED', resolved: 'UP', ignored: 'PAUSED' }

export function IssueStatePill({ state }: { state: IssueState }) {
  return <span className={`pill ${STATE_CLASS[state]}`}>{state}</span>
}

/** 24 tiny bars, one per hour (oldest first). */
export function Sparkbars({ values }: { values: number[] }) {
  const max = Math.max(1, ...values)
  return (
    <span className="sparkbars" role="img" aria-label={`${values.reduce((a, b) => a + b, 0)} in the last 24 hours`}>
      {values.map((v, i) => (
        <span key={i} style={{ height: `${Math.max(v > 0 ? 12 : 0, (v / max) * 100)}%` }} title={`${v}`} />
      ))}
    </span>
  )
}
