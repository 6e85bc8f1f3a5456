/**
 * Keeps one extension's host process running: restarts it after a crash or a watchdog kill, with growing pauses, a
 * bounded number of times; past that the extension is disabled and stays so until the user enables it again.
 */
import type { Caller, ApiGate } from './gate'
import { HostProcess, type HostLaunch, type InvokeKind, type Registered, type WatchdogOptions } from './process'

export type RunState = 'starting' | 'active' | 'crashed' | 'disabled' | 'stopped'

export interface RuntimeOptions extends WatchdogOptions {
  maxRestarts: number
  /** Pause before restart number n (1, 2, …). */
  backoffMs(n: number): number
  /** Running this long without a crash forgets earlier restarts. */
  stableMs: number
  memoryMb: number
  invokeTimeoutMs: number
}

export const DEFAULT_RUNTIME: RuntimeOptions = {
  pingEveryMs: 5000,
  pingTimeoutMs: 10_000,
  maxRestarts: 3,
  backoffMs: (n) => Math.min(60_000, 1000 * 2 ** (n - 1)),
  stableMs: 10 * 60_000,
  memoryMb: 128,
  invokeTimeoutMs: 15_000
}

export interface SupervisorDeps {
  gate: ApiGate
  options: RuntimeOptions
  log(level: 'info' | 'warn' | 'error', message: string): void
  /** Restarts so far (stored, shown in the list). */
  onRestarts(n: number): void
  /** Gave up: the extension is disabled with this reason. */
  onDisabled(reason: string): void
  onState(state: RunState): void
}

export class ExtensionSupervisor {
  state: RunState = 'stopped'
  registered: Registered = { checks: [], channels: [], commands: [], webhooks: [] }
  private proc: HostProcess | null = null
  private restartTimer: NodeJS.Timeout | null = null
  private startedAt = 0
  private ready: { promise: Promise<void>; resolve(): void } = deferred()

  constructor(
    private launch: HostLaunch,
    private caller: Caller,
    public restarts: number,
    private deps: SupervisorDeps
  ) {}

  start(): void {
    this.setState('starting')
    this.startedAt = Date.now()
    const proc = new HostProcess(
      this.launch,
      {
        onReady: (r) => {
          this.registered = r
          this.setState('active')
          this.deps.log('info', `active (pid ${proc.pid}): checks [${r.checks.join(', ')}], channels [${r.channels.join(', ')}]`)
          this.ready.resolve()
        },
        onLog: (level, message) => this.deps.log(level, message),
        onCall: (method, params, consented) => this.call(method, params, consented),
        onExit: (why, expected) => this.onExit(proc, why, expected)
      },
      this.deps.options
    )
    this.proc = proc
    proc.start()
  }

  async stop(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer)
    this.restartTimer = null
    const proc = this.proc
    this.proc = null
    this.setState('stopped')
    await proc?.stop()
  }

  rssBytes(): number | null {
    return this.proc?.rssBytes() ?? null
  }

  /** Runs a registered handler in the extension, waiting for it to be ready first. */
  async invoke(kind: InvokeKind, name: string, payload: unknown, consented: readonly string[] = []): Promise<unknown> {
    const timeout = this.deps.options.invokeTimeoutMs
    if (this.state === 'disabled' || this.state === 'stopped') throw new Error(`the extension ${this.caller.id} is ${this.state}`)
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the extension ${this.caller.id} did not start within ${timeout} ms`)), timeout)
    })
    try {
      await Promise.race([this.ready.promise, late])
    } finally {
      clearTimeout(timer)
    }
    return this.proc!.invoke(kind, name, payload, timeout, consented)
  }

  private async call(method: string, params: unknown, consented: readonly string[]): Promise<unknown> {
    try {
      return await this.deps.gate.call(consented.length ? { ...this.caller, consented } : this.caller, method, params)
    } catch (err) {
      this.deps.log('warn', `refused ${method}: ${err instanceof Error ? err.message : String(err)}`)
      throw err
    }
  }

  private onExit(proc: HostProcess, why: string, expected: boolean): void {
    if (proc !== this.proc || expected) return
    this.ready = deferred()
    if (Date.now() - this.startedAt >= this.deps.options.stableMs) this.restarts = 0
    if (this.restarts >= this.deps.options.maxRestarts) {
      const reason = `crashed ${this.restarts + 1} times (last: ${why}); disabled`
      this.deps.log('error', reason)
      this.proc = null
      this.setState('disabled')
      this.deps.onDisabled(reason)
      return
    }
    this.restarts++
    this.deps.onRestarts(this.restarts)
    const wait = this.deps.options.backoffMs(this.restarts)
    this.deps.log('error', `the extension process ${why}; restart ${this.restarts} of ${this.deps.options.maxRestarts} in ${wait} ms`)
    this.setState('crashed')
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null
      if (this.proc === proc) this.start()
    }, wait)
  }

  private setState(state: RunState): void {
    this.state = state
    this.deps.onState(state)
  }
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}
