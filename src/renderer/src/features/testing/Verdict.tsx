/** A run's outcome as a pill: pass, fail, or its state while it has none. */
export function Verdict({ verdict, state }: { verdict: 'pass' | 'fail' | null | undefined; state?: string | undefined }) {
  if (verdict === 'pass') return <span className="pill pass">pass</span>
  if (verdict === 'fail') return <span className="pill fail">fail</span>
  return <span className={`pill ${state === 'failed' || state === 'interrupted' ? 'fail' : 'PENDING'}`}>{state ?? '—'}</span>
}

export const SEVERITY_CLASS = { high: 'severity-critical', medium: 'severity-warning', low: 'severity-info', info: 'PENDING' } as const
