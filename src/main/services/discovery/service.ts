/**
 * Tool discovery: what on this machine the console can work with, and what it offers for each (an import, a metrics
 * source, an MLOps job, a hint). Read-only: probes list folders, read named config files for names, run tools'
 * local commands with fixed arguments, and ask loopback or unix-socket daemons if they answer.
 */
import type { DiscoveryResults } from '../../../shared/contract/discovery'
import type { JobStarted } from '../../../shared/contract/jobs'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import { startedOf, type JobService, type JobSpec } from '../../core/jobs'
import type { SettingsStore } from '../../core/settings'
import { isLoopbackUrl, type ProbeEnv } from './probeEnv'
import { scanTools } from './scan'
import { discoverySettings } from './settings'

export type ProbeOptions = Omit<ProbeEnv, 'signal' | 'folders'>

/** PATH, HOME and the rest from the console's environment, read at each scan. */
export function defaultProbeOptions(vars: Record<string, string | undefined> = process.env): ProbeOptions {
  const prom = vars['CONSOLE_DISCOVERY_PROMETHEUS']
  return {
    vars,
    timeoutMs: 4000,
    prometheusUrl: prom && isLoopbackUrl(prom) ? prom.replace(/\/$/, '') : 'http://127.0.0.1:9090',
    systemSockets: { docker: ['/var/run/docker.sock'], podman: ['/run/podman/podman.sock'] }
  }
}

export interface DiscoveryDeps {
  clock: Clock
  bus: EventBus
  jobs: JobService
  settings: SettingsStore
  probe?: Partial<ProbeOptions>
}

export class DiscoveryService {
  private last: DiscoveryResults | null = null

  constructor(private deps: DiscoveryDeps) {}

  results(): DiscoveryResults {
    return this.last ?? { scannedAt: null, folders: this.deps.settings.read(discoverySettings).folders, findings: [] }
  }

  startScan(folders: string[]): JobStarted {
    return startedOf(this.deps.jobs.start(this.scanJob(folders)))
  }

  /** Tests await this. */
  scan(folders: string[]): Promise<DiscoveryResults> {
    return this.deps.jobs.run(() => this.scanJob(folders))
  }

  private scanJob(folders: string[]): JobSpec<DiscoveryResults> {
    this.deps.settings.write(discoverySettings, { folders }, this.deps.clock.now())
    return {
      kind: 'discovery:scan',
      area: 'extensions',
      title: 'Look for tools on this machine',
      unit: 'probes',
      route: '/extensions/tools',
      run: async (job) => {
        const options = { ...defaultProbeOptions(), ...this.deps.probe }
        let done = 0
        job.progress(0, 9, 'probing')
        const findings = await scanTools({ ...options, folders, signal: job.signal }, (tool) => job.progress(++done, 9, `${tool} done`))
        job.throwIfCancelled()
        this.last = { scannedAt: this.deps.clock.now(), folders, findings }
        this.deps.bus.publish('discovery:changed', { at: this.last.scannedAt! })
        return this.last
      },
      result: (r) => ({ found: r.findings.filter((f) => f.state === 'found').map((f) => f.tool) })
    }
  }
}
