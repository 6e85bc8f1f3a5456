import type { ConsoleHealth } from '../../shared/contract'
import type { Db } from '../db/open'
import type { PollerRegistry } from './pollers'
import { MB, type SelfMonitor } from './selfMonitor'
import { APP_VERSION } from './version'

type Status = 'pass' | 'warn' | 'fail'
const worst = (a: Status, b: Status): Status => (a === 'fail' || b === 'fail' ? 'fail' : a === 'warn' || b === 'warn' ? 'warn' : 'pass')

type Component = ConsoleHealth['checks'][string][number]

const mb = (bytes: number): number => Math.round((bytes / MB) * 10) / 10

/** Memory and disk against the configured limits: `warn` past a limit, with what to do in `output`. */
export function resourceComponents(monitor: SelfMonitor, time: string): Record<string, Component[]> {
  const r = monitor.read()
  const limits = monitor.limits()
  const over = (value: number, limitMb: number, what: string): Pick<Component, 'status' | 'output'> =>
    value > limitMb * MB
      ? { status: 'warn', output: `${what} ${mb(value)} MB is above the limit of ${limitMb} MB (Settings → Console resources)` }
      : { status: 'pass' }
  const item = (componentType: string, bytes: number, verdict: Pick<Component, 'status' | 'output'>): Component[] => [
    { componentType, observedValue: mb(bytes), observedUnit: 'MB', time, ...verdict }
  ]
  const out: Record<string, Component[]> = {
    'memory:rss': item('system', r.rss, over(r.rss, limits.rssMb, 'resident memory')),
    'memory:heapUsed': item('system', r.heapUsed, { status: 'pass' }),
    'disk:workspace': item('datastore', r.dbBytes, over(r.dbBytes, limits.workspaceMb, 'the workspace file')),
    'disk:wal': item('datastore', r.walBytes, over(r.walBytes, limits.walMb, 'the write-ahead log')),
    'eventLoop:delayP99': [{ componentType: 'system', observedValue: r.eldP99Ms, observedUnit: 'ms', time, status: 'pass' }]
  }
  if (r.freeBytes !== null) {
    const low = r.freeBytes < limits.freeDiskMb * MB
    out['disk:free'] = item(
      'system',
      r.freeBytes,
      low
        ? { status: 'warn', output: `${mb(r.freeBytes)} MB free on the workspace's disk, below ${limits.freeDiskMb} MB` }
        : { status: 'pass' }
    )
  }
  return out
}

/** The console's own health in application/health+json shape. */
export function consoleHealth(db: Db, pollers: PollerRegistry, now: number, monitor?: SelfMonitor): ConsoleHealth {
  const time = new Date(now).toISOString()
  let dbStatus: Status = 'pass'
  let dbOutput: string | undefined
  const started = performance.now()
  try {
    db.prepare('SELECT 1').get()
  } catch (err) {
    dbStatus = 'fail'
    dbOutput = (err as Error).message
  }
  const dbMs = performance.now() - started
  const checks: ConsoleHealth['checks'] = {
    'database:responseTime': [
      {
        componentType: 'datastore',
        status: dbStatus,
        observedValue: Number(dbMs.toFixed(3)),
        observedUnit: 'ms',
        time,
        ...(dbOutput ? { output: dbOutput } : {})
      }
    ]
  }
  let status: Status = dbStatus
  const list = pollers.list()
  checks['pollers:count'] = [{ componentType: 'component', status: 'pass', observedValue: list.length, observedUnit: 'pollers', time }]
  for (const p of list) {
    const lateMs = p.lastTickAt === null ? null : now - p.lastTickAt
    const stale = p.running && lateMs !== null && lateMs > p.intervalMs * 3
    const s: Status = !p.running ? 'warn' : stale ? 'warn' : 'pass'
    status = worst(status, s)
    checks[`poller-${p.name}:lastTick`] = [
      {
        componentType: 'component',
        status: s,
        ...(lateMs === null ? {} : { observedValue: lateMs, observedUnit: 'ms' }),
        time,
        ...(!p.running ? { output: 'stopped' } : stale ? { output: `no tick for ${lateMs} ms` } : {})
      }
    ]
  }
  if (monitor) {
    for (const [key, list] of Object.entries(resourceComponents(monitor, time))) {
      checks[key] = list
      for (const c of list) status = worst(status, c.status)
    }
  }
  return { status, version: APP_VERSION, description: 'Control Console service layer', checks }
}
