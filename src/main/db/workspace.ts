import { checkPrefix, migrate } from './migrate'
import { enableWal, openDatabase, type Db, type OpenOptions } from './open'

/** Open a workspace: refuse a newer one before writing anything, then WAL and migrations. */
export function openWorkspace(file: string, opts: Pick<OpenOptions, 'nativeBinding'> = {}): Db {
  const db = openDatabase(file, { ...opts, wal: false })
  try {
    checkPrefix(db, file)
    enableWal(db)
    migrate(db, file)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}
