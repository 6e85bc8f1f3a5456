import { logsChannels } from '../../../shared/contract/logs'
import { defineModule, type AreaContext } from '../../core/module'
import { inlineResident, residentWorker, type Resident } from '../../workers/resident'
import { openDatabase } from '../../db/open'
import { mainWriteIntent } from '../../db/writeIntent'
import { pushRoutes } from './pushRoutes'
import { LogSearch } from './search/engine'
import { LogsService } from './service'
import { LogIngest } from './store/ingest'

const RETENTION_EVERY_MS = 10 * 60_000

/** The writer and the searches: worker threads in the app; inline on this thread when a test asks (testHooks.logsInline). */
function residents(ctx: AreaContext): { ingest: Resident<LogIngest>; search: Resident<LogSearch> } {
  const init = {
    file: ctx.workspacePath,
    nativeBinding: ctx.nativeBinding,
    retentionEveryMs: ctx.startPollers ? RETENTION_EVERY_MS : 0,
    writeIntent: mainWriteIntent.buffer as SharedArrayBuffer
  }
  if (ctx.testHooks.logsInline) {
    return {
      ingest: inlineResident((emit) => new LogIngest(init, () => ctx.clock.now(), emit)),
      search: inlineResident(() => {
        const db = openDatabase(ctx.workspacePath, { readonly: true, ...(ctx.nativeBinding ? { nativeBinding: ctx.nativeBinding } : {}) })
        return Object.assign(new LogSearch(db), { close: () => db.close() })
      })
    }
  }
  return {
    ingest: residentWorker<LogIngest>({ kind: 'logs-ingest', init, logger: ctx.logger }),
    search: residentWorker<LogSearch>({
      kind: 'logs-query',
      init: { file: ctx.workspacePath, nativeBinding: ctx.nativeBinding },
      logger: ctx.logger
    })
  }
}

/** Logs: sources (tailed files, HTTP push, Loki connectors), search, live tail, error issues, retention. */
export const logsModule = defineModule({
  id: 'logs',
  channels: logsChannels,
  emits: ['logs:ingested', 'logs:sources', 'logs:issue'],
  create: (ctx) => {
    const { db, clock, bus, logger, secrets, ports } = ctx
    return new LogsService({ db, clock, bus, logger, secrets, health: ports.get('health'), ...residents(ctx) })
  },
  provides: (logs) => ({
    logs: logs.reader(),
    logsQueries: { search: (input) => logs.search(input), histogram: (input) => logs.histogram(input) }
  }),
  handlers: (logs) => ({
    'logs:sources': () => logs.list(),
    'logs:createSource': (input) => logs.createSource(input),
    'logs:updateSource': (input) => logs.updateSource(input),
    'logs:deleteSource': ({ id }) => logs.deleteSource(id),
    'logs:testSource': ({ id }) => logs.testSource(id),
    'logs:search': (input) => logs.search(input),
    'logs:histogram': (input) => logs.histogram(input),
    'logs:context': ({ id, before, after }) => logs.context(id, before, after),
    'logs:tail': (input) => logs.tail(input),
    'logs:labels': () => logs.labels(),
    'logs:saved': () => logs.saved(),
    'logs:saveQuery': ({ name, query, rangeS }) => logs.saveQuery(name, query, rangeS),
    'logs:deleteQuery': ({ id }) => logs.deleteQuery(id),
    'logs:issues': (input) => logs.issues(input?.state, input?.service, input?.limit ?? 200),
    'logs:issue': ({ id, hours }) => logs.issue(id, hours),
    'logs:setIssueState': ({ id, state }) => logs.setIssueState(id, state),
    'logs:storage': () => logs.storage(),
    'logs:status': () => logs.status(),
    'logs:runRetention': () => logs.runRetention()
  }),
  httpRoutes: (logs) => pushRoutes(logs),
  start: (logs, { startPollers }) => logs.start(startPollers),
  stop: (logs) => logs.stop(),
  palette: (logs) => (q, limit) => logs.palette(q, limit)
})
