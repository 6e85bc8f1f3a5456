// The console under soak: `control-console serve` in its own process (the built app, as an operator runs it), an
// RPC client with the API token (or, on a team server, a signed-in session), and browser-like event-stream clients that connect and disconnect in a loop.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'

export interface ServeProcess {
  child: ChildProcess
  pid: number
  base: string
  token: string
  stderr: () => string
  /** How rpc() authenticates when not with the token: a session cookie (see asSession). */
  headers?: Record<string, string>
}

/** Starts `node [nodeArgs] bin/control-console.mjs serve` on a free port; resolves once it prints its URL. */
export async function startServe(workspace: string, opts: { nodeArgs?: string[]; cwd?: string } = {}): Promise<ServeProcess> {
  const token = `soak-${'x'.repeat(40)}`
  return spawnServe(['--workspace', workspace], { CONSOLE_TOKEN: token }, token, opts)
}

/**
 * A team server (`serve --team DIR`): the first admin is added with the CLI as an operator does (the password in
 * CONSOLE_TEAM_PASSWORD), then the server starts on a free port. Nobody is signed in yet: see signIn().
 */
export async function startTeamServe(
  dir: string,
  admin: { name: string; password: string },
  opts: { nodeArgs?: string[]; cwd?: string } = {}
): Promise<ServeProcess> {
  const cli = path.resolve('bin/control-console.mjs')
  const env = { ...process.env, CONSOLE_TEAM_PASSWORD: admin.password }
  const add = spawn(process.execPath, [cli, 'team', 'add-user', '--team', dir, '--name', admin.name, '--admin'], { env, stdio: 'pipe' })
  let err = ''
  add.stderr.on('data', (d) => (err += d))
  const code = await new Promise<number | null>((r) => add.once('exit', r))
  if (code !== 0) throw new Error(`team add-user exited ${code}: ${err.slice(-2000)}`)
  return spawnServe(['--team', dir], {}, '', opts)
}

/** Signs in over POST /api/auth/login; the team session cookie, and how long the sign-in took (scrypt included). */
export async function signIn(p: ServeProcess, name: string, password: string): Promise<{ cookie: string; ms: number }> {
  const started = performance.now()
  const res = await fetch(`${p.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password })
  })
  const body = (await res.json()) as { ok: boolean; error?: { message: string } }
  const ms = performance.now() - started
  const cookie = res.headers.get('set-cookie')?.split(';')[0]
  if (!body.ok || !cookie) throw new Error(`sign-in ${name}: ${body.error?.message ?? res.status}`)
  return { cookie, ms }
}

/** The same server, calling as a signed-in browser session (its cookie) instead of with the API token. */
export const asSession = (p: ServeProcess, cookie: string): ServeProcess => ({ ...p, headers: { cookie } })

/** A JSON route of the server (team routes: /api/team/…, /api/me/…); throws with the error envelope's message. */
export async function route<T = unknown>(p: ServeProcess, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${p.base}${url}`, {
    method,
    headers: { ...authHeaders(p), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const env = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } }
  if (!env.ok) throw new Error(`${method} ${url}: ${env.error?.message ?? res.status}`)
  return env.data as T
}

const authHeaders = (p: ServeProcess): Record<string, string> => p.headers ?? { authorization: `Bearer ${p.token}` }

async function spawnServe(
  args: string[],
  env: Record<string, string>,
  token: string,
  opts: { nodeArgs?: string[]; cwd?: string }
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), path.resolve('bin/control-console.mjs'), 'serve', '--port', '0', ...args],
    {
      cwd: opts.cwd ?? process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env }
    }
  )
  let err = ''
  child.stderr!.on('data', (d) => (err = (err + d).slice(-20_000)))
  const base = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /Open (https?:\/\/[^/\s]+)\//.exec(out)
      if (m) resolve(m[1]!)
    })
    child.once('exit', (c) => reject(new Error(`serve exited ${c}: ${err.slice(-2000)}`)))
    setTimeout(() => reject(new Error('serve did not print its URL in 60 s')), 60_000).unref()
  })
  return { child, pid: child.pid!, base, token, stderr: () => err }
}

export async function stopServe(p: ServeProcess): Promise<void> {
  if (p.child.exitCode !== null) return
  const exited = new Promise((r) => p.child.once('exit', r))
  p.child.kill('SIGTERM')
  const t = setTimeout(() => p.child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(t)
}

/** Calls a contract channel over HTTP with the bearer token (or p.headers); throws with the error envelope's message. */
export async function rpc<T = unknown>(p: ServeProcess, channel: string, input?: unknown): Promise<T> {
  const res = await fetch(`${p.base}/api/rpc/${channel}`, {
    method: 'POST',
    headers: { ...authHeaders(p), 'content-type': 'application/json' },
    body: input === undefined ? '' : JSON.stringify(input)
  })
  const env = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } }
  if (!env.ok) throw new Error(`${channel}: ${env.error?.message ?? res.status}`)
  return env.data as T
}

/** Starts a job-returning command and waits for the job to end; returns its final view. */
export async function runJob(
  p: ServeProcess,
  channel: string,
  input: unknown,
  timeoutMs = 600_000
): Promise<{ state: string; error: string | null }> {
  const started = await rpc<{ jobId: string }>(p, channel, input)
  const until = Date.now() + timeoutMs
  for (;;) {
    const job = await rpc<{ state: string; error: string | null }>(p, 'jobs:get', { id: started.jobId })
    if (!['queued', 'running'].includes(job.state) || Date.now() > until) return job
    await new Promise((r) => setTimeout(r, 1000))
  }
}

/** RSS of a process as the kernel counts it (bytes), read from outside. */
export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN)
  return kb * 1024
}

/** A browser session: open the token URL once and keep the cookie it sets (each tab of a browser shares it). */
export async function session(p: ServeProcess): Promise<string> {
  const res = await fetch(`${p.base}/?token=${p.token}`, { redirect: 'manual' })
  const cookie = res.headers.get('set-cookie')?.split(';')[0]
  await res.arrayBuffer()
  if (!cookie) throw new Error('no session cookie')
  return cookie
}

export interface SseStats {
  connects: number
  refused: number
  events: number
  bytes: number
}

/**
 * `clients` event-stream clients, each with its own session: connect to /api/events, stay 2-20 s, disconnect (as a
 * tab that is closed or reloaded), wait a moment, connect again, until `stop()`.
 */
export function sseClients(p: ServeProcess, clients: number): { stats: SseStats; stop: () => Promise<void> } {
  const stats: SseStats = { connects: 0, refused: 0, events: 0, bytes: 0 }
  const url = new URL('/api/events', p.base)
  let running = true
  const open = new Set<http.ClientRequest>()
  const once = (cookie: string): Promise<void> =>
    new Promise((resolve) => {
      const req = http.get(url, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) {
          stats.refused++
          res.resume()
          res.on('end', resolve)
          return
        }
        stats.connects++
        res.on('data', (d: Buffer) => {
          stats.bytes += d.length
          for (let i = d.indexOf('event: '); i >= 0; i = d.indexOf('event: ', i + 1)) stats.events++
        })
        const t = setTimeout(() => req.destroy(), 2000 + Math.random() * 18_000)
        res.on('close', () => {
          clearTimeout(t)
          resolve()
        })
      })
      open.add(req)
      req.on('close', () => open.delete(req))
      req.on('error', () => resolve())
    })
  const loops = Array.from({ length: clients }, async () => {
    const cookie = await session(p)
    while (running) {
      await once(cookie)
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 800))
    }
  })
  return {
    stats,
    stop: async () => {
      running = false
      for (const req of open) req.destroy()
      await Promise.allSettled(loops)
    }
  }
}
