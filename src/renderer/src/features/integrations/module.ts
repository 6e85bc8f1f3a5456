import { lazyPage, type RendererModule } from '../../app/module'

/** Notification destinations (the alerting area's channels) and their delivery log. */
export const integrationsModule: RendererModule = {
  area: 'integrations',
  page: lazyPage(() => import('./IntegrationsPage'), 'IntegrationsPage'),
  actions: [
    {
      title: 'Add a notification channel',
      subtitle: 'Integrations: desktop, e-mail, Slack, PagerDuty, webhook',
      route: '/integrations/new'
    }
  ]
}
