/**
 * Worker-thread entry for the logs area's searches (LogQL, full text, histograms, tail, alert counts): a resident
 * worker (see resident.ts) with its own read connection, so a long search never delays the pollers.
 */
import { workerData } from 'node:worker_threads'
import { openDatabase } from '../db/open'
import { LogSearch } from '../services/logs/search/engine'
import { serveResident } from './resident'

interface QueryInit {
  file: string
  nativeBinding?: string
}

serveResident<LogSearch>(
  'logs-query',
  (init) => {
    const { file, nativeBinding } = init as QueryInit
    const db = openDatabase(file, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) })
    const search = new LogSearch(db)
    return Object.assign(search, { close: () => db.close() })
  },
  workerData
)
