/** `onSchedule:<every>` (5m, 30s, 1h) or `onSchedule:<cron>` (core/cron.ts, in this machine's time zone): when it is next due. */
import { invalid } from '../../../shared/errors'
import type { ExtensionManifest } from '../../../shared/extensions'
import { cronProblem, nextRun, systemTimeZone } from '../../core/cron'

const EVERY = /^(\d+)([smh])$/
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const

/** The schedules of a manifest's `onSchedule:` activation events. */
export const schedulesOf = (m: ExtensionManifest): string[] =>
  m.activationEvents.filter((e) => e.startsWith('onSchedule:')).map((e) => e.slice('onSchedule:'.length))

/** The next time a schedule is due after `after` (ms), or null when it never is. */
export function nextDue(spec: string, after: number): number | null {
  const every = EVERY.exec(spec)
  if (every) return after + Number(every[1]) * UNIT_MS[every[2] as keyof typeof UNIT_MS]
  return nextRun({ cron: spec, timezone: systemTimeZone() }, after)
}

/** Refuses a manifest whose schedule is zero or not a cron expression, naming the activation event. */
export function checkSchedules(m: ExtensionManifest): void {
  m.activationEvents.forEach((e, i) => {
    if (!e.startsWith('onSchedule:')) return
    const spec = e.slice('onSchedule:'.length)
    const every = EVERY.exec(spec)
    if (every && Number(every[1]) === 0)
      throw invalid(`manifest.activationEvents[${i}]`, `"${e}": the interval must be at least 1${every[2]}`)
    const problem = every ? null : cronProblem({ cron: spec, timezone: systemTimeZone() })
    if (problem) throw invalid(`manifest.activationEvents[${i}]`, `"${e}" ${problem.message}`)
  })
}
