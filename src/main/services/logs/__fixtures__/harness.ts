/** A migrated workspace file with the logs area's write and read sides on it (inline, no worker threads). */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openWorkspace } from '../../../db/workspace'
import type { Db } from '../../../db/open'
import type { SourceSpec } from '../ingest/source'
import { LogSearch } from '../search/engine'
import type { Committed } from '../store/entry'
import { LogIngest } from '../store/ingest'

export interface LogsHarness {
  dir: string
  file: string
  db: Db
  ingest: LogIngest
  search: LogSearch
  commits: Committed[]
  clock: { now: number }
  addSource(spec: Partial<SourceSpec> & { name: string; kind: SourceSpec['kind'] }): SourceSpec
  close(): void
}

export function logsHarness(start = Date.UTC(2026, 0, 5, 12, 0)): LogsHarness {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-logs-'))
  const file = path.join(dir, 'workspace.db')
  const db = openWorkspace(file)
  const clock = { now: start }
  const commits: Committed[] = []
  const ingest = new LogIngest({ file, pollMs: 3_600_000 }, () => clock.now, (c) => commits.push(c))
  const search = new LogSearch(db)
  return {
    dir,
    file,
    db,
    ingest,
    search,
    commits,
    clock,
    addSource(spec) {
      const full: SourceSpec = {
        id: 0,
        service: '',
        environment: '',
        host: 'test-host',
        enabled: true,
        deleting: false,
        retentionDays: 14,
        maxBytes: null,
        paths: [],
        startAt: 'beginning',
        multiline: true,
        release: '',
        ...spec
      }
      const r = db
        .prepare(
          `INSERT INTO logs_sources (name, kind, environment, host, config, retention_days, max_bytes, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(full.name, full.kind, full.environment, full.host, JSON.stringify({ paths: full.paths }), full.retentionDays, full.maxBytes, start, start)
      full.id = Number(r.lastInsertRowid)
      return full
    },
    close() {
      ingest.close()
      db.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}
