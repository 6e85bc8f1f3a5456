import type { Series } from './series'

/** One run as every importer hands it to the writer, whatever its source. */
export interface ParsedRun {
  runUuid: string
  experimentExternalId: string
  name: string
  status: string
  startTime: number | null
  endTime: number | null
  userId: string | null
  artifactUri: string | null
  lifecycleStage: string
  params: Map<string, string>
  tags: Map<string, string>
  /** Metric histories; null when the run is unchanged and its metrics were not read. */
  metrics: Map<string, Series> | null
  contentHash: string
  /** Local folder of the run (file store), to resolve artifact paths. */
  localDir?: string
}

export interface ParsedExperiment {
  externalId: string
  name: string
  artifactLocation: string | null
  lifecycleStage: string
  createdAt: number | null
  updatedAt: number | null
  tags: Record<string, string>
}

export interface ParsedVersion {
  version: number
  createdAt: number
  updatedAt: number
  runUuid: string | null
  source: string
  status: string
  stage: string
  description: string
  tags: Record<string, string>
  /** Local file or folder with the version's artifact, when it can be found. */
  artifactLocalPath: string | null
}

export interface ParsedModel {
  name: string
  description: string
  createdAt: number
  updatedAt: number
  tags: Record<string, string>
  aliases: Record<string, number>
  versions: ParsedVersion[]
}

export interface Skip {
  path: string
  reason: string
}

/** What the importer asks of a parser between files: stop if cancelled, say how far it got. */
export interface ParseContext {
  signal?: AbortSignal | undefined
  progress(done: number, total: number | null, message?: string): void
  skip(path: string, reason: string): void
  warn(message: string): void
  /** Content hash of an already imported run, so unchanged runs are not read again. */
  knownHash(runUuid: string): string | undefined
}

export const RUN_STATUS: Record<string, string> = { '1': 'RUNNING', '2': 'SCHEDULED', '3': 'FINISHED', '4': 'FAILED', '5': 'KILLED' }
