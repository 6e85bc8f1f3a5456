/** Pill classes and words for run states and deployment actions. */
const PILL: Record<string, string> = {
  succeeded: 'pass',
  failed: 'fail',
  running: 'warn',
  queued: 'PENDING',
  cancelled: 'PAUSED',
  interrupted: 'PAUSED'
}
export const runPill = (state: string): string => PILL[state] ?? 'PENDING'

export const formatCpu = (ms: number | null): string =>
  ms === null ? '—' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`

/** A run's state as a coloured pill that reads as the state. */
export const runPillProps = (state: string): { className: string; children: string } => ({
  className: `pill ${runPill(state)}`,
  children: state
})
