/** Test helpers for the feature store: a FeaturesService on a temporary workspace, in-process jobs, the app's models and drift ports. */
import fs from 'node:fs'
import path from 'node:path'
import { tempApp, type TestApp } from '../../../../../tests/helpers/app'
import { ManualClock } from '../../../core/clock'
import { silentLogger } from '../../../core/log'
import type { EventName } from '../../../../shared/events'
import type { ViewInput } from '../../../../shared/contract/features'
import { inlineFeaturesExecutor, type FeaturesExecutor } from '../jobs'
import { FeaturesService } from '../service'
import { feastCases, writeCsv } from './cases'

export interface FeaturesHarness {
  t: TestApp
  features: FeaturesService
  clock: ManualClock
  dir: string
  events: { name: EventName; payload: any }[]
  cleanup(): Promise<void>
}

export function featuresHarness(
  opts: { executor?: FeaturesExecutor; start?: number; engine?: 'duckdb' | 'typescript' } = {}
): FeaturesHarness {
  const t = tempApp()
  const clock = new ManualClock(opts.start ?? Date.UTC(2021, 8, 17, 6, 0))
  const events: { name: EventName; payload: any }[] = []
  t.app.bus.subscribe((name, payload) => events.push({ name, payload }))
  const features = new FeaturesService({
    db: t.app.db,
    clock,
    bus: t.app.bus,
    logger: silentLogger,
    jobs: t.app.jobs,
    workspacePath: t.file,
    executor: opts.executor ?? inlineFeaturesExecutor,
    models: t.app.ports.get('models'),
    drift: t.app.ports.get('drift'),
    defaultEngine: opts.engine ?? 'typescript'
  })
  const dir = path.join(t.dir, 'data')
  fs.mkdirSync(dir)
  return { t, features, clock, dir, events, cleanup: () => t.cleanup() }
}

/** Feast's documented example (driver_hourly_stats, TTL 2 h) as files, and its view definition. */
export function feastDocs(dir: string): { entity: string; source: string; view: ViewInput } {
  const c = feastCases()[0]!
  const v = c.views[0]!
  const source = writeCsv(path.join(dir, 'driver_hourly_stats.csv'), v.featureColumns, v.featureRows)
  const entity = writeCsv(path.join(dir, 'entity_df.csv'), c.entityColumns, c.entityRows)
  return {
    entity,
    source,
    view: {
      name: 'driver_hourly_stats',
      description: 'Hourly trips and earnings per driver',
      owner: 'ml-platform',
      entities: [{ name: 'driver_id', type: 'int64' }],
      timestampField: 'timestamp',
      ttlSeconds: 7200,
      features: [
        { name: 'trips_today', type: 'int64', description: 'Trips since midnight' },
        { name: 'earnings_today', type: 'float64', description: 'Earnings since midnight' }
      ],
      source: { path: source }
    }
  }
}
