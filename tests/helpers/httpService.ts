import type { TestApp } from './app'
import { httpCheck } from './health'

/** A service with one HTTP check of `url` (health reports interpreted), announced so alert rules are made for it. */
export function addHttpService(app: TestApp['app'], url: string, name = 'payments', checkName = 'health') {
  const { id } = app.health.createService({
    name,
    environment: 'production',
    region: 'eu',
    description: '',
    tags: {},
    checks: [
      {
        name: checkName,
        intervalS: 60,
        retries: 0,
        paused: false,
        config: httpCheck(url)
      }
    ]
  })
  app.bus.publish('health:config', { at: Date.now() })
  return { serviceId: id, checkId: app.health.serviceDetail(id).checks[0]!.id }
}
