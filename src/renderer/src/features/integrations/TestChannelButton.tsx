import { formatMs } from '../../lib/format'
import { describeError } from '../../lib/client'
import { useCommand } from '../../lib/queries'

/** Sends a test notification now and says what came back. */
export function TestChannelButton({ id }: { id: number }) {
  const test = useCommand('alerts:testChannel', ['alerts:channels', 'alerts:deliveries'])
  const r = test.data
  return (
    <span className="test-channel">
      <button type="button" disabled={test.isPending} onClick={() => test.mutate({ id })}>
        {test.isPending ? 'Sending…' : 'Send test'}
      </button>
      {r && !test.isPending && (
        <span className={`test-result ${r.ok ? 'ok' : 'failed'}`} role="status">
          {r.ok ? '✓ delivered' : `✗ ${r.error ?? 'failed'}`}
          {r.responseCode !== null && ` · HTTP ${r.responseCode}`} · {formatMs(r.durationMs)}
        </span>
      )}
      {test.error && (
        <span className="test-result failed" role="alert">
          ✗ {describeError(test.error)}
        </span>
      )}
    </span>
  )
}
