import type { ConsoleHealth } from '../../shared/contract'
import type { Db } from '../db/open'
import type { PollerRegistry } from './pollers'
import { APP_VERSION } from './version'

type Status = 'pass' | 'warn' | 'fail'
const worst = (a: Status, b: Status): Status => (a === 'fail' || b === 'fail' ? 'fail' : a === 'warn' || b === 'warn' ? 'warn' : 'pass')

/** The console's own health in application/health+json shape. */
export function consoleHealth(db: Db, pollers: PollerRegistry, now: number): ConsoleHealth {
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
  return { status, version: APP_VERSION, description: 'Control Console service layer', checks }
}
