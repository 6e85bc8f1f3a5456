import fs from 'node:fs'
import path from 'node:path'
import type { DatasetSummary } from '../../shared/contract/drift'
import type { App } from '../app'
import { featureCsv } from './churnData'
import { CHURN_MODEL } from './demoModels'
import { writeFile } from './files'
import { followJob } from './follow'
import { Rng } from './random'

export const REFERENCE_NAME = 'churn training sample (v3)'
export const CURRENT_NAME = 'churn production, last 7 days'
export const CHECK_NAME = 'churn-classifier v3: production week'
/** Every day at 06:00 (server time). */
export const CHECK_SCHEDULE = '0 6 * * *'

export const referencePath = (dir: string): string => path.join(dir, 'churn-reference.csv')

/** Writes the reference/current pair if missing: 10,000 training rows and a drifted production week of 4,000. */
export async function writeDriftPair(dir: string): Promise<{ reference: string; current: string }> {
  const reference = referencePath(dir)
  const current = path.join(dir, 'churn-production-week.csv')
  if (!fs.existsSync(reference)) await writeFile(reference, await featureCsv(new Rng('control-console demo reference'), 10_000, false))
  if (!fs.existsSync(current)) await writeFile(current, await featureCsv(new Rng('control-console demo current'), 4_000, true))
  return { reference, current }
}

/** Registers both datasets against the champion version, saves a daily check and runs it once. */
export async function populateDrift(app: App, dir: string, signal?: AbortSignal): Promise<{ runId: number | null }> {
  const files = await writeDriftPair(dir)
  const dataset = async (name: string, path: string, role: 'reference' | 'current'): Promise<DatasetSummary> => {
    const byName = (): DatasetSummary | undefined => app.drift.datasets().find((d) => d.name === name)
    if (!byName()) await followJob(app, app.drift.startImport({ name, path, model: CHURN_MODEL, version: '3', role }), signal)
    const found = byName()
    if (!found) throw new Error(`the dataset ${name} was not imported`)
    return found
  }
  const reference = await dataset(REFERENCE_NAME, files.reference, 'reference')
  const current = await dataset(CURRENT_NAME, files.current, 'current')
  const check =
    app.drift.checks().find((c) => c.name === CHECK_NAME) ??
    app.drift.saveCheck({
      name: CHECK_NAME,
      model: CHURN_MODEL,
      version: '3',
      referenceId: reference.id,
      currentId: current.id,
      schedule: CHECK_SCHEDULE,
      driftShare: 0.3,
      predictionColumn: 'churn_score'
    })
  if (app.drift.check(check.id).runs.some((r) => r.state === 'done')) return { runId: null }
  if (app.drift.isRunning(check.id)) return { runId: null }
  const run = app.drift.runNow(check.id)
  await followJob(app, run, signal)
  const { runId } = run
  return { runId }
}
