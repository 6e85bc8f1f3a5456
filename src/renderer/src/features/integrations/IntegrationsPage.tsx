import type { Route } from '../../app/router'
import { ChannelEditPage } from './ChannelEditPage'
import { ChannelsOverviewPage } from './ChannelsOverviewPage'

/** #/integrations: notification channels and the delivery log; #/integrations/new, #/integrations/<id>. */
export function IntegrationsPage({ route }: { route: Route }) {
  const [sub] = route.parts
  if (sub === 'new') return <ChannelEditPage key="new" id={null} />
  if (sub && /^\d+$/.test(sub)) return <ChannelEditPage key={sub} id={Number(sub)} />
  return <ChannelsOverviewPage />
}
