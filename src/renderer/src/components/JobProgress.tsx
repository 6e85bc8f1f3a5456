import type { JobView } from '../../../shared/contract'
import { isActiveJob } from '../lib/jobs'

const count = (n: number, unit: string): string =>
  unit === 'bytes'
    ? `${(n / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`
    : `${Math.round(n).toLocaleString('en-US')} ${unit}`

/** "42 % · 1,200 of 2,800 rows · reading bill.csv" with a bar and, while it runs, a cancel button. */
export function JobProgress({ job, onCancel, label }: { job: JobView | null; onCancel?: () => void; label: string }) {
  if (!job) return <div className="job-progress muted small">starting…</div>
  const pct = job.total ? Math.min(100, Math.round((job.done / job.total) * 100)) : null
  const amount = job.total ? `${count(job.done, job.unit)} of ${count(job.total, job.unit)}` : job.done > 0 ? count(job.done, job.unit) : ''
  const text = [
    job.state === 'queued' ? 'queued: waiting for another job of this kind' : pct === null ? null : `${pct} %`,
    amount,
    job.message
  ]
    .filter(Boolean)
    .join(' · ')
  return (
    <div className="job-progress" role="status" aria-live="polite">
      {isActiveJob(job.state) && <progress max={100} value={pct ?? undefined} aria-label={label} />}
      <span className="small">{text || 'working…'}</span>
      {isActiveJob(job.state) && onCancel && (
        <button type="button" className="danger" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  )
}
