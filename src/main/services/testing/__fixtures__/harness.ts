/** Test helpers of the testing area: a service with an HTTP check in the health area, plans with defaults. */
import { ServiceInput } from '../../../../shared/contract/health'
import type { App } from '../../../app'

export function addService(app: App, name: string, url: string, extra: { conditions?: string[] } = {}): { id: number; checkIds: number[] } {
  const { id } = app.health.createService(
    ServiceInput.parse({
      name,
      checks: [{ name: 'health', intervalS: 60, config: { kind: 'http', url, timeoutMs: 2000, conditions: extra.conditions ?? [] } }]
    })
  )
  return { id, checkIds: app.health.checkIdsOf({ serviceId: id }) }
}
