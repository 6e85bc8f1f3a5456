import path from 'node:path'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { openDatabase, type Db } from '../../src/main/db/open'

/** A workspace file in `dir` as an older version left it: only the migrations numbered up to `lastId`. */
export function oldWorkspace(dir: string, lastId: number): { file: string; db: Db } {
  const file = path.join(dir, 'old.db')
  const db = openDatabase(file)
  migrate(
    db,
    file,
    MIGRATIONS.filter((m) => m.id <= lastId)
  )
  return { file, db }
}
