import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createApp, type App } from '../../src/main/app'
import type { Clock } from '../../src/main/core/clock'
import { silentLogger } from '../../src/main/core/log'

export function tempDir(prefix = 'cc-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export interface TestApp {
  app: App
  dir: string
  file: string
  cleanup(): Promise<void>
}

/** A real app on a real temporary SQLite file. */
export function tempApp(opts: { clock?: Clock; file?: string; testHooks?: Record<string, unknown> } = {}): TestApp {
  const dir = tempDir()
  const file = opts.file ?? path.join(dir, 'workspace.db')
  const app = createApp({
    workspacePath: file,
    mode: 'test',
    logger: silentLogger,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.testHooks ? { testHooks: opts.testHooks } : {})
  })
  return {
    app,
    dir,
    file,
    cleanup: async () => {
      await app.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}
