import type { ChannelOutput } from '../../../../shared/contract'
import { href } from '../../app/router'
import { StatePill } from '../../components/StatePill'

type Failure = NonNullable<ChannelOutput<'alerts:get'>['failure']>

/** The failing check and what its health components said when the alert fired ("postgres is unreachable"). */
export function FailureCard({ failure, serviceId }: { failure: Failure; serviceId: number | null }) {
  return (
    <section className="card failure-card" aria-labelledby="failure-heading">
      <div className="card-head">
        <h2 id="failure-heading">What was failing</h2>
        {serviceId !== null && (
          <a className="small" href={href(`/services/${serviceId}`)}>
            Open the service
          </a>
        )}
      </div>
      <dl className="facts">
        <dt>Check</dt>
        <dd className="failure-check">{failure.checkName}</dd>
        <dt>Check said</dt>
        <dd className="failure-error">{failure.error ?? 'no error text'}</dd>
      </dl>
      {failure.components.length > 0 ? (
        <table className="table compact failure-components">
          <thead>
            <tr>
              <th>Component</th>
              <th>Status</th>
              <th>Output</th>
            </tr>
          </thead>
          <tbody>
            {failure.components.map((c) => (
              <tr key={c.key}>
                <td className="mono">{c.key}</td>
                <td>
                  <StatePill state={c.status} />
                </td>
                <td className="wrap component-output">{c.output ?? <span className="muted">(no output)</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">
          No failing health components were reported: the response was not a health report (application/health+json or a Spring Boot
          actuator body), so only the check’s own error is known.
        </p>
      )}
    </section>
  )
}
