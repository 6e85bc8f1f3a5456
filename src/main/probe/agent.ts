/**
 * The probe agent: `control-console probe --server URL --token T --region NAME` runs the workspace's checks from this
 * machine and pushes the results to the console, which keeps each check's state per region. It fetches the checks with
 * its probe token (which can do nothing else), runs each on its interval with the same runner as the console's poller,
 * and pushes a batch every few seconds; it refetches the checks every minute and retries pushes with backoff.
 */
import os from 'node:os'
import { runCheck } from '../services/health/checks/run'
import type { CheckConfigInput, CheckOutcome } from '../../shared/health/types'
import { APP_VERSION } from '../core/version'

export interface ProbeOptions {
  server: string
  token: string
  region: string
  /** On a team server with several workspaces: the workspace (slug) whose checks this probe runs. */
  workspace?: string | undefined
  /** Run every check once, push, and stop. */
  once?: boolean
  pushEveryMs?: number
  refreshEveryMs?: number
  log?: (line: string) => void
  signal?: AbortSignal
  /** The fetch to use (tests). */
  fetchImpl?: typeof fetch
}

interface ProbeCheck {
  id: number
  name: string
  serviceName: string
  intervalS: number
  config: Record<string, unknown>
}

interface Result {
  checkId: number
  at: number
  status: CheckOutcome['status']
  latencyMs: number
  statusCode: number | null
  error: string | null
}

export class ProbeError extends Error {
  override name = 'ProbeError'
}

const agentName = (): string => `${os.hostname()} (control-console ${APP_VERSION})`

async function hook<T>(o: ProbeOptions, name: string, body: unknown): Promise<T> {
  const f = o.fetchImpl ?? fetch
  let res: Response
  try {
    res = await f(new URL(`/api/hooks/${name}`, o.server), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${o.token}`,
        'content-type': 'application/json',
        ...(o.workspace ? { 'x-console-workspace': o.workspace } : {})
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000)
    })
  } catch (err) {
    throw new ProbeError(`cannot reach ${o.server}: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`)
  }
  const json = (await res.json().catch(() => null)) as { ok: boolean; data?: T; error?: { message: string } } | null
  if (!json?.ok) throw new ProbeError(`${name}: ${res.status} ${json?.error?.message ?? res.statusText}`)
  return json.data as T
}

/** Runs until the signal aborts (or once); resolves with the number of results pushed. */
export async function runProbe(o: ProbeOptions): Promise<number> {
  const log = o.log ?? ((l: string) => process.stdout.write(`${l}\n`))
  const agent = agentName()
  const fetchChecks = async (): Promise<ProbeCheck[]> => {
    const r = await hook<{ region: string; checks: ProbeCheck[] }>(o, 'probe/checks', { agent })
    if (r.region !== o.region) throw new ProbeError(`this token pushes for region ${r.region}, not ${o.region}`)
    return r.checks
  }
  let checks = await fetchChecks()
  log(`probe ${o.region}: ${checks.length} checks from ${o.server}`)
  const pending: Result[] = []
  let pushed = 0
  const runOne = async (c: ProbeCheck): Promise<void> => {
    const outcome = await runCheck(c.config as CheckConfigInput, o.signal)
    pending.push({
      checkId: c.id,
      at: Date.now(),
      status: outcome.status,
      latencyMs: outcome.latencyMs,
      statusCode: outcome.statusCode ?? null,
      error: outcome.error ?? null
    })
  }
  const push = async (): Promise<void> => {
    if (pending.length === 0) return
    const batch = pending.splice(0, 5000)
    try {
      const r = await hook<{ accepted: number; unknown: number }>(o, 'probe/results', { agent, results: batch })
      pushed += r.accepted
      log(`probe ${o.region}: pushed ${r.accepted} results${r.unknown ? ` (${r.unknown} for checks that no longer exist)` : ''}`)
    } catch (err) {
      // keep them for the next push, dropping the oldest beyond 20,000
      pending.unshift(...batch)
      if (pending.length > 20_000) pending.splice(0, pending.length - 20_000)
      throw err
    }
  }

  if (o.once) {
    await Promise.all(checks.map(runOne))
    await push()
    return pushed
  }

  const timers = new Map<number, NodeJS.Timeout>()
  const schedule = (list: ProbeCheck[]): void => {
    for (const t of timers.values()) clearInterval(t)
    timers.clear()
    list.forEach((c, i) => {
      // spread the first runs over the interval, as the console's poller does
      const start = setTimeout(
        () => {
          void runOne(c)
          timers.set(
            c.id,
            setInterval(() => void runOne(c), Math.max(5, c.intervalS) * 1000)
          )
        },
        (i * Math.max(5, c.intervalS) * 1000) / Math.max(1, list.length)
      )
      timers.set(c.id, start)
    })
  }
  schedule(checks)
  let backoff = 0
  let lastRefresh = Date.now()
  await new Promise<void>((resolve) => {
    const tick = async (): Promise<void> => {
      if (o.signal?.aborted) return resolve()
      try {
        await push()
        if (Date.now() - lastRefresh > (o.refreshEveryMs ?? 60_000)) {
          lastRefresh = Date.now()
          checks = await fetchChecks()
          schedule(checks)
        }
        backoff = 0
      } catch (err) {
        backoff = Math.min(60_000, backoff ? backoff * 2 : 2000)
        log(`probe ${o.region}: ${(err as Error).message}; retrying in ${backoff / 1000} s`)
      }
      setTimeout(() => void tick(), backoff || (o.pushEveryMs ?? 5000))
    }
    o.signal?.addEventListener('abort', () => resolve(), { once: true })
    setTimeout(() => void tick(), o.pushEveryMs ?? 5000)
  })
  for (const t of timers.values()) clearTimeout(t)
  await push().catch(() => undefined)
  return pushed
}
