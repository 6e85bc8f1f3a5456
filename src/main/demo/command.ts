import type { App } from '../app'
import { fleetYaml, startFleet, type RunningFleet } from './fleet'
import { demoDataDir, populateDemo, type DemoTimings } from './populate'

export interface DemoOptions {
  cycleMs?: number
  now?: () => number
  /** Fill Models, Drift and Costs with generated data in the background (default: yes). */
  populate?: boolean
  /** Where the generated files go (default: `<workspace stem>-data` beside the workspace). */
  dataDir?: string
  log?: (line: string) => void
}

export interface DemoRun extends RunningFleet {
  /** Resolves when Models, Drift and Costs are filled; close() cancels what is still running. */
  populated: Promise<DemoTimings>
}

/**
 * Point a workspace at a freshly started fleet (replace the demo services, keep their history), then fill the
 * other areas with generated data in the background.
 */
export async function setUpDemo(app: App, opts: DemoOptions = {}): Promise<DemoRun> {
  const fleet = await startFleet(opts)
  app.health.importYaml(fleetYaml(fleet), 'replace', false)
  const reporting = app.health.overview().find((s) => s.name === 'reporting')
  const now = app.clock.now()
  const hasWindow = app.health.maintenanceList(reporting?.id).some((w) => w.serviceIds.includes(reporting?.id ?? -1) && w.activeNow)
  if (reporting && !hasWindow) {
    app.health.createMaintenance({
      scope: 'services',
      serviceIds: [reporting.id],
      title: 'Warehouse migration (demo)',
      kind: 'once',
      startsAt: now,
      endsAt: now + 2 * 3_600_000
    })
  }
  const checkout = app.health.overview().find((s) => s.name === 'checkout-api')
  if (checkout && !app.health.maintenanceList(checkout.id).some((w) => w.serviceIds.includes(checkout.id))) {
    app.health.createMaintenance({
      scope: 'services',
      serviceIds: [checkout.id],
      title: 'Weekly database patching',
      kind: 'weekly',
      days: [0],
      startTime: '02:00',
      durationMin: 60,
      timeZone: 'Europe/Berlin'
    })
  }
  wireDemoAlerts(app, fleet)
  const stop = new AbortController()
  const populated =
    opts.populate === false
      ? Promise.resolve<DemoTimings>({ ms: { models: null, drift: null, costs: null }, errors: {} })
      : populateDemo(app, {
          dataDir: opts.dataDir ?? demoDataDir(app.db.name),
          signal: stop.signal,
          ...(opts.log ? { log: opts.log } : {})
        })
  return {
    ...fleet,
    populated,
    close: async () => {
      stop.abort()
      await populated
      await fleet.close()
    }
  }
}

/** A webhook channel to the fleet's ops bot, attached with the desktop to every default down rule. */
function wireDemoAlerts(app: App, fleet: RunningFleet): void {
  const name = 'Demo ops bot (webhook)'
  const existing = app.alerts.channels().find((c) => c.name === name)
  const input = {
    name,
    config: { kind: 'webhook' as const, headers: {}, retries: 2, timeoutMs: 5000 },
    secret: `${fleet.hookUrl}\ndemo-signing-key`,
    enabled: true
  }
  const hookId = existing ? app.alerts.updateChannel(existing.id, input).id : app.alerts.createChannel(input).id
  app.alerts.ensureDefaultRules()
  for (const r of app.alerts.rules()) {
    if (!r.builtin || r.channelIds.includes(hookId)) continue
    app.alerts.updateRule(r.id, {
      name: r.name,
      serviceId: r.serviceId,
      checkId: r.checkId,
      condition: r.condition as never,
      forS: r.forS,
      severity: r.severity,
      labels: r.labels,
      runbook: r.runbook,
      channelIds: [...r.channelIds, hookId],
      reminderS: r.reminderS,
      notifyResolve: r.notifyResolve,
      enabled: r.enabled
    })
  }
}
