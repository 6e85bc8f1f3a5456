import type { ChannelOutput } from '../../../../shared/contract'
import { href } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { ErrorNotice } from '../../components/States'
import { useCommand } from '../../lib/queries'
import { TimeAgo } from '../../components/TimeAgo'
import { ChannelKindIcon } from './ChannelKindIcon'
import { TestChannelButton } from './TestChannelButton'

type Channel = ChannelOutput<'alerts:channels'>[number]

/** Channels with their kind, whether a secret is stored (never the secret), and how the last delivery went. */
export function ChannelsTable({ channels }: { channels: Channel[] }) {
  const remove = useCommand('alerts:deleteChannel', ['alerts:channels', 'alerts:rules', 'alerts:deliveries'])
  return (
    <>
      {remove.error && <ErrorNotice error={remove.error} title="Could not delete the channel" />}
      <div className="table-scroll">
        <table className="table channels-table">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Name</th>
              <th>Enabled</th>
              <th>Secret</th>
              <th>Last delivery</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.id} className={c.enabled ? '' : 'row-disabled'}>
                <td>
                  <ChannelKindIcon kind={c.kind} />
                </td>
                <td>
                  <a href={href(`/integrations/${c.id}`)}>{c.name}</a>
                </td>
                <td>{c.enabled ? 'yes' : <span className="muted">no</span>}</td>
                <td>
                  {c.hasSecret ? (
                    <span title="Stored encrypted; never shown">
                      ✓ set{c.secretHint ? <span className="muted small"> ({c.secretHint})</span> : null}
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  {c.lastDelivery ? (
                    <span className={c.lastDelivery.ok ? 'ok-text' : 'count-down'} title={c.lastDelivery.error ?? undefined}>
                      {c.lastDelivery.ok ? '✓' : '✗'} <TimeAgo at={c.lastDelivery.at} />
                      {c.lastDelivery.error && <span className="small"> · {c.lastDelivery.error}</span>}
                    </span>
                  ) : (
                    <span className="muted">never</span>
                  )}
                </td>
                <td className="num nowrap">
                  <div className="row-actions">
                    <TestChannelButton id={c.id} />
                    <a className="button" href={href(`/integrations/${c.id}`)}>
                      Edit
                    </a>
                    {!c.builtin && (
                      <ConfirmButton
                        className="danger"
                        disabled={remove.isPending}
                        question={`Delete the channel “${c.name}”? Rules stop notifying it.`}
                        onConfirm={() => remove.mutate({ id: c.id })}
                      >
                        Delete
                      </ConfirmButton>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
