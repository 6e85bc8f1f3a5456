import { z } from 'zod'
import { command, query, viewEvent } from './define'
import { JobStarted } from './jobs'
import { filePath } from './paths'

/**
 * Feature store: feature views (versioned definitions over CSV/Parquet sources), point-in-time correct training sets,
 * an online store with TTL applied on read, and statistics per feature over time windows.
 */

export const FEATURE_TYPES = ['int64', 'float64', 'string', 'bool'] as const
export const FeatureType = z.enum(FEATURE_TYPES)
export type FeatureType = z.infer<typeof FeatureType>

export const KEY_TYPES = ['int64', 'string'] as const
export const KeyType = z.enum(KEY_TYPES)
export type KeyType = z.infer<typeof KeyType>

export const SOURCE_FORMATS = ['auto', 'csv', 'parquet'] as const
export const EXPORT_FORMATS = ['csv', 'parquet'] as const
export const ExportFormat = z.enum(EXPORT_FORMATS)
export type ExportFormat = z.infer<typeof ExportFormat>

/** Engines of historical retrieval (auto: DuckDB, TypeScript where DuckDB cannot load). */
export const RETRIEVAL_ENGINES = ['auto', 'duckdb', 'typescript'] as const
export const RetrievalEngine = z.enum(RETRIEVAL_ENGINES)
export type RetrievalEngine = z.infer<typeof RetrievalEngine>

export const STAT_WINDOWS = ['all', '1d', '7d', '14d', '30d', '90d'] as const
export const StatWindow = z.enum(STAT_WINDOWS)
export type StatWindow = z.infer<typeof StatWindow>
export const WINDOW_DAYS: Record<Exclude<StatWindow, 'all'>, number> = { '1d': 1, '7d': 7, '14d': 14, '30d': 30, '90d': 90 }

/** Longest TTL: ten years, in seconds. */
export const MAX_TTL_S = 10 * 366 * 86_400

const id = z.int().positive()
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/
export const identifier = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(120)
  .regex(IDENTIFIER, 'letters, digits and _ only, starting with a letter or _')
const columnName = z.string().trim().min(1, 'must not be empty').max(300)
const text = (max: number) => z.string().trim().max(max)
const tagMap = z
  .record(z.string().trim().min(1).max(120), z.string().max(1000))
  .refine((m) => Object.keys(m).length <= 50, 'at most 50 tags')
/** A file or folder the console reads; `outputPath` and export folders are written (both confined by --data-root). */
const absolutePath = filePath()
const writePath = filePath({ access: 'write' })
/** A point in time in ms since the epoch (UTC). */
const instant = z
  .number()
  .int()
  .min(0)
  .max(8.64e15 - 1)

export const FeatureSpec = z.strictObject({
  name: identifier,
  type: FeatureType,
  description: text(2000).default(''),
  tags: tagMap.default({})
})
export type FeatureSpec = z.infer<typeof FeatureSpec>

/** A join key of the view's entity: a column present in both the source and the entity file. */
export const EntityKey = z.strictObject({ name: identifier, type: KeyType.default('string') })
export type EntityKey = z.infer<typeof EntityKey>

export const SourceSpec = z.strictObject({ path: absolutePath, format: z.enum(SOURCE_FORMATS).default('auto') })
export type SourceSpec = z.infer<typeof SourceSpec>

export const ViewInput = z
  .strictObject({
    name: identifier,
    description: text(5000).default(''),
    owner: text(200).default(''),
    tags: tagMap.default({}),
    entities: z.array(EntityKey).min(1, 'name at least one join key').max(5, 'at most 5 join keys'),
    timestampField: columnName.default('event_timestamp'),
    createdTimestampField: columnName.nullable().default(null),
    /** How old a feature value may be relative to the entity row's timestamp; 0 = no limit. */
    ttlSeconds: z.int().min(0, 'must be 0 (no limit) or more').max(MAX_TTL_S, 'at most ten years').default(0),
    features: z.array(FeatureSpec).min(1, 'name at least one feature').max(500, 'at most 500 features'),
    source: SourceSpec
  })
  .superRefine((v, ctx) => {
    const seen = new Map<string, string>()
    const claim = (name: string, what: string, path: (string | number)[]): void => {
      const before = seen.get(name)
      if (before) ctx.addIssue({ code: 'custom', path, message: `“${name}” is already used as ${before}` })
      else seen.set(name, what)
    }
    v.entities.forEach((e, i) => claim(e.name, 'a join key', ['entities', i, 'name']))
    claim(v.timestampField, 'the event timestamp', ['timestampField'])
    if (v.createdTimestampField) claim(v.createdTimestampField, 'the created timestamp', ['createdTimestampField'])
    v.features.forEach((f, i) => claim(f.name, 'a column of this view', ['features', i, 'name']))
  })
export type ViewInput = z.input<typeof ViewInput>
export type ParsedViewInput = z.output<typeof ViewInput>

/** One version of a view: what decides which rows and columns it reads. */
export const ViewVersion = z.object({
  version: z.number(),
  entities: z.array(z.object({ name: z.string(), type: KeyType })),
  timestampField: z.string(),
  createdTimestampField: z.string().nullable(),
  features: z.array(z.object({ name: z.string(), type: FeatureType, description: z.string(), tags: z.record(z.string(), z.string()) })),
  source: z.object({ path: z.string(), format: z.enum(SOURCE_FORMATS) }),
  createdAt: z.number(),
  /** What made this version (e.g. “feature trips_today added; source changed”). */
  change: z.string()
})
export type ViewVersion = z.infer<typeof ViewVersion>

export const OnlineState = z.object({
  version: z.number(),
  /** The materialised window: event timestamps in [from, to] (ms). */
  from: z.number().nullable(),
  to: z.number(),
  keys: z.number(),
  at: z.number()
})
export type OnlineState = z.infer<typeof OnlineState>

export const ViewSummary = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  owner: z.string(),
  tags: z.record(z.string(), z.string()),
  ttlSeconds: z.number(),
  version: z.number(),
  versionCount: z.number(),
  entities: z.array(z.string()),
  features: z.array(z.string()),
  sourcePath: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  online: OnlineState.nullable(),
  statisticsAt: z.number().nullable()
})
export type ViewSummary = z.infer<typeof ViewSummary>

export const ViewDetail = ViewSummary.extend({
  current: ViewVersion,
  versions: z.array(z.object({ version: z.number(), createdAt: z.number(), change: z.string() })),
  trainingSets: z.array(z.object({ id: z.number(), name: z.string(), version: z.number(), createdAt: z.number() }))
})
export type ViewDetail = z.infer<typeof ViewDetail>

export const SaveOutcome = z.enum(['created', 'new-version', 'updated', 'unchanged'])
export type SaveOutcome = z.infer<typeof SaveOutcome>

export const SaveViewResult = z.object({ view: ViewSummary, outcome: SaveOutcome, version: z.number(), change: z.string() })
export type SaveViewResult = z.infer<typeof SaveViewResult>

export const DiffEntry = z.object({
  kind: z.enum(['added', 'removed', 'changed']),
  what: z.enum(['feature', 'join key', 'event timestamp', 'created timestamp', 'source']),
  name: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable()
})
export type DiffEntry = z.infer<typeof DiffEntry>

export const VersionDiff = z.object({ view: z.string(), from: z.number(), to: z.number(), changes: z.array(DiffEntry) })
export type VersionDiff = z.infer<typeof VersionDiff>

export const SourceInspection = z.object({
  path: z.string(),
  format: z.enum(['csv', 'parquet']),
  files: z.array(z.string()),
  columns: z.array(
    z.object({ name: z.string(), type: z.enum(['int64', 'float64', 'string', 'bool', 'timestamp']), examples: z.array(z.string()) })
  ),
  sampleRows: z.number()
})
export type SourceInspection = z.infer<typeof SourceInspection>

export const YamlImportReport = z.object({
  dryRun: z.boolean(),
  files: z.array(z.string()),
  views: z.array(z.object({ name: z.string(), outcome: SaveOutcome, version: z.number(), change: z.string() })),
  removed: z.array(z.string())
})
export type YamlImportReport = z.infer<typeof YamlImportReport>

// ---------------------------------------------------------------- training sets

export const TrainingSetInput = z.strictObject({
  name: identifier,
  /** The entity file: join keys, the timestamp column and any label columns (kept as they are). */
  entityPath: absolutePath,
  timestampColumn: columnName.default('event_timestamp'),
  /** `view:feature` (current version) or `view@v2:feature` (pinned). */
  features: z.array(z.string().trim().min(3).max(300)).min(1, 'pick at least one feature').max(500),
  /** Also require created_ts ≤ entity timestamp, so that late backfills cannot leak into training data. */
  filterByCreatedTimestamp: z.boolean().default(false),
  /** Name the output columns `view__feature` (needed when two views share a feature name). */
  fullFeatureNames: z.boolean().default(false),
  format: ExportFormat.default('parquet'),
  /** Where to write the file; default: a `training-sets` folder beside the workspace. */
  outputPath: writePath.optional(),
  engine: RetrievalEngine.default('auto'),
  description: text(2000).default('')
})
export type TrainingSetInput = z.input<typeof TrainingSetInput>

export const ManifestFeature = z.object({
  ref: z.string(),
  column: z.string(),
  view: z.string(),
  version: z.number(),
  type: FeatureType,
  nulls: z.number(),
  nullRate: z.number()
})
export type ManifestFeature = z.infer<typeof ManifestFeature>

export const Manifest = z.object({
  name: z.string(),
  createdAt: z.string(),
  entityFile: z.string(),
  timestampColumn: z.string(),
  filterByCreatedTimestamp: z.boolean(),
  views: z.array(
    z.object({ name: z.string(), version: z.number(), ttlSeconds: z.number(), source: z.string(), features: z.array(z.string()) })
  ),
  features: z.array(ManifestFeature),
  rows: z.number(),
  /** Every column of the file, in order: the entity file's columns, then the features. */
  columns: z.array(z.string()),
  output: z.object({ path: z.string(), format: ExportFormat, bytes: z.number() }),
  engine: z.enum(['duckdb', 'typescript']),
  durationMs: z.number(),
  warnings: z.array(z.string())
})
export type Manifest = z.infer<typeof Manifest>

export const TrainingSetSummary = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  createdAt: z.number(),
  rows: z.number(),
  format: ExportFormat,
  outputPath: z.string(),
  manifestPath: z.string(),
  views: z.array(z.object({ name: z.string(), version: z.number() })),
  featureCount: z.number(),
  modelVersion: z.object({ id: z.number(), label: z.string() }).nullable(),
  driftChecks: z.array(z.object({ id: z.number(), name: z.string() }))
})
export type TrainingSetSummary = z.infer<typeof TrainingSetSummary>

export const TrainingSetDetail = TrainingSetSummary.extend({ manifest: Manifest, request: z.record(z.string(), z.unknown()) })
export type TrainingSetDetail = z.infer<typeof TrainingSetDetail>

// ---------------------------------------------------------------- online store

export const MaterializeInput = z
  .strictObject({
    view: identifier,
    /** incremental: from the end of the last materialisation (or the beginning) to now; window: [start, end]. */
    mode: z.enum(['incremental', 'window']).default('incremental'),
    start: instant.optional(),
    end: instant.optional()
  })
  .refine((v) => v.mode === 'incremental' || v.end !== undefined, { path: ['end'], message: 'a window needs an end' })
  .refine((v) => v.start === undefined || v.end === undefined || v.start <= v.end, { path: ['start'], message: 'must not be after end' })
export type MaterializeInput = z.input<typeof MaterializeInput>

export const MaterializeReport = z.object({
  view: z.string(),
  version: z.number(),
  from: z.number().nullable(),
  to: z.number(),
  rowsRead: z.number(),
  rowsInWindow: z.number(),
  keysWritten: z.number(),
  keysTotal: z.number(),
  durationMs: z.number()
})
export type MaterializeReport = z.infer<typeof MaterializeReport>

const KeyValue = z.union([z.string().max(1000), z.number().finite()])

export const OnlineInput = z.strictObject({
  features: z.array(z.string().trim().min(3).max(300)).min(1, 'name at least one feature').max(500),
  /** One object per entity: join key → value. */
  entities: z
    .array(z.record(z.string().max(120), KeyValue).refine((r) => Object.keys(r).length <= 5, 'at most 5 join keys'))
    .min(1, 'give at least one entity')
    .max(10_000, 'at most 10,000 entities at once'),
  /** The time TTLs are measured from (ms); default now. */
  at: instant.optional()
})
export type OnlineInput = z.input<typeof OnlineInput>

export const OnlineValue = z.union([z.number(), z.string(), z.boolean(), z.null()])

export const OnlineResult = z.object({
  at: z.number(),
  /** Per feature, one value per entity (null when missing or expired). */
  columns: z.array(z.object({ ref: z.string(), view: z.string(), name: z.string(), values: z.array(OnlineValue) })),
  /** Per view, for each entity: present, expired (older than the TTL; the value comes back null) or missing. */
  views: z.array(
    z.object({
      view: z.string(),
      version: z.number(),
      ttlSeconds: z.number(),
      status: z.array(z.enum(['present', 'expired', 'missing'])),
      eventTimestamps: z.array(z.number().nullable()),
      ageSeconds: z.array(z.number().nullable())
    })
  )
})
export type OnlineResult = z.infer<typeof OnlineResult>

// ---------------------------------------------------------------- statistics

export const FeatureStats = z.object({
  count: z.number(),
  nulls: z.number(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  p50: z.number().nullable(),
  p75: z.number().nullable(),
  p90: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  /** 20 equal-width bins over [min, max] (numpy.histogram); null for strings and when empty. */
  histogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number()) }).nullable(),
  /** Counts on the baseline's bins (for the overlay and PSI). */
  baselineBins: z.array(z.number()).nullable(),
  /** Ten most frequent values (count desc, then value asc); strings and bools. */
  top: z.array(z.object({ value: z.string(), count: z.number() })).nullable()
})
export type FeatureStats = z.infer<typeof FeatureStats>

export const StatisticsResult = z.object({
  view: z.string(),
  version: z.number(),
  computedAt: z.number(),
  /** Windows end here: the latest event timestamp in the source, or the time asked for. */
  asOf: z.number(),
  window: StatWindow,
  from: z.number().nullable(),
  rows: z.number(),
  baselineRows: z.number(),
  windows: z.array(z.object({ window: StatWindow, rows: z.number() })),
  features: z.array(
    z.object({
      name: z.string(),
      type: FeatureType,
      window: FeatureStats,
      baseline: FeatureStats,
      /** Population stability index of the window against the baseline (all history), on the baseline's bins. */
      psi: z.number().nullable(),
      /** (window mean − baseline mean) / baseline sd. */
      meanShiftSd: z.number().nullable()
    })
  )
})
export type StatisticsResult = z.infer<typeof StatisticsResult>

export const featuresChannels = {
  'features:views': query(
    'Feature views with their current version',
    z.strictObject({ search: z.string().max(200).default('') }).optional(),
    z.array(ViewSummary)
  ),
  'features:view': query(
    'One feature view: current definition, versions, online state, training sets',
    z.strictObject({ name: identifier }),
    ViewDetail
  ),
  'features:saveView': command(
    'Create or change a feature view: a schema or source change makes a new version; description, tags, owner and TTL change in place',
    ViewInput,
    SaveViewResult
  ),
  'features:deleteView': command(
    'Delete a feature view, its versions and online values',
    z.strictObject({ name: identifier }),
    z.object({ name: z.string() })
  ),
  'features:version': query('One version of a view', z.strictObject({ name: identifier, version: z.int().min(0) }), ViewVersion),
  'features:diff': query(
    'What changed between two versions of a view',
    z.strictObject({ name: identifier, from: z.int().min(0), to: z.int().min(0) }),
    VersionDiff
  ),
  'features:inspectSource': command(
    'Columns and inferred types of a CSV/Parquet file or folder',
    z.strictObject({ path: absolutePath }),
    SourceInspection
  ),
  'features:exportYaml': query(
    'Every view as YAML (features as code), one document per view',
    z.strictObject({}).optional(),
    z.object({ files: z.array(z.object({ name: z.string(), yaml: z.string() })) })
  ),
  'features:exportFolder': command(
    'Write every view as <name>.yaml into a folder',
    z.strictObject({ path: writePath }),
    z.object({ path: z.string(), files: z.array(z.string()) })
  ),
  'features:importYaml': command(
    'Import views from YAML text or a folder of .yaml files: all or nothing; errors name file and line',
    z
      .strictObject({
        yaml: z.string().max(5_000_000).optional(),
        path: absolutePath.optional(),
        mode: z.enum(['merge', 'replace']).default('merge'),
        dryRun: z.boolean().default(false)
      })
      .refine((v) => (v.yaml === undefined) !== (v.path === undefined), { path: ['yaml'], message: 'give either yaml or path' }),
    YamlImportReport
  ),
  'features:trainingSets': query(
    'Training sets, newest first',
    z.strictObject({ view: identifier.optional() }).optional(),
    z.array(TrainingSetSummary)
  ),
  'features:trainingSet': query('One training set with its manifest', z.strictObject({ id }), TrainingSetDetail),
  'features:createTrainingSet': command(
    'Build a point-in-time correct training set from an entity file, as a job; its result is { trainingSetId }',
    TrainingSetInput,
    JobStarted
  ),
  'features:deleteTrainingSet': command(
    'Forget a training set (its files stay on disk)',
    z.strictObject({ id }),
    z.object({ id: z.number() })
  ),
  'features:attachTrainingSet': command(
    'Record a training set as the training data of a model version (lineage on the version page)',
    z.strictObject({ id, modelVersionId: id }),
    TrainingSetSummary
  ),
  'features:createDriftCheck': command(
    'Create drift checks (one per view) between a training set and the recent values of its features, as a job; its result is { checks }',
    z.strictObject({ id, days: z.int().min(1).max(365).default(7) }),
    JobStarted
  ),
  'features:materialize': command(
    'Load the latest value per entity into the online store, as a job (never past now)',
    MaterializeInput,
    JobStarted
  ),
  'features:online': query(
    'Feature vectors for a batch of entities from the online store, with TTL applied on read',
    OnlineInput,
    OnlineResult
  ),
  'features:computeStatistics': command(
    'Compute statistics of a view’s features over day/7/14/30/90-day windows and all history, as a job',
    z.strictObject({ name: identifier, asOf: instant.optional() }),
    JobStarted
  ),
  'features:statistics': query(
    'Stored statistics of a view for one window against all history (null before the first computation)',
    z.strictObject({ name: identifier, window: StatWindow.default('7d') }),
    StatisticsResult.nullable()
  )
} as const

export const featuresEvents = {
  'features:changed': viewEvent(
    z.object({
      kind: z.enum(['view', 'training-set', 'online', 'statistics']),
      name: z.string(),
      at: z.number()
    })
  )
} as const
