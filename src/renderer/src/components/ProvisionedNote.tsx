import type { ChannelInput } from '../../../shared/contract'
import { useChannel } from '../lib/queries'

/**
 * "Provisioned from <file>; edit the file": shown on a service, alert rule, feature view or dashboard that a file of the
 * provisioned folder defines. An edit here is allowed; the next apply of the file (its change, a restart, Provision now) wins.
 */
export function ProvisionedNote(props: ChannelInput<'dashboards:provisionedFrom'>) {
  const q = useChannel('dashboards:provisionedFrom', props)
  if (!q.data?.file) return null
  return (
    <div className="notice notice-warn" role="note" aria-label="Provisioned">
      Provisioned from <code>{q.data.file}</code>
      {q.data.folder && <> in {q.data.folder}</>}; edit the file. A change made here lasts until the file is applied again (its next change,
      a restart or Provision now).
    </div>
  )
}
