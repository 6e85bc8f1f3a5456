import { z } from 'zod'
import { command, query, viewEvent } from './define'
import { FileInspection, InspectedColumn } from './files'
import { JobStarted } from './jobs'
import { filePath } from './paths'

/** Data and prediction drift: datasets (imported or registered files), checks, runs and per-column results. */

export const COLUMN_KINDS = ['numeric', 'categorical', 'boolean', 'datetime', 'text'] as const
export const ColumnKind = z.enum(COLUMN_KINDS)
export type ColumnKind = z.infer<typeof ColumnKind>

export const DRIFT_TESTS = ['ks', 'chi-square', 'z', 'wasserstein', 'jensen-shannon', 'psi'] as const
export const DriftTest = z.enum(DRIFT_TESTS)
export type DriftTest = z.infer<typeof DriftTest>

/** Plain-language name of each test, for tables and forms. */
export const DRIFT_TEST_LABELS: Record<DriftTest, string> = {
  ks: 'Kolmogorov–Smirnov',
  'chi-square': 'Chi-square',
  z: 'Z-test (proportions)',
  wasserstein: 'Wasserstein (normed)',
  'jensen-shannon': 'Jensen–Shannon',
  psi: 'PSI'
}

/** p-value tests flag drift when p < threshold; distance tests when the distance ≥ threshold. */
export const DRIFT_TEST_KIND: Record<DriftTest, 'pvalue' | 'distance'> = {
  ks: 'pvalue',
  'chi-square': 'pvalue',
  z: 'pvalue',
  wasserstein: 'distance',
  'jensen-shannon': 'distance',
  psi: 'distance'
}

export const DELIMITERS = [',', ';', '\t', '|'] as const
export const Delimiter = z.enum(DELIMITERS)

const id = z.int().positive()
const name = z.string().trim().min(1, 'must not be empty').max(120)
const text = z.string().trim().max(200)
const absolutePath = filePath()

export const ColumnSpec = z.strictObject({ name: z.string().min(1).max(300), kind: ColumnKind })
export type ColumnSpec = z.infer<typeof ColumnSpec>

export const InspectInput = z.strictObject({
  path: absolutePath,
  delimiter: Delimiter.optional(),
  header: z.boolean().optional()
})

/** The shared file inspection, with drift's column kind (and why, when the values disagree) and the files of a folder. */
export const Inspection = FileInspection.extend({
  files: z.array(z.string()),
  columns: z.array(InspectedColumn.extend({ kind: ColumnKind, message: z.string().nullable() }))
})
export type Inspection = z.infer<typeof Inspection>

export const DatasetRole = z.enum(['reference', 'current', 'none'])

export const DatasetInput = z.strictObject({
  name,
  path: absolutePath,
  /** import: read once and keep the data; register: keep the path, re-read by every check run. */
  mode: z.enum(['import', 'register']).default('import'),
  delimiter: Delimiter.optional(),
  header: z.boolean().optional(),
  /** The schema as edited by the user; omitted → inferred. */
  columns: z.array(ColumnSpec).max(2000).optional(),
  model: text.default(''),
  version: text.default(''),
  role: DatasetRole.default('none')
})
export type DatasetInput = z.input<typeof DatasetInput>

export const DatasetColumn = z.object({
  name: z.string(),
  kind: ColumnKind,
  missing: z.number(),
  unique: z.number(),
  message: z.string().nullable()
})
export type DatasetColumn = z.infer<typeof DatasetColumn>

export const DatasetSummary = z.object({
  id: z.number(),
  name: z.string(),
  mode: z.enum(['import', 'register']),
  path: z.string(),
  format: z.enum(['csv', 'parquet']),
  rows: z.number(),
  columnCount: z.number(),
  model: z.string(),
  version: z.string(),
  role: DatasetRole,
  importedAt: z.number(),
  bytes: z.number(),
  warnings: z.array(z.string())
})
export type DatasetSummary = z.infer<typeof DatasetSummary>

export const DatasetDetail = DatasetSummary.extend({
  delimiter: z.string().nullable(),
  header: z.boolean(),
  encoding: z.string(),
  columns: z.array(DatasetColumn)
})
export type DatasetDetail = z.infer<typeof DatasetDetail>

export const ColumnOverride = z.strictObject({
  test: DriftTest.optional(),
  threshold: z.number().positive().max(1000).optional(),
  ignore: z.boolean().optional(),
  /** Test a column that looks like an ID (unique per row); such columns are left out by default. */
  include: z.boolean().optional()
})
export type ColumnOverride = z.infer<typeof ColumnOverride>

export const DriftCheckInput = z.strictObject({
  id: id.optional(),
  name,
  model: text.default(''),
  version: text.default(''),
  referenceId: id,
  currentId: id,
  /** Cron expression (5 or 6 fields); null runs only on demand. */
  schedule: z.string().trim().max(120).nullable().default(null),
  /** IANA time zone the schedule runs in; omitted or empty: the console machine's zone. */
  timezone: z.string().trim().max(64).optional(),
  driftShare: z.number().gt(0, 'must be above 0').max(1, 'must be at most 1').default(0.5),
  predictionColumn: z.string().max(300).nullable().default(null),
  targetColumn: z.string().max(300).nullable().default(null),
  columns: z.record(z.string().max(300), ColumnOverride).default({})
})
export type DriftCheckInput = z.input<typeof DriftCheckInput>

export const RunState = z.enum(['running', 'done', 'failed', 'cancelled'])
export type RunState = z.infer<typeof RunState>

export const DriftRunSummary = z.object({
  id: z.number(),
  checkId: z.number(),
  trigger: z.enum(['manual', 'schedule']),
  state: RunState,
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  share: z.number().nullable(),
  tested: z.number(),
  drifted: z.number(),
  datasetDrift: z.boolean(),
  predictionDrift: z.boolean().nullable(),
  targetDrift: z.boolean().nullable(),
  referenceRows: z.number(),
  currentRows: z.number(),
  error: z.string().nullable()
})
export type DriftRunSummary = z.infer<typeof DriftRunSummary>

export const DriftCheckSummary = z.object({
  id: z.number(),
  name: z.string(),
  model: z.string(),
  version: z.string(),
  referenceId: z.number(),
  referenceName: z.string().nullable(),
  currentId: z.number(),
  currentName: z.string().nullable(),
  schedule: z.string().nullable(),
  /** IANA time zone of the schedule. */
  timezone: z.string(),
  nextRunAt: z.number().nullable(),
  driftShare: z.number(),
  predictionColumn: z.string().nullable(),
  targetColumn: z.string().nullable(),
  columns: z.record(z.string(), ColumnOverride),
  lastRun: DriftRunSummary.nullable()
})
export type DriftCheckSummary = z.infer<typeof DriftCheckSummary>

export const DriftCheckDetail = DriftCheckSummary.extend({ runs: z.array(DriftRunSummary) })
export type DriftCheckDetail = z.infer<typeof DriftCheckDetail>

export const ColumnResult = z.object({
  name: z.string(),
  role: z.enum(['feature', 'prediction', 'target']),
  kind: ColumnKind.nullable(),
  test: DriftTest.nullable(),
  scoreKind: z.enum(['pvalue', 'distance']).nullable(),
  /** The test's statistic (KS D, chi², z, or the distance itself). */
  statistic: z.number().nullable(),
  /** p-value (p-value tests) or distance (distance tests): the number compared with the threshold. */
  score: z.number().nullable(),
  threshold: z.number().nullable(),
  drifted: z.boolean(),
  overridden: z.boolean(),
  psi: z.number().nullable(),
  psiLevel: z.enum(['none', 'moderate', 'significant']).nullable(),
  missingReference: z.number().nullable(),
  missingCurrent: z.number().nullable(),
  unseen: z.array(z.string()),
  unseenCount: z.number(),
  explanation: z.string(),
  message: z.string().nullable(),
  /** Why the column was left out by default (e.g. "unique per row"); absent in runs from before. */
  leftOut: z.string().nullable().optional()
})
export type ColumnResult = z.infer<typeof ColumnResult>

export const DriftRunDetail = DriftRunSummary.extend({
  checkName: z.string(),
  driftShare: z.number(),
  columns: z.array(ColumnResult)
})
export type DriftRunDetail = z.infer<typeof DriftRunDetail>

const SideStats = z.object({
  n: z.number(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable()
})

export const ColumnDetail = z.object({
  runId: z.number(),
  checkId: z.number(),
  column: ColumnResult,
  /** Numeric / datetime: shares per shared bin and ECDF points. */
  numeric: z
    .object({
      edges: z.array(z.number()),
      reference: z.array(z.number()),
      current: z.array(z.number()),
      ecdf: z.object({ x: z.array(z.number()), reference: z.array(z.number()), current: z.array(z.number()) }),
      referenceStats: SideStats,
      currentStats: SideStats
    })
    .nullable(),
  /** Categorical / boolean: shares per category (largest first; the rest folded into “other”). */
  categories: z
    .object({
      labels: z.array(z.string()),
      reference: z.array(z.number()),
      current: z.array(z.number()),
      /** Row counts per category (absent in runs from before). */
      referenceCounts: z.array(z.number()).optional(),
      currentCounts: z.array(z.number()).optional()
    })
    .nullable()
})
export type ColumnDetail = z.infer<typeof ColumnDetail>

/** What a check would test, before it runs: the test "default" resolves to per column, and the columns left out. */
export const PlanInput = z.strictObject({
  referenceId: id,
  currentId: id,
  predictionColumn: z.string().max(300).nullable().default(null),
  targetColumn: z.string().max(300).nullable().default(null),
  columns: z.record(z.string().max(300), ColumnOverride).default({})
})

export const PlannedColumn = z.object({
  name: z.string(),
  kind: ColumnKind,
  role: z.enum(['feature', 'prediction', 'target']),
  test: DriftTest.nullable(),
  threshold: z.number().nullable(),
  /** e.g. "default → Wasserstein (normed) (numeric, more than 5 distinct values, reference > 1,000 rows)". */
  resolution: z.string(),
  /** Why the column is not tested (left out by the user, unique per row, free text), or null. */
  leftOut: z.string().nullable(),
  /** Unique per row: left out unless the check includes it. */
  idLike: z.boolean()
})
export type PlannedColumn = z.infer<typeof PlannedColumn>

export const ReportFormat = z.enum(['html', 'json', 'csv'])
export const DriftReport = z.object({ filename: z.string(), mime: z.string(), content: z.string() })

export const driftChannels = {
  'drift:inspect': command('Read the start of a CSV/Parquet file or folder: delimiter, header, inferred schema', InspectInput, Inspection),
  'drift:datasets': query('Datasets (imported or registered), newest first', z.strictObject({}).optional(), z.array(DatasetSummary)),
  'drift:dataset': query('One dataset with its schema and per-column messages', z.strictObject({ id }), DatasetDetail),
  'drift:importDataset': command(
    'Import a file (or register a file/folder to re-read) with an edited schema, as a job (follow it with jobs:get)',
    DatasetInput,
    JobStarted
  ),
  'drift:deleteDataset': command('Delete a dataset (refused while a check uses it)', z.strictObject({ id }), z.object({ id: z.number() })),
  'drift:checks': query('Drift checks with their latest run', z.strictObject({}).optional(), z.array(DriftCheckSummary)),
  'drift:check': query(
    'One drift check with its run history (newest first)',
    z.strictObject({ id, limit: z.int().min(1).max(1000).default(200) }),
    DriftCheckDetail
  ),
  'drift:saveCheck': command('Create or replace a drift check', DriftCheckInput, DriftCheckSummary),
  'drift:deleteCheck': command('Delete a drift check and its history', z.strictObject({ id }), z.object({ id: z.number() })),
  'drift:runCheck': command(
    'Start a run of a drift check now; progress arrives as drift:run / job:progress events',
    z.strictObject({ id }),
    z.object({ runId: z.number(), jobId: z.string() })
  ),
  'drift:cancelRun': command('Cancel a running drift check', z.strictObject({ runId: id }), z.object({ cancelled: z.boolean() })),
  'drift:run': query('One run with its per-column results', z.strictObject({ runId: id }), DriftRunDetail),
  'drift:column': query(
    'Histograms / ECDFs or category shares of one column of a run',
    z.strictObject({ runId: id, column: z.string().min(1).max(300) }),
    ColumnDetail
  ),
  'drift:plan': query(
    'The test each column would get (what "default" resolves to) and the columns left out, before a run',
    PlanInput,
    z.array(PlannedColumn)
  ),
  'drift:export': query(
    'A run as a report to share: self-contained HTML (tables and inline SVG charts), JSON, or CSV (one row per column)',
    z.strictObject({ runId: id, format: ReportFormat }),
    DriftReport
  )
} as const

export const driftEvents = {
  'drift:detected': viewEvent(
    z.object({
      checkId: z.number(),
      checkName: z.string(),
      model: z.string(),
      version: z.string(),
      share: z.number(),
      driftedColumns: z.array(z.string()),
      runId: z.number(),
      at: z.number()
    })
  ),
  /** Progress and end of a drift check run (the UI's run panel). */
  'drift:run': viewEvent(
    z.object({
      checkId: z.number(),
      runId: z.number(),
      jobId: z.string(),
      state: z.enum(['running', 'done', 'failed', 'cancelled']),
      done: z.number(),
      total: z.number().nullable(),
      message: z.string().optional(),
      share: z.number().nullable(),
      at: z.number()
    })
  )
} as const
