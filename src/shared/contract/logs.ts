import { z } from 'zod'
import { command, query, viewEvent } from './define'
import { filePath } from './paths'
import { parseLogQL } from '../logs/logql/parse'

/** Logs: sources (tailed files, HTTP push, Loki connectors), search (LogQL and full text), live tail, error issues. */

const id = z.int().positive()
const epochMs = z.number().int().min(0).max(8.64e15)
const name = z.string().trim().min(1, 'must not be empty').max(80)
const label = z.string().trim().max(120).default('')
/** A file or a pattern (`/var/log/app/*.log`): a path field, confined to the data roots of a served console. */
const globPath = filePath()
const httpUrl = z
  .string()
  .trim()
  .url('must be a URL')
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'] as const
export const TEXT_MODES = ['auto', 'terms', 'substring'] as const
export const ISSUE_STATES = ['new', 'regressed', 'resolved', 'ignored'] as const
export const IssueState = z.enum(ISSUE_STATES)
export type IssueState = z.infer<typeof IssueState>

const common = {
  name,
  /** A monitored service: its name becomes the `service` label (pushes may name their own). */
  serviceId: id.nullable().default(null),
  environment: label,
  host: label,
  retentionDays: z.int().min(1).max(3650).default(14),
  /** Size cap in bytes on disk (estimated), or null for none. */
  maxBytes: z
    .int()
    .min(1024 * 1024, 'must be at least 1 MB')
    .max(2 ** 50)
    .nullable()
    .default(null),
  enabled: z.boolean().default(true)
}

const FileSource = z.strictObject({
  kind: z.literal('file'),
  ...common,
  paths: z.array(globPath).min(1, 'give at least one file or pattern').max(20),
  startAt: z.enum(['end', 'beginning']).default('end'),
  multiline: z.boolean().default(true),
  release: label
})
const PushSource = z.strictObject({ kind: z.literal('push'), ...common, release: label })
const LokiSource = z.strictObject({
  kind: z.literal('loki'),
  name,
  serviceId: id.nullable().default(null),
  url: httpUrl,
  tenant: z.string().trim().max(200).default(''),
  auth: z.enum(['none', 'basic', 'bearer']).default('none'),
  /** basic: "user:password"; bearer: the token. Omit to keep the stored one. */
  secret: z.string().max(4096).optional(),
  enabled: z.boolean().default(true)
})
export const SourceInput = z.discriminatedUnion('kind', [FileSource, PushSource, LokiSource])
export type SourceInput = z.input<typeof SourceInput>
export const SourceUpdate = z.discriminatedUnion('kind', [FileSource.extend({ id }), PushSource.extend({ id }), LokiSource.extend({ id })])

export const SourceView = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['file', 'push', 'loki']),
  serviceId: z.number().nullable(),
  serviceName: z.string().nullable(),
  environment: z.string(),
  host: z.string(),
  paths: z.array(z.string()),
  startAt: z.enum(['end', 'beginning']),
  multiline: z.boolean(),
  release: z.string(),
  url: z.string(),
  tenant: z.string(),
  auth: z.enum(['none', 'basic', 'bearer']),
  hasSecret: z.boolean(),
  retentionDays: z.number(),
  maxBytes: z.number().nullable(),
  enabled: z.boolean(),
  builtin: z.boolean(),
  deleting: z.boolean(),
  lastError: z.string().nullable(),
  /** push: the path to send to, e.g. /loki/api/v1/push?source=name. */
  pushPaths: z.array(z.string()),
  lines: z.number(),
  rawBytes: z.number(),
  estimatedBytes: z.number(),
  oldest: z.number().nullable(),
  newest: z.number().nullable()
})
export type SourceView = z.infer<typeof SourceView>

/** A LogQL query, checked by the same parser the search uses (the message names the position). */
export const LogQLString = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(10_000)
  .superRefine((q, ctx) => {
    try {
      parseLogQL(q)
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(/^query: /, '') })
    }
  })

export const SearchInput = z.strictObject({
  query: z.string().max(10_000),
  mode: z.enum(TEXT_MODES).default('auto'),
  from: epochMs,
  to: epochMs,
  limit: z.int().min(1).max(1000).default(100),
  cursor: z.string().max(4000).optional(),
  order: z.enum(['relevance', 'newest']).default('relevance'),
  /** Metric queries: the step; default about 120 points over the range. */
  stepMs: z.int().min(1000).max(86_400_000).optional(),
  /** Run on a Loki connector instead of this workspace. */
  sourceId: id.optional()
})

const Labels = z.record(z.string(), z.string())
export const LineHit = z.object({
  id: z.number(),
  ts: z.number(),
  streamId: z.number(),
  sourceId: z.number(),
  labels: Labels,
  line: z.string(),
  attrs: Labels.nullable(),
  /** [start, end) ranges of the line to highlight. */
  marks: z.array(z.tuple([z.number(), z.number()])),
  score: z.number().nullable()
})
export type LineHit = z.infer<typeof LineHit>

export const LinesPage = z.object({
  kind: z.literal('lines'),
  mode: z.enum(['logql', 'terms', 'substring']),
  lines: z.array(LineHit),
  next: z.string().nullable(),
  scanned: z.number(),
  capped: z.boolean(),
  note: z.string().nullable()
})
export const MatrixResult = z.object({
  kind: z.literal('matrix'),
  stepMs: z.number(),
  series: z.array(z.object({ labels: Labels, t: z.array(z.number()), v: z.array(z.number().nullable()) })),
  capped: z.boolean(),
  note: z.string().nullable()
})
export const SearchResult = z.discriminatedUnion('kind', [LinesPage, MatrixResult])
export type SearchResult = z.infer<typeof SearchResult>

export const Histogram = z.object({
  bucketMs: z.number(),
  t: z.array(z.number()),
  levels: z.record(z.string(), z.array(z.number())),
  total: z.number(),
  capped: z.boolean(),
  approximate: z.boolean()
})
export type Histogram = z.infer<typeof Histogram>

export const IssueView = z.object({
  id: z.number(),
  service: z.string(),
  type: z.string(),
  title: z.string(),
  state: IssueState,
  firstSeen: z.number(),
  lastSeen: z.number(),
  count: z.number(),
  firstRelease: z.string().nullable(),
  lastRelease: z.string().nullable(),
  regressedAt: z.number().nullable(),
  regressedRelease: z.string().nullable(),
  resolvedAt: z.number().nullable(),
  /** Occurrences in each of the last 24 hours, oldest first. */
  last24h: z.array(z.number())
})
export type IssueView = z.infer<typeof IssueView>

export const StorageRow = z.object({
  sourceId: z.number(),
  name: z.string(),
  kind: z.string(),
  lines: z.number(),
  rawBytes: z.number(),
  estimatedBytes: z.number(),
  oldest: z.number().nullable(),
  retentionDays: z.number(),
  maxBytes: z.number().nullable()
})

export const logsChannels = {
  'logs:sources': query('Log sources with their size and state', z.strictObject({}).optional(), z.array(SourceView)),
  'logs:createSource': command(
    'Add a log source (tailed files, HTTP push, or a Loki connector)',
    SourceInput,
    z.object({ id: z.number() })
  ),
  'logs:updateSource': command('Change a log source', SourceUpdate, z.object({ id: z.number() })),
  'logs:deleteSource': command(
    'Delete a log source; its lines are removed in the background',
    z.strictObject({ id }),
    z.object({ id: z.number() })
  ),
  'logs:testSource': command(
    'Check a Loki connector: ask it for its labels',
    z.strictObject({ id }),
    z.object({ ok: z.boolean(), error: z.string().nullable(), labels: z.array(z.string()), durationMs: z.number() })
  ),
  'logs:search': query('Search logs: LogQL (log or metric query), words ranked by relevance, or a substring', SearchInput, SearchResult),
  'logs:histogram': query(
    'Lines per time bucket and level for a search',
    z.strictObject({
      query: z.string().max(10_000),
      mode: z.enum(TEXT_MODES).default('auto'),
      from: epochMs,
      to: epochMs,
      sourceId: id.optional()
    }),
    Histogram
  ),
  'logs:context': query(
    'Lines before and after one line, in its stream',
    z.strictObject({ id, before: z.int().min(0).max(200).default(10), after: z.int().min(0).max(200).default(10) }),
    z.object({ line: LineHit, older: z.array(LineHit), newer: z.array(LineHit), serviceId: z.number().nullable() })
  ),
  'logs:tail': query(
    'Live tail: lines after a line id that match a query (empty: all)',
    z.strictObject({
      query: z.string().max(10_000).default(''),
      mode: z.enum(TEXT_MODES).default('auto'),
      afterId: z.int().min(0).nullable().default(null),
      limit: z.int().min(1).max(1000).default(200)
    }),
    z.object({ lines: z.array(LineHit), lastId: z.number() })
  ),
  'logs:labels': query(
    'Label names and values of the stored streams',
    z.strictObject({}).optional(),
    z.record(z.string(), z.array(z.string()))
  ),
  'logs:saved': query(
    'Saved queries',
    z.strictObject({}).optional(),
    z.array(z.object({ id: z.number(), name: z.string(), query: z.string(), rangeS: z.number(), createdAt: z.number() }))
  ),
  'logs:saveQuery': command(
    'Save a query under a name (replaces one of the same name)',
    z.strictObject({
      name,
      query: z.string().trim().min(1, 'must not be empty').max(10_000),
      rangeS: z
        .int()
        .min(60)
        .max(90 * 86_400)
        .default(3600)
    }),
    z.object({ id: z.number() })
  ),
  'logs:deleteQuery': command('Delete a saved query', z.strictObject({ id }), z.object({ id: z.number() })),
  'logs:issues': query(
    'Error issues (grouped by fingerprint), most recently seen first',
    z
      .strictObject({ state: IssueState.optional(), service: z.string().max(200).optional(), limit: z.int().min(1).max(1000).default(200) })
      .optional(),
    z.array(IssueView)
  ),
  'logs:issue': query(
    'One error issue: counts per hour, frames, a sample and its releases',
    z.strictObject({
      id,
      hours: z
        .int()
        .min(1)
        .max(24 * 90)
        .default(24 * 7)
    }),
    IssueView.extend({
      frames: z.array(z.string()),
      sample: z.string(),
      sampleLineId: z.number().nullable(),
      hours: z.object({ t: z.array(z.number()), count: z.array(z.number()) })
    })
  ),
  'logs:setIssueState': command('Resolve, ignore or reopen an error issue', z.strictObject({ id, state: IssueState }), IssueView),
  'logs:storage': query(
    'Space used per log source (lines, raw bytes, estimated bytes on disk)',
    z.strictObject({}).optional(),
    z.array(StorageRow)
  ),
  'logs:status': query(
    'Ingestion: queue, lines per second, where to push',
    z.strictObject({}).optional(),
    z.object({
      queued: z.number(),
      linesPerSecond: z.number(),
      committedLines: z.number(),
      running: z.boolean(),
      pushRoutes: z.array(z.string())
    })
  ),
  'logs:runRetention': command(
    'Apply retention now (old lines and size caps), in small batches',
    z.strictObject({}).optional(),
    z.object({ deletedLines: z.number(), removedSources: z.number() })
  )
} as const

export const logsEvents = {
  'logs:ingested': viewEvent(z.object({ at: z.number(), lines: z.number(), lastId: z.number() })),
  'logs:sources': viewEvent(z.object({ at: z.number() })),
  /** A new error issue appeared, or a resolved one came back. */
  'logs:issue': viewEvent(
    z.object({
      kind: z.enum(['new', 'regressed']),
      issueId: z.number(),
      service: z.string(),
      title: z.string(),
      release: z.string().nullable(),
      at: z.number()
    })
  )
} as const
