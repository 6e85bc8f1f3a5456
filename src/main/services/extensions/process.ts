/**
 * One extension's host process: started with Node's permission model (it may read its own script, the extension's
 * folder and the folders granted to it; no child processes, no workers), an environment without the console's
 * secrets, a heap limit, and a watchdog that kills it when a ping goes unanswered. Messages are the host's protocol
 * (host/host.mjs); RPC calls from the extension go to `onCall`, which checks them against the grant.
 */
import fs from 'node:fs'
import { chooseSpawner, type HostChild, type Spawner } from './spawner'

export interface HostLaunch {
  hostFile: string
  id: string
  folder: string
  dataFolder: string
  entry: string
  /** Folders from the grant's fs:read permissions. */
  readFolders: string[]
  memoryMb: number
}

export interface ProcessEvents {
  onReady(registered: Registered): void
  onLog(level: 'info' | 'warn' | 'error', message: string): void
  /** `consented`: origins the invocation the call is made for may reach (its destination's configured URLs). */
  onCall(method: string, params: unknown, consented: readonly string[]): Promise<unknown>
  /** The process ended (crash, watchdog kill or stop); `why` says which. */
  onExit(why: string, expected: boolean): void
}

export interface WatchdogOptions {
  pingEveryMs: number
  pingTimeoutMs: number
}

export type InvokeKind = 'check' | 'channel' | 'command' | 'webhook' | 'importer' | 'panel' | 'event'
export interface Registered {
  checks: string[]
  channels: string[]
  commands: string[]
  webhooks: string[]
}

type HostMessage =
  | ({ t: 'ready' } & Registered)
  | { t: 'pong'; id: number }
  | { t: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { t: 'rpc'; id: number; method: string; params: unknown; inv?: number | null }
  | { t: 'result'; id: number; ok: boolean; value?: unknown; error?: string }

/** Only what a Node process needs to run: no tokens, keys or passwords from the console's environment. */
export function hostEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'LANG', 'TZ', 'SYSTEMROOT']
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]))
}

/** Node flags: the permission model with reads limited to the host file and the allowed folders; a heap limit. */
export function hostExecArgv(l: HostLaunch): string[] {
  const reads = [l.hostFile, l.folder, ...l.readFolders].map((p) => `--allow-fs-read=${p}`)
  return ['--experimental-permission', ...reads, `--max-old-space-size=${l.memoryMb}`, '--no-warnings']
}

export class HostProcess {
  private child: HostChild | null = null
  private exited = false
  private seq = 0
  private invokes = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout; consented: readonly string[] }
  >()
  private pingTimer: NodeJS.Timeout | null = null
  private awaitingPong: { id: number; since: number } | null = null
  private stopping = false
  private exitWhy: string | null = null

  constructor(
    private launch: HostLaunch,
    private events: ProcessEvents,
    private watchdog: WatchdogOptions,
    /** child_process.fork, or Electron's utility process on the desktop (spawner.ts). */
    private spawner: Spawner = chooseSpawner()
  ) {}

  get pid(): number | undefined {
    return this.child?.pid
  }

  start(): void {
    const child = this.spawner.spawn({
      file: this.launch.hostFile,
      execArgv: hostExecArgv(this.launch),
      env: hostEnv(),
      cwd: this.launch.folder
    })
    this.child = child
    child.onOutput((stream, chunk) => {
      const level = stream === 'stdout' ? 'info' : 'error'
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.events.onLog(level, line.slice(0, 4000))
    })
    child.onMessage((m) => this.onMessage(m as HostMessage))
    child.onError((message) => this.events.onLog('error', `host process error: ${message}`))
    child.onExit((code, signal) => {
      this.exited = true
      this.onExit(code, signal)
    })
    child.send({ t: 'init', id: this.launch.id, entry: this.launch.entry, folder: this.launch.folder, dataFolder: this.launch.dataFolder })
    this.pingTimer = setInterval(() => this.ping(), this.watchdog.pingEveryMs)
    this.pingTimer.unref()
  }

  /** Asks the extension to run one of its registered handlers (a check, a channel delivery, a command). */
  invoke(kind: InvokeKind, name: string, payload: unknown, timeoutMs: number, consented: readonly string[] = []): Promise<unknown> {
    const child = this.child
    if (!child?.alive) return Promise.reject(new Error('the extension is not running'))
    const id = ++this.seq
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.invokes.delete(id)
        reject(new Error(`the extension did not answer within ${timeoutMs} ms`))
      }, timeoutMs)
      this.invokes.set(id, { resolve, reject, timer, consented })
      child.send({ t: 'invoke', id, kind, name, payload })
    })
  }

  /** Resident memory of the host process in bytes (Linux /proc), null when unknown. */
  rssBytes(): number | null {
    const pid = this.child?.pid
    if (!pid || this.exited) return null
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
      return m ? Number(m[1]) * 1024 : null
    } catch {
      return null
    }
  }

  /** Ends the process; resolves once it has exited. */
  async stop(): Promise<void> {
    this.stopping = true
    const child = this.child
    if (!child || this.exited) return
    const exited = new Promise<void>((r) => child.onExit(() => r()))
    child.kill(false)
    const hard = setTimeout(() => child.kill(true), 2000)
    await exited
    clearTimeout(hard)
  }

  private ping(): void {
    const now = Date.now()
    if (this.awaitingPong && now - this.awaitingPong.since >= this.watchdog.pingTimeoutMs) {
      this.exitWhy = `did not answer the watchdog's ping within ${this.watchdog.pingTimeoutMs} ms: killed`
      this.child?.kill(true)
      return
    }
    if (this.awaitingPong || !this.child?.alive) return
    this.awaitingPong = { id: ++this.seq, since: now }
    this.child.send({ t: 'ping', id: this.awaitingPong.id })
  }

  private onMessage(m: HostMessage): void {
    if (m.t === 'pong') {
      if (this.awaitingPong?.id === m.id) this.awaitingPong = null
    } else if (m.t === 'ready')
      this.events.onReady({ checks: m.checks, channels: m.channels, commands: m.commands, webhooks: m.webhooks ?? [] })
    else if (m.t === 'log') this.events.onLog(m.level, String(m.message))
    else if (m.t === 'result') {
      const p = this.invokes.get(m.id)
      if (!p) return
      this.invokes.delete(m.id)
      clearTimeout(p.timer)
      if (m.ok) p.resolve(m.value)
      else p.reject(new Error(m.error ?? 'the extension failed'))
    } else if (m.t === 'rpc') {
      const consented = (typeof m.inv === 'number' && this.invokes.get(m.inv)?.consented) || []
      this.events.onCall(m.method, m.params, consented).then(
        (value) => this.reply({ t: 'reply', id: m.id, ok: true, value }),
        (err: unknown) => this.reply({ t: 'reply', id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) })
      )
    }
  }

  private reply(m: object): void {
    if (this.child?.alive) this.child.send(m)
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.pingTimer) clearInterval(this.pingTimer)
    this.pingTimer = null
    for (const p of this.invokes.values()) {
      clearTimeout(p.timer)
      p.reject(new Error('the extension process ended'))
    }
    this.invokes.clear()
    const why = this.exitWhy ?? (signal ? `ended by ${signal}` : `exited with code ${code}`)
    this.events.onExit(why, this.stopping)
  }
}
