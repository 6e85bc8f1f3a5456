import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { ScanTargetInput } from '../../../shared/contract'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'

const apps: TestApp[] = []
afterEach(async () => {
  for (const a of apps.splice(0).reverse()) await a.cleanup().catch(() => {})
})

describe('testing repository after a restart', () => {
  it('marks the scans and drills a stopped console left running as interrupted, and nothing else', async () => {
    const first = tempApp()
    apps.push(first)
    const { id: targetId } = first.app.testing.scans.save(ScanTargetInput.parse({ name: 'shop', url: 'https://127.0.0.1:1/' }))
    const raw = new Database(first.file)
    raw.prepare("INSERT INTO testing_scans (target_id, state, started_at) VALUES (?, 'running', 1), (?, 'done', 2)").run(targetId, targetId)
    raw.prepare("INSERT INTO testing_drills (trigger, state, started_at) VALUES ('manual', 'running', 3)").run()
    raw.close()
    await first.app.close()

    const second = tempApp({ file: first.file })
    apps.push(second)
    const db = new Database(first.file, { readonly: true })
    expect(db.prepare('SELECT state, error FROM testing_scans ORDER BY id').all()).toEqual([
      { state: 'interrupted', error: 'the console stopped during this scan' },
      { state: 'done', error: null }
    ])
    expect(db.prepare('SELECT state, error, ended_at > 0 AS ended FROM testing_drills').get()).toEqual({
      state: 'interrupted',
      error: 'the console stopped during this drill',
      ended: 1
    })
    db.close()
  })
})
