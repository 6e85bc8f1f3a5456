/** What other areas may know of health: a narrow read port (alerts, costs, later logs and testing use it). */
import type { ConfigFiles } from '../../core/configFiles'
import type { QueryOf } from '../../core/ports'
import type { RegionalResult } from './regions'
import type { ResultEvent } from './runner'
import type { ExtCheckRunner } from './checks/run'

export type { ResultEvent } from './runner'
export type { RegionalResult } from './regions'
export type { ExtCheckRunner } from './checks/run'

export interface ServiceRef {
  id: number
  name: string
  environment: string
  region: string
}

export interface CheckRef {
  id: number
  serviceId: number
  name: string
}

/** One stored raw result, for replays (the alert rule backtest). */
export interface RawResult {
  checkId: number
  serviceId: number
  checkName: string
  ts: number
  /** 0 up, 1 degraded, 2 down */
  status: number
  latencyMs: number
  maintenance: number
  error: string | null
}

export interface HealthReader {
  /** Every finished check, in process (high rate: not on the bus). */
  onResult(listener: (e: ResultEvent) => void): () => void
  services(): ServiceRef[]
  service(id: number): ServiceRef | undefined
  check(id: number): CheckRef | undefined
  /** The checks of a service, by name. */
  checks(serviceId: number): CheckRef[]
  inMaintenance(serviceId: number, at?: number): boolean
  /** How many days raw results are kept. */
  rawDays(): number
  /** Raw results since `from`, oldest first, of one check, one service or all. */
  rawResults(scope: { checkId: number | null; serviceId: number | null }, from: number): Iterable<RawResult>
  /** How many times a service's checks ran in [from, to) (from hourly rollups). */
  checkRuns(serviceId: number, from: number, to: number): number
}

/** What a check run on demand answers (the result is recorded like any other). */
export interface CheckRunOutcome {
  state: string
  status: 'UP' | 'DEGRADED' | 'DOWN'
  latencyMs: number
  error: string | null
}

/** Running checks for other areas (post-deploy verification): narrow, and every run is a normal recorded result. */
export interface HealthChecks {
  /** The checks of a service, with their configuration. */
  checksOf(serviceId: number): (CheckRef & { intervalS: number; config: Record<string, unknown> })[]
  /** Runs a check now, records its result and answers it. */
  runNow(checkId: number): Promise<CheckRunOutcome>
  /** Every check with its configuration (what probe agents run elsewhere). */
  allChecks(): (CheckRef & { intervalS: number; paused: boolean; config: Record<string, unknown> })[]
  /** Results a probe agent ran in `region`: each check gets a state per region (health:regions). */
  recordRegional(region: string, results: RegionalResult[]): { accepted: number; unknown: number }
}

/** Check kinds from outside the area: `ext:<extension id>/<kind>` checks are handed to the runner set here. */
export interface HealthCheckKinds {
  setExtensionRunner(run: ExtCheckRunner | null): void
}

declare module '../../core/ports' {
  interface Ports {
    health: HealthReader
    /** `*.services.yaml` files of the provisioned folder. */
    healthFiles: ConfigFiles
    healthChecks: HealthChecks
    healthCheckKinds: HealthCheckKinds
  }
}

/** The health views as `health:overview` and `health:series` answer them (dashboards' uptime, latency and status panels). */
export interface HealthViews {
  overview: QueryOf<'health:overview'>
  series: QueryOf<'health:series'>
}

declare module '../../core/ports' {
  interface Ports {
    healthViews: HealthViews
  }
}
