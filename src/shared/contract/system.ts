import { z } from 'zod'
import { command, query, viewEvent } from './define'
import { filePath } from './paths'

export const NoInput = z.strictObject({}).optional()

export const HealthStatus = z.enum(['pass', 'warn', 'fail'])
export const ConsoleHealth = z.object({
  status: HealthStatus,
  version: z.string(),
  description: z.string(),
  checks: z.record(
    z.string(),
    z.array(
      z.object({
        componentType: z.string(),
        status: HealthStatus,
        observedValue: z.union([z.number(), z.string()]).optional(),
        observedUnit: z.string().optional(),
        time: z.string(),
        output: z.string().optional()
      })
    )
  )
})
export type ConsoleHealth = z.infer<typeof ConsoleHealth>

/** Where the console's own health check turns `warn` (MB = 1024 × 1024 bytes). */
export const ResourceLimits = z.strictObject({
  rssMb: z.int().min(1).max(1_048_576),
  workspaceMb: z.int().min(1).max(1_073_741_824),
  walMb: z.int().min(1).max(1_048_576),
  /** Warn when the workspace's disk has less free space than this. */
  freeDiskMb: z.int().min(0).max(1_073_741_824)
})
export type ResourceLimits = z.infer<typeof ResourceLimits>

/** One reading of the console's own resources: bytes, handles (open sockets, timers, files) and ms. */
export const ResourceReading = z.object({
  at: z.number(),
  rss: z.number(),
  heapUsed: z.number(),
  external: z.number(),
  handles: z.number(),
  dbBytes: z.number(),
  walBytes: z.number(),
  freeBytes: z.number().nullable(),
  /** Event-loop delay p99 since the previous sample (0 before the first). */
  eldP99Ms: z.number()
})
export type ResourceReading = z.infer<typeof ResourceReading>

/** Samples as columns, oldest first (one a minute). */
export const ResourceSeries = z.object({
  at: z.array(z.number()),
  rss: z.array(z.number()),
  heapUsed: z.array(z.number()),
  external: z.array(z.number()),
  handles: z.array(z.number()),
  dbBytes: z.array(z.number()),
  walBytes: z.array(z.number()),
  eldP99Ms: z.array(z.number())
})
export type ResourceSeries = z.infer<typeof ResourceSeries>

export const systemChannels = {
  'system:info': query(
    'Version, runtime and transport of this console',
    NoInput,
    z.object({
      name: z.string(),
      version: z.string(),
      mode: z.enum(['desktop', 'serve', 'test']),
      platform: z.string(),
      node: z.string(),
      electron: z.string().nullable(),
      startedAt: z.number(),
      /** The OS account running the console: the default name for acknowledging alerts. */
      user: z.string(),
      /** Where channel secrets are sealed: the OS keychain, or a key file (and why). */
      secrets: z.object({ kind: z.enum(['safe-storage', 'key-file']), description: z.string() })
    })
  ),
  'system:health': query('The console’s own health (database, pollers, memory and disk against their limits)', NoInput, ConsoleHealth),
  'system:resources': query(
    'The console’s own memory, workspace and WAL size and event-loop delay: now, the samples of the last hours, and the limits its health check warns at',
    z.strictObject({ hours: z.int().min(1).max(48).default(24) }).optional(),
    z.object({ now: ResourceReading, samples: ResourceSeries, limits: ResourceLimits, intervalMs: z.number() })
  ),
  'system:setResourceLimits': command(
    'Change the limits at which the console’s health check warns about its memory or disk',
    ResourceLimits.partial(),
    ResourceLimits
  ),
  'system:ping': query(
    'Echo a payload; used to measure round trips',
    z.strictObject({
      payload: z
        .string()
        .max(8 * 1024 * 1024)
        .default('')
    }),
    z.object({ payload: z.string(), receivedAt: z.number() })
  ),
  'palette:search': query(
    'Objects matching a command-palette query, from every area',
    z.strictObject({ query: z.string().max(200), limit: z.int().min(1).max(100).default(20) }),
    z.array(
      z.object({
        kind: z.string(),
        id: z.string(),
        title: z.string(),
        subtitle: z.string().optional(),
        route: z.string()
      })
    )
  )
} as const

const BackupEntry = z.object({ path: z.string(), sizeBytes: z.number(), createdAt: z.number() })

const dbFile = { pattern: /\.(db|sqlite|sqlite3)$/i, message: 'must end in .db, .sqlite or .sqlite3' }

export const workspaceChannels = {
  'workspace:info': query(
    'Name, file path, size and schema version of the open workspace',
    NoInput,
    z.object({
      name: z.string(),
      path: z.string(),
      sizeBytes: z.number(),
      journalMode: z.string(),
      schemaVersion: z.number(),
      migrations: z.array(z.object({ id: z.number(), name: z.string(), appliedAt: z.number() })),
      createdAt: z.number(),
      backupDir: z.string()
    })
  ),
  'workspace:tables': query(
    'Rows and bytes on disk per table',
    NoInput,
    z.array(z.object({ name: z.string(), rows: z.number(), bytes: z.number() }))
  ),
  'workspace:rename': command(
    'Rename the workspace',
    z.strictObject({ name: z.string().trim().min(1, 'must not be empty').max(80) }),
    z.object({ name: z.string() })
  ),
  'workspace:backups': query('Backups in the workspace backup folder, newest first', NoInput, z.array(BackupEntry)),
  'workspace:backup': command(
    'Online backup of the workspace (SQLite backup API)',
    z.strictObject({ destination: filePath({ access: 'write', extension: dbFile }).optional() }),
    BackupEntry.extend({ durationMs: z.number() })
  ),
  'workspace:restore': command(
    'Replace the workspace with a backup after an integrity check',
    z.strictObject({ source: filePath({ extension: dbFile }) }),
    z.object({ restoredFrom: z.string(), integrity: z.literal('ok'), safetyBackup: z.string() })
  )
} as const

export const workspaceEvents = {
  'workspace:changed': viewEvent(z.object({ reason: z.enum(['renamed', 'restored']), at: z.number() })),
  /** An area's settings were changed (by anyone): views that derive from them refresh. */
  'workspace:settings': viewEvent(z.object({ key: z.string(), at: z.number() }))
} as const
