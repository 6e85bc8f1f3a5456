import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { checkPrefix } from './migrate'
import type { Db, OpenOptions } from './open'

export interface BackupFile {
  path: string
  sizeBytes: number
  createdAt: number
}

export const backupDirFor = (workspaceFile: string): string => path.join(path.dirname(workspaceFile), 'backups')

export function backupName(workspaceFile: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-')
  return `${path.basename(workspaceFile, path.extname(workspaceFile))}-${stamp}.db`
}

/** Online backup through SQLite's backup API; safe while the workspace is in use. */
export async function backupTo(db: Db, destination: string): Promise<BackupFile> {
  fs.mkdirSync(path.dirname(destination), { recursive: true })
  const tmp = `${destination}.partial`
  await db.backup(tmp)
  fs.renameSync(tmp, destination)
  const stat = fs.statSync(destination)
  return { path: destination, sizeBytes: stat.size, createdAt: stat.mtimeMs }
}

export function listBackups(dir: string): BackupFile[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.db'))
    .map((f) => {
      const full = path.join(dir, f)
      const stat = fs.statSync(full)
      return { path: full, sizeBytes: stat.size, createdAt: stat.mtimeMs }
    })
    .sort((a, b) => b.createdAt - a.createdAt)
}

/** Open a candidate backup read-only and prove it is whole and not from a newer version. */
export function verifyBackup(source: string, opts: Pick<OpenOptions, 'nativeBinding'> = {}): void {
  if (!fs.existsSync(source)) throw new Error(`backup file ${source} does not exist`)
  let candidate: Db
  try {
    candidate = new Database(source, {
      readonly: true,
      fileMustExist: true,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
    })
  } catch (err) {
    throw new Error(`backup file ${source} cannot be opened: ${(err as Error).message}`)
  }
  try {
    let result: string[]
    try {
      result = candidate.pragma('integrity_check', { simple: false }) as unknown as string[]
    } catch (err) {
      throw new Error(`backup file ${source} is not a valid SQLite database: ${(err as Error).message}`)
    }
    const lines = (result as unknown as { integrity_check: string }[]).map((r) => r.integrity_check)
    if (lines.length !== 1 || lines[0] !== 'ok') {
      throw new Error(`backup file ${source} failed PRAGMA integrity_check: ${lines.slice(0, 3).join('; ')}`)
    }
    checkPrefix(candidate, source)
    const meta = candidate.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='workspace_meta'").get()
    if (!meta) throw new Error(`backup file ${source} is not a Control Console workspace`)
  } finally {
    candidate.close()
  }
}

/** Copy a verified backup into the live workspace through the backup API (in place, under SQLite's locks). */
export async function restoreInto(liveFile: string, source: string, opts: Pick<OpenOptions, 'nativeBinding'> = {}): Promise<void> {
  verifyBackup(source, opts)
  const src = new Database(source, {
    readonly: true,
    fileMustExist: true,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  })
  try {
    await src.backup(liveFile)
  } finally {
    src.close()
  }
}
