/**
 * The console watching itself: once a minute it samples its memory (RSS, V8 heap used, external), open handles, the
 * workspace and WAL size, free disk space and the event-loop delay into `workspace_resource_samples` (two days kept).
 * Settings charts the samples; the health check compares a fresh reading with limits stored in the settings table.
 */
import fs from 'node:fs'
import path from 'node:path'
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'
import { ResourceLimits, type ResourceReading, type ResourceSeries } from '../../shared/contract/system'
import type { Db } from '../db/open'
import type { Clock } from './clock'
import type { Logger } from './log'
import type { SettingsDef, SettingsStore } from './settings'

export const MB = 1024 * 1024
const HOUR = 3_600_000
const KEEP_MS = 48 * HOUR

export const RESOURCE_LIMITS: SettingsDef<typeof ResourceLimits> = {
  key: 'console.limits',
  schema: ResourceLimits,
  defaults: { rssMb: 1024, workspaceMb: 20 * 1024, walMb: 256, freeDiskMb: 1024 }
}

export interface SelfMonitorDeps {
  db: Db
  file: string
  clock: Clock
  settings: SettingsStore
  logger: Logger
  /** Sampling interval (default one minute). */
  intervalMs?: number
}

const fileSize = (f: string): number => {
  try {
    return fs.statSync(f).size
  } catch {
    return 0
  }
}

const freeBytes = (dir: string): number | null => {
  try {
    const s = fs.statfsSync(dir)
    return s.bavail * s.bsize
  } catch {
    return null
  }
}

export class SelfMonitor {
  readonly intervalMs: number
  private eld: IntervalHistogram | null = null
  private timer: NodeJS.Timeout | null = null
  private insert
  private prune
  private range

  constructor(private deps: SelfMonitorDeps) {
    this.intervalMs = deps.intervalMs ?? 60_000
    this.insert = deps.db.prepare(
      `INSERT OR REPLACE INTO workspace_resource_samples (at, rss, heap_used, external, handles, db_bytes, wal_bytes, free_bytes, eld_p99_ms)
       VALUES (@at, @rss, @heapUsed, @external, @handles, @dbBytes, @walBytes, @freeBytes, @eldP99Ms)`
    )
    this.prune = deps.db.prepare('DELETE FROM workspace_resource_samples WHERE at < ?')
    this.range = deps.db.prepare(
      'SELECT at, rss, heap_used, external, handles, db_bytes, wal_bytes, eld_p99_ms FROM workspace_resource_samples WHERE at >= ? ORDER BY at'
    )
  }

  /** The process and the workspace right now (event-loop delay: since the last sample). */
  read(): ResourceReading {
    const mem = process.memoryUsage()
    const p99 = this.eld && this.eld.count > 0 ? this.eld.percentile(99) / 1e6 : 0
    return {
      at: this.deps.clock.now(),
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      external: mem.external,
      handles: process.getActiveResourcesInfo().length,
      dbBytes: fileSize(this.deps.file),
      walBytes: fileSize(`${this.deps.file}-wal`),
      freeBytes: freeBytes(path.dirname(this.deps.file)),
      eldP99Ms: Math.round(p99 * 1000) / 1000
    }
  }

  /** Take a sample: keep it, and drop samples older than two days. */
  sample(): ResourceReading {
    const r = this.read()
    this.eld?.reset()
    this.insert.run(r)
    this.prune.run(r.at - KEEP_MS)
    return r
  }

  /** Samples since `from`, oldest first, as columns. */
  history(from: number): ResourceSeries {
    const rows = this.range.raw().all(from) as number[][]
    const col = (i: number): number[] => rows.map((r) => r[i]!)
    return {
      at: col(0),
      rss: col(1),
      heapUsed: col(2),
      external: col(3),
      handles: col(4),
      dbBytes: col(5),
      walBytes: col(6),
      eldP99Ms: col(7)
    }
  }

  limits(): ResourceLimits {
    return this.deps.settings.read(RESOURCE_LIMITS)
  }

  setLimits(patch: Partial<ResourceLimits>): ResourceLimits {
    return this.deps.settings.write(RESOURCE_LIMITS, { ...this.limits(), ...patch }, this.deps.clock.now())
  }

  start(): void {
    if (this.timer) return
    this.eld = monitorEventLoopDelay({ resolution: 20 })
    this.eld.enable()
    this.timer = setInterval(() => {
      try {
        this.sample()
      } catch (err) {
        this.deps.logger.error('self-monitor: sampling failed', { error: String(err) })
      }
    }, this.intervalMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.eld?.disable()
    this.eld = null
  }
}
