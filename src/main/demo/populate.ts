import fs from 'node:fs'
import path from 'node:path'
import type { App } from '../app'
import { populateCosts } from './demoCosts'
import { populateDrift, referencePath } from './demoDrift'
import { populateModels } from './demoModels'

export type DemoArea = 'models' | 'drift' | 'costs'

export interface DemoTimings {
  /** ms from the start of population until the area was filled (or found filled), per area; null if it failed */
  ms: Record<DemoArea, number | null>
  errors: Partial<Record<DemoArea, string>>
}

/** The folder beside a workspace that holds its generated demo files: demo.db → demo-data/. */
export function demoDataDir(workspaceFile: string): string {
  const stem = path.basename(workspaceFile).replace(/\.[^.]*$/, '')
  return path.join(path.dirname(path.resolve(workspaceFile)), `${stem}-data`)
}

/**
 * Fills Models, Drift and Costs with generated data through their service methods. Each area is skipped when the
 * workspace already holds its demo data, so a restart imports nothing twice.
 */
export async function populateDemo(
  app: App,
  opts: { dataDir: string; now?: number; signal?: AbortSignal; log?: (line: string) => void }
): Promise<DemoTimings> {
  const now = opts.now ?? app.clock.now()
  const log = opts.log ?? ((line: string) => app.logger.info(line))
  const dirs = {
    models: path.join(opts.dataDir, 'models'),
    drift: path.join(opts.dataDir, 'drift'),
    costs: path.join(opts.dataDir, 'costs')
  }
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true })
  const t0 = performance.now()
  const timings: DemoTimings = { ms: { models: null, drift: null, costs: null }, errors: {} }
  const area = async (name: DemoArea, fill: () => Promise<string>): Promise<void> => {
    if (opts.signal?.aborted) {
      timings.errors[name] = 'stopped before it started'
      return
    }
    try {
      const what = await fill()
      const ms = Math.round(performance.now() - t0)
      timings.ms[name] = ms
      log(`demo: ${name} ready after ${(ms / 1000).toFixed(1)} s (${what})`)
    } catch (err) {
      timings.errors[name] = err instanceof Error ? err.message : String(err)
      if (!opts.signal?.aborted) log(`demo: ${name} could not be filled: ${timings.errors[name]}`)
    }
  }
  const signal = opts.signal ? { signal: opts.signal } : {}
  // one area after the other: their imports write over their own connections, and side by side the main thread would
  // wait for the workers' write locks (over a second here), holding up the health poller
  await area('models', async () => {
    const r = await populateModels(app, dirs.models, { now, trainPath: referencePath(dirs.drift), ...signal })
    return r.imported ? 'MLflow store imported' : 'already imported'
  })
  await area('drift', async () => {
    const r = await populateDrift(app, dirs.drift, opts.signal)
    return r.runId !== null ? `check run ${r.runId} done` : 'already checked'
  })
  await area('costs', async () => {
    const r = await populateCosts(app, dirs.costs, { now, ...signal })
    return r.imported ? 'a year of FOCUS rows imported' : 'already imported'
  })
  return timings
}
