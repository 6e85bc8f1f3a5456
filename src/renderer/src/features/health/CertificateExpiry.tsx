import type { CheckView } from '../../../../shared/contract'

/** Days left on the certificate and the date it expires; warns inside the check's warning window. */
export function CertificateExpiry({ check }: { check: CheckView }) {
  if (check.certDaysLeft === null || check.certExpiresAt === null) return null
  const warnDays = typeof check.config.warnDays === 'number' ? check.config.warnDays : 14
  const days = Math.floor(check.certDaysLeft)
  const tone = days < 0 ? 'count-down' : days <= warnDays ? 'count-warn' : ''
  const date = new Date(check.certExpiresAt).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
  return (
    <>
      <dt>Certificate</dt>
      <dd className={tone}>
        {days < 0 ? `expired ${-days} d ago` : `${days} d left`} (expires {date})
      </dd>
    </>
  )
}
