import type { App } from '../app'
import { fleetYaml, startFleet, type RunningFleet } from './fleet'

/** Point a workspace at a freshly started fleet: replace the demo services, keep their history. */
export async function setUpDemo(app: App, opts: { cycleMs?: number; now?: () => number } = {}): Promise<RunningFleet> {
  const fleet = await startFleet(opts)
  app.health.importYaml(fleetYaml(fleet), 'replace', false)
  const reporting = app.health.overview().find((s) => s.name === 'reporting')
  const now = app.clock.now()
  const hasWindow = app.health.maintenanceList(reporting?.id).some((w) => w.serviceId === reporting?.id && w.activeNow)
  if (reporting && !hasWindow) {
    app.health.createMaintenance({ serviceId: reporting.id, title: 'Warehouse migration (demo)', kind: 'once', startsAt: now, endsAt: now + 2 * 3_600_000 })
  }
  const checkout = app.health.overview().find((s) => s.name === 'checkout-api')
  if (checkout && !app.health.maintenanceList(checkout.id).some((w) => w.serviceId === checkout.id)) {
    app.health.createMaintenance({ serviceId: checkout.id, title: 'Weekly database patching', kind: 'weekly', days: [0], startTime: '02:00', durationMin: 60, timeZone: 'Europe/Berlin' })
  }
  return fleet
}
