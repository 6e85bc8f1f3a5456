/** What the parts of the feature store share: repo, views, clock, jobs, the executor, ports and where files go. */
import path from 'node:path'
import { AppError, invalid } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { JobService } from '../../core/jobs'
import type { Logger } from '../../core/log'
import type { DriftChecks } from '../drift/api'
import type { ModelRegistryPort } from '../models/api'
import { FeatureInputError } from './files'
import type { FeaturesExecutor } from './jobs'
import type { FeaturesRepo } from './repo'
import type { Views } from './views'

export interface FeaturesDeps {
  repo: FeaturesRepo
  views: Views
  clock: Clock
  bus: EventBus
  logger: Logger
  jobs: JobService
  executor: FeaturesExecutor
  /** The workspace file: workers open their own connection to it; default output folders sit beside it. */
  workspacePath: string
  nativeBinding?: string | undefined
  models?: ModelRegistryPort | undefined
  drift?: DriftChecks | undefined
  /** Engine used by `auto` (measured: see README); tests pin it. */
  defaultEngine?: 'duckdb' | 'typescript'
}

export type Kind = 'view' | 'training-set' | 'online' | 'statistics'

export function publish(deps: FeaturesDeps, kind: Kind, name: string): void {
  deps.bus.publish('features:changed', { kind, name, at: deps.clock.now() })
}

/** A folder beside the workspace for the feature store's own files. */
export const workspaceFolder = (deps: FeaturesDeps, name: string): string => path.join(path.dirname(deps.workspacePath), name)

/** Problems with the user's files become VALIDATION errors on their field; the rest passes through. */
export function userError(err: unknown): unknown {
  if (err instanceof FeatureInputError) return invalid(err.field, err.message)
  if (err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).code === 'EACCES')
    return invalid('path', 'cannot read it (permission denied)')
  return err
}

export const isAbort = (err: unknown): boolean => err instanceof Error && err.name === 'AbortError'

export const internal = (message: string): AppError => new AppError('INTERNAL', message)
