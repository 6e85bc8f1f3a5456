import { href } from '../../app/router'
import { useChannel } from '../../lib/queries'

/** Which notification channels the rule tells; checkboxes, disabled channels marked. */
export function ChannelPicker({
  value,
  onChange,
  error
}: {
  value: number[]
  onChange: (ids: number[]) => void
  error?: string | undefined
}) {
  const channels = useChannel('alerts:channels')
  const list = channels.data ?? []
  return (
    <fieldset className="channel-picker">
      <legend>Notify these channels</legend>
      {channels.isPending && <span className="muted">Loading channels…</span>}
      {channels.data && list.length === 0 && (
        <span className="muted">
          No channels yet: <a href={href('/integrations/new')}>add one under Integrations</a>.
        </span>
      )}
      {list.map((c) => (
        <label key={c.id} className="checkbox">
          <input
            type="checkbox"
            checked={value.includes(c.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, c.id] : value.filter((x) => x !== c.id))}
          />
          {c.name}{' '}
          <span className="muted small">
            ({c.kind}
            {c.enabled ? '' : ', disabled'})
          </span>
        </label>
      ))}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  )
}
