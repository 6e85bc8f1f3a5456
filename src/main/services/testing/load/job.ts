/** One load test run as a worker job: read the variables, compile the plan, run it. */
import type { LoadPlan, LoadReport } from '../../../../shared/contract/testingLoad'
import { AppError } from '../../../../shared/errors'
import { readVariables } from '../files'
import { runLoadTest, type Progress } from './engine'
import { compilePlan, PlanError } from './plan'

export interface LoadJob {
  plan: LoadPlan
}

export async function runLoadJob(job: LoadJob, progress: Progress, signal?: AbortSignal): Promise<LoadReport> {
  let compiled
  try {
    compiled = compilePlan(job.plan, await readVariables(job.plan.variablesFile))
  } catch (err) {
    if (err instanceof PlanError) throw new AppError('VALIDATION', err.message, `plan.${err.field}`)
    throw err
  }
  return runLoadTest(compiled, progress, signal)
}

/** Where load tests run: a worker thread in the app, this thread in a few unit tests. */
export interface LoadExecutor {
  run(job: LoadJob, progress: Progress, signal?: AbortSignal): Promise<LoadReport>
}

export const inlineLoadExecutor: LoadExecutor = { run: runLoadJob }
