/** What other areas may use of drift: a narrow port that sets up a check between two files (the feature store's one click). */
import type { QueryOf } from '../../core/ports'

export interface FileCheckInput {
  name: string
  /** Registered as datasets re-read by every run of the check. */
  referencePath: string
  currentPath: string
  model: string
  version: string
  /** Columns present in the files that are not tested. */
  ignore: string[]
}

export interface DriftChecks {
  /** Registers both files as datasets and saves a check between them; undone if any step fails. */
  createFileCheck(input: FileCheckInput): Promise<{ checkId: number; name: string }>
}

declare module '../../core/ports' {
  interface Ports {
    drift: DriftChecks
  }
}

/** Reading checks and their run history (dashboards chart drift scores). */
export interface DriftReader {
  checks: QueryOf<'drift:checks'>
  check: QueryOf<'drift:check'>
}

declare module '../../core/ports' {
  interface Ports {
    driftReader: DriftReader
  }
}
