import type { ChannelOutput } from '../../../../shared/contract'
import { href } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { ErrorNotice } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useCommand } from '../../lib/queries'
import { describeSchedule } from './maintenanceDraft'

type Window = ChannelOutput<'maintenance:list'>[number]

/** Maintenance windows with their schedule, next start and whether they are in force now. */
export function MaintenanceTable({ windows, showService = true }: { windows: Window[]; showService?: boolean }) {
  const remove = useCommand('maintenance:delete', ['maintenance:list', 'services:get', 'health:overview'])
  return (
    <>
      {remove.error && <ErrorNotice error={remove.error} title="Could not delete the window" />}
      <div className="table-scroll">
        <table className="table compact maintenance-table">
          <thead>
            <tr>
              <th>Title</th>
              {showService && <th>Applies to</th>}
              <th>Schedule</th>
              <th>Now</th>
              <th>Next start</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {windows.map((w) => (
              <tr key={w.id}>
                <td>{w.title}</td>
                {showService && (
                  <td>
                    {w.serviceId === null ? (
                      <em>all services</em>
                    ) : (
                      <a href={href(`/services/${w.serviceId}`)}>{w.serviceName ?? `#${w.serviceId}`}</a>
                    )}
                  </td>
                )}
                <td>{describeSchedule(w, formatTime)}</td>
                <td>{w.activeNow ? <span className="pill MAINTENANCE">in force</span> : <span className="muted">—</span>}</td>
                <td>{w.nextStart === null ? <span className="muted">{w.activeNow ? 'now' : 'none'}</span> : formatTime(w.nextStart)}</td>
                <td className="num">
                  <ConfirmButton
                    className="danger"
                    disabled={remove.isPending}
                    question={`Delete the maintenance window “${w.title}”?`}
                    onConfirm={() => remove.mutate({ id: w.id })}
                  >
                    Delete
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
