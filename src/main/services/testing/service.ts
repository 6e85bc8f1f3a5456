/** The testing area's facade: load tests, security scans, deploys and verification, probes, faults and recovery drills. */
import type { HealthChecks } from '../health/api'
import type { TestingContext } from './context'
import { inlineLoadExecutor, type LoadExecutor } from './load/job'
import { LoadTests } from './load/loadTests'
import { TestingRepo } from './repo'
import { Deploys } from './deploy/deploys'
import { Suites } from './deploy/suites'
import { Tokens } from './tokens'
import { Probes } from './probes'
import { Faults } from './faults/faults'
import { Drills } from './drills'
import type { SettingsStore } from '../../core/settings'
import type { WorkspaceBackups } from '../workspace/api'
import { Scans } from './scan/scans'
import { ScheduleTimer } from './schedule'

export interface TestingDeps extends Omit<TestingContext, 'changed'> {
  healthChecks: HealthChecks
  workspace: WorkspaceBackups
  settings: SettingsStore
  /** Where load tests run (the app: a worker thread). */
  loadExecutor?: LoadExecutor
}

export class TestingService {
  readonly repo: TestingRepo
  readonly load: LoadTests
  readonly scans: Scans
  readonly suites: Suites
  readonly deploys: Deploys
  readonly tokens: Tokens
  readonly probes: Probes
  readonly faults: Faults
  readonly drills: Drills
  private ctx: TestingContext
  private timer: ScheduleTimer

  constructor(deps: TestingDeps) {
    this.repo = new TestingRepo(deps.db)
    this.repo.interruptRunning(deps.clock.now())
    this.ctx = {
      ...deps,
      changed: (kind, id) => deps.bus.publish('testing:changed', { kind, id, at: deps.clock.now() })
    }
    this.load = new LoadTests(this.ctx, this.repo.load, deps.loadExecutor ?? inlineLoadExecutor)
    this.scans = new Scans(this.ctx, this.repo.scans, () => this.timer.arm())
    this.suites = new Suites(this.ctx, this.repo.deploys, this.repo.load, deps.healthChecks, this.load, () => this.timer.arm())
    this.deploys = new Deploys(this.ctx, this.repo.deploys, this.suites)
    this.tokens = new Tokens(this.ctx, this.repo.tokens)
    this.probes = new Probes(this.ctx, this.repo.tokens, deps.healthChecks)
    this.faults = new Faults(this.ctx, this.repo.faults)
    this.drills = new Drills(this.ctx, this.repo.drills, deps.workspace, deps.settings, () => this.timer.arm())
    this.timer = new ScheduleTimer(() => deps.clock.now(), [this.scans, this.suites, this.drills])
  }

  /** Schedules (scans, drills, baseline runs) and subscriptions. */
  start(): void {
    this.timer.start()
    void this.faults.startAll()
  }

  async stop(): Promise<void> {
    this.timer.stop()
    await this.faults.stopAll()
  }
}
