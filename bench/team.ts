import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { percentile, type BenchResult, type Figure } from './harness'
import { asSession, route, rpc, rssOf, session, signIn, startServe, startTeamServe, stopServe, type ServeProcess } from './soakConsole'

/**
 * `npm run bench team` (needs `npm run build`)
 *  A team server: `control-console serve` in its own process on loopback, a workspace with three dashboards whose
 *  panels draw from health, alerts, costs, metrics and logs, and BENCH_TEAM_USERS (50) simulated people, each with a
 *  session of their own, an open event stream, a presence heartbeat, and a dashboard refreshing every
 *  BENCH_TEAM_REFRESH_S (10) s — each refresh is that dashboard's `dashboards:panelData` calls at once, as the grid
 *  makes them. Someone saves a dashboard every 10 s so the streams carry changes. Runs BENCH_TEAM_SECONDS (120) s.
 *  By default it is a real team server (`serve --team DIR`): the first admin is added with the CLI, signs in and adds
 *  the users over /api/team/users (one in ten an editor, the rest viewers), each person signs in with their own
 *  password and calls with their own session cookie, the editor's saves go as that editor, and logs are pushed with the
 *  admin's personal write token. BENCH_TEAM_MODE=token runs the old single-token serve mode (every session from the
 *  one API token).
 *  Figures: p50/p95/p99 of panel queries and of whole refreshes, errors, events received, the server's CPU and RSS,
 *  and (team mode) the sign-in time (scrypt), signing the users in one after another.
 */
const USERS = Number(process.env.BENCH_TEAM_USERS ?? 50)
const SECONDS = Number(process.env.BENCH_TEAM_SECONDS ?? 120)
const REFRESH_S = Number(process.env.BENCH_TEAM_REFRESH_S ?? 10)
const TEAM = process.env.BENCH_TEAM_MODE !== 'token'
const EDITOR_EVERY = 10 // users 0, 10, 20, … are editors; user 0 saves a dashboard every 10 s
const SERVICES = 8
const CLK_TCK = 100

const cpuTicks = (pid: number): number => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return Number(fields[11]) + Number(fields[12]) // utime + stime (fields 14 and 15 of the whole line)
}

interface Panel {
  id: string
  title: string
  type: string
  x: number
  y: number
  w: number
  h: number
  query: Record<string, unknown>
}
const panel = (i: number, title: string, type: string, query: Record<string, unknown>): Panel => ({
  id: `p${i + 1}`,
  title,
  type,
  x: (i % 3) * 4,
  y: Math.floor(i / 3) * 4,
  w: 4,
  h: 4,
  query
})
const DASHBOARDS: { title: string; from: string; panels: Panel[] }[] = [
  {
    title: 'Service health',
    from: 'now-6h',
    panels: [
      panel(0, 'Uptime', 'timeseries', { source: 'health', metric: 'uptime', service: '' }),
      panel(1, 'p95 latency', 'timeseries', { source: 'health', metric: 'latency_p95', service: 'svc-0' }),
      panel(2, 'Status', 'status', { source: 'health', metric: 'status', service: '' }),
      panel(3, 'Alerts by state', 'bar', { source: 'alerts', groupBy: 'state' }),
      panel(4, 'Failures', 'stat', { source: 'health', metric: 'failures', service: '' }),
      panel(5, 'Errors in logs', 'timeseries', { source: 'logs', logql: '{service=~"svc-.*"} |= "error"' })
    ]
  },
  {
    title: 'Spend',
    from: 'now-30d',
    panels: [
      panel(0, 'Cost by service', 'timeseries', { source: 'costs', groupBy: 'service' }),
      panel(1, 'Cost by category', 'bar', { source: 'costs', groupBy: 'category' }),
      panel(2, 'Alerts by severity', 'bar', { source: 'alerts', groupBy: 'severity' }),
      panel(3, 'Uptime', 'stat', { source: 'health', metric: 'uptime', service: '' })
    ]
  },
  {
    title: 'On call',
    from: 'now-1h',
    panels: [
      panel(0, 'Firing', 'stat', { source: 'alerts', state: 'firing', groupBy: 'state' }),
      panel(1, 'Status', 'status', { source: 'health', metric: 'status', service: '' }),
      panel(2, 'p99 latency', 'timeseries', { source: 'health', metric: 'latency_p99', service: '' }),
      panel(3, 'Requests (PromQL)', 'timeseries', { source: 'metrics', promql: 'vector(1)' }),
      panel(4, 'Last errors', 'logs', { source: 'logs', logql: '{service="svc-1"} |= "error"', limit: 50 })
    ]
  }
]

/** One call as a browser session; null when it succeeded, else what went wrong. */
async function call(p: ServeProcess, cookie: string, channel: string, input: unknown): Promise<string | null> {
  try {
    const res = await fetch(`${p.base}/api/rpc/${channel}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(input)
    })
    const env = (await res.json()) as { ok: boolean; error?: { code?: string; message?: string } }
    return env.ok ? null : `${channel}: ${env.error?.code ?? res.status} ${env.error?.message ?? ''}`
  } catch (err) {
    return `${channel}: ${(err as Error).message}`
  }
}

function eventStream(p: ServeProcess, cookie: string, onEvent: () => void): http.ClientRequest {
  const req = http.get(new URL('/api/events', p.base), { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
    res.on('data', (d: Buffer) => {
      for (let i = d.indexOf('event: '); i >= 0; i = d.indexOf('event: ', i + 1)) onEvent()
    })
  })
  req.on('error', () => undefined)
  return req
}

/** Seeds the workspace as `p` calls (the admin's session on a team server); logs go with `pushAuth`. */
async function seed(p: ServeProcess, target: string, pushAuth: Record<string, string>): Promise<string[]> {
  for (let s = 0; s < SERVICES; s++) {
    const { id } = await rpc<{ id: number }>(p, 'services:create', {
      name: `svc-${s}`,
      checks: [{ name: 'GET /', intervalS: 3600, config: { kind: 'http', url: `${target}/${s % 3 === 0 ? 'fail' : 'ok'}` } }]
    })
    const check = (await rpc<{ checks: { id: number }[] }>(p, 'services:get', { id })).checks[0]!.id
    for (let r = 0; r < 6; r++) await rpc(p, 'checks:run', { id: check })
  }
  const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10)
  for (let i = 0; i < 10; i++)
    await rpc(p, 'costs:manualCreate', {
      service: `Vendor ${i}`,
      category: i % 2 ? 'SaaS' : 'Compute',
      amount: '900',
      recurrence: 'once',
      startDay: day(25),
      endDay: day(0)
    })
  const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`
  const values = Array.from({ length: 2000 }, (_, i) => [
    ns(Date.now() - 3_600_000 + i * 1500),
    `request ${i} ${i % 7 ? 'ok' : 'error timeout'}`
  ])
  const streams = Array.from({ length: 4 }, (_, s) => ({ stream: { service: `svc-${s}` }, values: values.filter((_, i) => i % 4 === s) }))
  const push = await fetch(`${p.base}/loki/api/v1/push`, {
    method: 'POST',
    headers: { ...pushAuth, 'content-type': 'application/json' },
    body: JSON.stringify({ streams })
  })
  if (push.status !== 204) throw new Error(`log push: ${push.status}`)
  const uids: string[] = []
  for (const d of DASHBOARDS) {
    const saved = await rpc<{ uid: string }>(p, 'dashboards:save', {
      model: { title: d.title, time: { from: d.from, to: 'now' }, refreshS: REFRESH_S, panels: d.panels },
      baseVersion: 0,
      author: 'bench'
    })
    uids.push(saved.uid)
  }
  return uids
}

interface People {
  /** Calls as the admin (team) or with the API token: seeds the workspace. */
  seeder: ServeProcess
  pushAuth: Record<string, string>
  /** Each user's session cookie, signed in; filled by signInAll(). */
  cookies: string[]
  /** Calls as the editor who saves every 10 s. */
  editor: () => ServeProcess
  signInMs: number[]
}

/** The team server's people: the CLI's first admin signs in, makes a write token for the log push and adds the users. */
async function teamPeople(p: ServeProcess, admin: { name: string; password: string }): Promise<People> {
  const seeder = asSession(p, (await signIn(p, admin.name, admin.password)).cookie)
  const { token } = await route<{ token: string }>(seeder, 'POST', '/api/me/tokens', {
    name: 'bench log shipper',
    scope: 'write',
    expiresInDays: 1
  })
  const people: People = {
    seeder,
    pushAuth: { authorization: `Bearer ${token}`, 'x-console-workspace': 'default' },
    cookies: [],
    editor: () => asSession(p, people.cookies[0]!),
    signInMs: []
  }
  return people
}

/** Adds the users over the admin API and signs each in with their own password, one after another (timed). */
async function signInAll(p: ServeProcess, people: People): Promise<void> {
  const password = (u: number): string => `bench-password-${u}-${process.pid}`
  for (let u = 0; u < USERS; u++)
    await route(people.seeder, 'POST', '/api/team/users', {
      name: `user-${String(u).padStart(3, '0')}`,
      password: password(u),
      memberships: [{ workspace: 'default', role: u % EDITOR_EVERY === 0 ? 'editor' : 'viewer' }]
    })
  for (let u = 0; u < USERS; u++) {
    const s = await signIn(p, `user-${String(u).padStart(3, '0')}`, password(u))
    people.cookies.push(s.cookie)
    people.signInMs.push(s.ms)
  }
}

/** The roles the server sees behind the cookies (GET /api/auth/state), e.g. "45 viewer, 5 editor". */
async function rolesSeen(p: ServeProcess, cookies: string[]): Promise<string> {
  const count = new Map<string, number>()
  for (const cookie of cookies) {
    const { role } = await route<{ role: string | null }>(asSession(p, cookie), 'GET', '/api/auth/state')
    count.set(String(role), (count.get(String(role)) ?? 0) + 1)
  }
  return [...count].map(([role, n]) => `${n} ${role}`).join(', ')
}

export async function teamBench(): Promise<BenchResult> {
  const editors = TEAM ? Math.ceil(USERS / EDITOR_EVERY) : 0
  const notes = [
    TEAM
      ? `a team server (serve --team) with ${USERS} signed-in users, each with their own session: ${USERS - editors} viewers, ${editors} editor(s)`
      : `single-token serve mode (BENCH_TEAM_MODE=token): every session opened with the one API token`,
    `${USERS} users, each refreshing one of ${DASHBOARDS.length} dashboards (${DASHBOARDS.map((d) => d.panels.length).join(', ')} panels) every ${REFRESH_S} s, with an event stream and a presence heartbeat, for ${SECONDS} s`,
    `load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores (load generator and server share them)`
  ]
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-team-'))
  const target = http.createServer((q, res) => void res.writeHead(q.url?.includes('fail') ? 503 : 200).end('ok'))
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r))
  const admin = { name: 'admin', password: `bench-admin-${process.pid}-password` }
  const p = TEAM ? await startTeamServe(path.join(dir, 'team'), admin) : await startServe(path.join(dir, 'team.db'))
  const streams: http.ClientRequest[] = []
  try {
    const people: People = TEAM
      ? await teamPeople(p, admin)
      : { seeder: p, pushAuth: { authorization: `Bearer ${p.token}` }, cookies: [], editor: () => p, signInMs: [] }
    const uids = await seed(people.seeder, `http://127.0.0.1:${(target.address() as AddressInfo).port}`, people.pushAuth)
    const panelMs: number[] = []
    const refreshMs: number[] = []
    let errors = 0
    const errorKinds = new Map<string, number>()
    const failed = (message: string | null): boolean => {
      if (message === null) return false
      errors++
      errorKinds.set(message, (errorKinds.get(message) ?? 0) + 1)
      return true
    }
    let calls = 0
    let events = 0
    let heartbeats = 0
    if (TEAM) {
      await signInAll(p, people)
      notes.push(`roles the server sees behind the users' sessions: ${await rolesSeen(p, people.cookies)}`)
    } else people.cookies.push(...(await Promise.all(Array.from({ length: USERS }, () => session(p)))))
    const cookies = people.cookies
    for (const cookie of cookies) streams.push(eventStream(p, cookie, () => events++))

    const rss: number[] = []
    const cpu0 = cpuTicks(p.pid)
    const t0 = performance.now()
    const end = t0 + SECONDS * 1000
    const sampler = setInterval(() => rss.push(rssOf(p.pid)), 1000)
    const user = async (u: number): Promise<void> => {
      const d = DASHBOARDS[u % DASHBOARDS.length]!
      const uid = uids[u % uids.length]!
      const cookie = cookies[u]!
      const clientId = `bench-user-${String(u).padStart(4, '0')}`
      await new Promise((r) => setTimeout(r, Math.random() * REFRESH_S * 1000))
      while (performance.now() < end) {
        const started = performance.now()
        void call(p, cookie, 'presence:heartbeat', { clientId, route: `/dashboards/d/${uid}` }).then((e) => failed(e) || heartbeats++)
        await Promise.all(
          d.panels.map(async (pn) => {
            const s = performance.now()
            const error = await call(p, cookie, 'dashboards:panelData', {
              query: pn.query,
              panelType: pn.type,
              time: { from: d.from, to: 'now' }
            })
            panelMs.push(performance.now() - s)
            calls++
            failed(error)
          })
        )
        refreshMs.push(performance.now() - started)
        const wait = REFRESH_S * 1000 - (performance.now() - started)
        if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(0, end - performance.now()))))
      }
    }
    // an editor saves a dashboard every 10 s: a change every stream hears about
    const editor = (async () => {
      let version = 1
      while (performance.now() < end - 10_000) {
        await new Promise((r) => setTimeout(r, 10_000))
        const d = DASHBOARDS[0]!
        const saved = await rpc<{ version: number }>(people.editor(), 'dashboards:save', {
          uid: uids[0],
          model: {
            title: d.title,
            description: `edit ${version}`,
            time: { from: d.from, to: 'now' },
            refreshS: REFRESH_S,
            panels: d.panels
          },
          baseVersion: version,
          author: 'editor'
        })
        version = saved.version
      }
    })()
    await Promise.all([...Array.from({ length: USERS }, (_, u) => user(u)), editor])
    clearInterval(sampler)
    const wallS = (performance.now() - t0) / 1000
    const cpuS = (cpuTicks(p.pid) - cpu0) / CLK_TCK
    panelMs.sort((a, b) => a - b)
    refreshMs.sort((a, b) => a - b)
    const figures: Figure[] = [
      { metric: 'panel queries', value: calls, unit: `calls (${(calls / wallS).toFixed(1)} /s)` },
      { metric: 'panel query p50', value: percentile(panelMs, 50), unit: 'ms' },
      { metric: 'panel query p95', value: percentile(panelMs, 95), unit: 'ms', goal: 'measured, not asserted' },
      { metric: 'panel query p99', value: percentile(panelMs, 99), unit: 'ms' },
      {
        metric: 'whole dashboard refresh p95',
        value: percentile(refreshMs, 95),
        unit: 'ms',
        goal: `< ${REFRESH_S * 1000} ms (the refresh interval)`
      },
      { metric: 'errors', value: errors, unit: 'calls', goal: '0' },
      { metric: 'presence heartbeats', value: heartbeats, unit: 'calls' },
      { metric: 'events received (all streams)', value: events, unit: 'events' },
      { metric: 'server CPU', value: (100 * cpuS) / wallS, unit: '% of one core' },
      { metric: 'server RSS, max', value: Math.max(...rss) / 2 ** 20, unit: 'MiB' },
      { metric: 'server RSS, at end', value: rss[rss.length - 1]! / 2 ** 20, unit: 'MiB' }
    ]
    if (TEAM) {
      const signInMs = [...people.signInMs].sort((a, b) => a - b)
      figures.push(
        { metric: 'sign-in p50 (scrypt, one at a time)', value: percentile(signInMs, 50), unit: 'ms' },
        { metric: 'sign-in p95', value: percentile(signInMs, 95), unit: 'ms' }
      )
    }
    for (const [message, n] of errorKinds) notes.push(`error ×${n}: ${message.slice(0, 300)}`)
    notes.push(
      `load average at end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`
    )
    return { name: 'team', figures, notes }
  } finally {
    for (const s of streams) s.destroy()
    await stopServe(p)
    target.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
