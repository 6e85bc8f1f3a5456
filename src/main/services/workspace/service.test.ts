import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { AppError } from '../../../shared/errors'

let t: TestApp
afterEach(async () => t && (await t.cleanup()))

describe('workspace backup and restore', () => {
  it('backs up online while in use and restores in place, keeping a safety copy', async () => {
    t = tempApp()
    const events: string[] = []
    t.app.bus.subscribe((name, payload) => events.push(`${name}:${(payload as { reason?: string }).reason}`))
    t.app.workspace.rename('before')
    const backup = await t.app.workspace.backup()
    expect(fs.existsSync(backup.path)).toBe(true)
    expect(backup.sizeBytes).toBeGreaterThan(0)
    expect(t.app.workspace.listBackups().map((b) => b.path)).toContain(backup.path)

    t.app.workspace.rename('after')
    expect(t.app.workspace.info().name).toBe('after')
    const result = await t.app.workspace.restore(backup.path)
    expect(result.integrity).toBe('ok')
    expect(t.app.workspace.info().name).toBe('before')
    expect(fs.existsSync(result.safetyBackup)).toBe(true)
    expect(events).toContain('workspace:changed:restored')
  })

  it('refuses a corrupted backup with a clear message and changes nothing', async () => {
    t = tempApp()
    t.app.workspace.rename('keep me')
    const backup = await t.app.workspace.backup()
    const bytes = fs.readFileSync(backup.path)
    for (let i = 4096; i < bytes.length; i += 97) bytes[i] = (bytes[i]! + 13) & 0xff
    const broken = path.join(t.dir, 'broken.db')
    fs.writeFileSync(broken, bytes)
    const err = await t.app.workspace.restore(broken).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('VALIDATION')
    expect((err as AppError).field).toBe('source')
    expect((err as AppError).message).toMatch(/integrity_check|not a valid SQLite|malformed|cannot be opened/)
    expect(t.app.workspace.info().name).toBe('keep me')
  })

  it('refuses a file that is not a workspace and a missing file', async () => {
    t = tempApp()
    const text = path.join(t.dir, 'notes.db')
    fs.writeFileSync(text, 'hello, not a database')
    await expect(t.app.workspace.restore(text)).rejects.toMatchObject({ code: 'VALIDATION', field: 'source' })
    await expect(t.app.workspace.restore(path.join(t.dir, 'missing.db'))).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('reports table sizes and rows', () => {
    t = tempApp()
    const tables = t.app.workspace.tables()
    expect(tables.find((x) => x.name === 'workspace_meta')?.rows).toBeGreaterThanOrEqual(2)
    expect(tables.every((x) => x.bytes > 0)).toBe(true)
    // a full-text index is listed by the tables that hold it, not as the virtual table (which has no pages)
    expect(tables.map((x) => x.name)).toContain('logs_fts_data')
    expect(tables.map((x) => x.name)).not.toContain('logs_fts')
  })
})
