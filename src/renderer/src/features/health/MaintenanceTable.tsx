import type { ChannelOutput } from '../../../../shared/contract'
import { ConfirmButton } from '../../components/ConfirmButton'
import { ErrorNotice } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useCommand } from '../../lib/queries'
import { describeSchedule } from './maintenanceDraft'
import { MaintenanceScopeCell } from './MaintenanceScopeCell'

type Window = ChannelOutput<'maintenance:list'>[number]

/** Maintenance windows with their schedule, next start and whether they are in force now. */
export function MaintenanceTable({
  windows,
  showService = true,
  onEdit
}: {
  windows: Window[]
  showService?: boolean
  onEdit?: (w: Window) => void
}) {
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
                    <MaintenanceScopeCell window={w} />
                  </td>
                )}
                <td>{describeSchedule(w, formatTime)}</td>
                <td>{w.activeNow ? <span className="pill MAINTENANCE">in force</span> : <span className="muted">—</span>}</td>
                <td>{w.nextStart === null ? <span className="muted">{w.activeNow ? 'now' : 'none'}</span> : formatTime(w.nextStart)}</td>
                <td className="num row-actions">
                  {onEdit && (
                    <button type="button" onClick={() => onEdit(w)} aria-label={`Edit ${w.title}`}>
                      Edit
                    </button>
                  )}
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
