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
