import fs from 'node:fs'
import path from 'node:path'
import { AppError } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import Database from 'better-sqlite3'
import { backupDirFor, backupName, backupTo, listBackups, restoreInto, type BackupFile } from '../../db/backup'
import { appliedMigrations, checkPrefix, migrate } from '../../db/migrate'
import type { WorkspaceBackups } from './api'
import type { Db } from '../../db/open'
import { countRows, WorkspaceRepo } from './repo'

export interface WorkspaceDeps {
  db: Db
  file: string
  clock: Clock
  bus: EventBus
  nativeBinding?: string
}

/** Identity, backup and restore of the one workspace file. */
export class WorkspaceService {
  private repo: WorkspaceRepo
  /** When this process opened the workspace. */
  readonly startedAt: number
  constructor(private deps: WorkspaceDeps) {
    this.repo = new WorkspaceRepo(deps.db)
    this.startedAt = deps.clock.now()
    this.ensureIdentity()
  }

  private ensureIdentity(): void {
    if (!this.repo.getMeta('created_at')) this.repo.setMeta('created_at', String(this.deps.clock.now()))
    if (!this.repo.getMeta('name')) this.repo.setMeta('name', path.basename(this.deps.file, path.extname(this.deps.file)))
  }

  get file(): string {
    return this.deps.file
  }

  name(): string {
    return this.repo.getMeta('name') ?? 'workspace'
  }

  info() {
    const { db, file } = this.deps
    const sizeBytes = ['', '-wal'].reduce((sum, suffix) => {
      const f = file + suffix
      return sum + (fs.existsSync(f) ? fs.statSync(f).size : 0)
    }, 0)
    const migrations = appliedMigrations(db)
    return {
      name: this.name(),
      path: file,
      sizeBytes,
      journalMode: this.repo.journalMode(),
      schemaVersion: migrations.at(-1)?.id ?? 0,
      migrations,
      createdAt: Number(this.repo.getMeta('created_at') ?? 0),
      backupDir: backupDirFor(file)
    }
  }

  tables() {
    return this.repo.tableStats()
  }

  rename(name: string): { name: string } {
    this.repo.setMeta('name', name)
    this.deps.bus.publish('workspace:changed', { reason: 'renamed', at: this.deps.clock.now() })
    return { name }
  }

  listBackups(): BackupFile[] {
    return listBackups(backupDirFor(this.deps.file))
  }

  async backup(destination?: string): Promise<BackupFile & { durationMs: number }> {
    const target = destination ?? path.join(backupDirFor(this.deps.file), backupName(this.deps.file, new Date(this.deps.clock.now())))
    if (path.resolve(target) === path.resolve(this.deps.file)) {
      throw new AppError('VALIDATION', 'destination: cannot back up the workspace onto itself', 'destination')
    }
    const started = performance.now()
    const result = await backupTo(this.deps.db, target)
    return { ...result, durationMs: performance.now() - started }
  }

  /** The narrow port recovery drills use (api.ts): backup, restore into a scratch file, inspect. */
  backupsPort(): WorkspaceBackups {
    const binding = this.deps.nativeBinding ? { nativeBinding: this.deps.nativeBinding } : {}
    return {
      backup: (destination) => this.backup(destination),
      restoreCopy: async (source, scratch) => {
        if (path.resolve(scratch) === path.resolve(this.deps.file))
          throw new AppError('VALIDATION', 'scratch: must not be the live workspace', 'scratch')
        await restoreInto(scratch, source, binding)
      },
      inspect: (file) => {
        const db = new Database(file, { readonly: true, fileMustExist: true, ...binding })
        try {
          const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check)
          let migrations: string | null = null
          try {
            checkPrefix(db, file)
          } catch (err) {
            migrations = (err as Error).message
          }
          return { integrity, migrations, tables: countRows(db) }
        } finally {
          db.close()
        }
      },
      liveCounts: () => countRows(this.deps.db)
    }
  }

  /** Verify the source, keep a safety backup of the current state, then restore in place. */
  async restore(source: string): Promise<{ restoredFrom: string; integrity: 'ok'; safetyBackup: string }> {
    if (path.resolve(source) === path.resolve(this.deps.file)) {
      throw new AppError('VALIDATION', 'source: cannot restore the workspace from itself', 'source')
    }
    if (!fs.existsSync(source)) throw new AppError('NOT_FOUND', `source: backup file ${source} does not exist`, 'source')
    const safety = await this.backup(
      path.join(backupDirFor(this.deps.file), `before-restore-${backupName(this.deps.file, new Date(this.deps.clock.now()))}`)
    )
    try {
      await restoreInto(this.deps.file, source, this.deps.nativeBinding ? { nativeBinding: this.deps.nativeBinding } : {})
    } catch (err) {
      throw new AppError('VALIDATION', `source: ${(err as Error).message}`, 'source')
    }
    migrate(this.deps.db, this.deps.file)
    this.ensureIdentity()
    this.deps.bus.publish('workspace:changed', { reason: 'restored', at: this.deps.clock.now() })
    return { restoredFrom: source, integrity: 'ok', safetyBackup: safety.path }
  }
}
