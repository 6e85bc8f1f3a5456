/**
 * How an extension's host process is started: `child_process.fork` under Node (serve mode, tests), Electron's
 * `utilityProcess.fork` in the desktop app. The Electron layer hands its `utilityProcess` over with
 * `useUtilityProcess()` (services never import electron); `chooseSpawner()` takes it when running inside Electron.
 */
import { fork } from 'node:child_process'

export interface SpawnSpec {
  file: string
  execArgv: string[]
  env: NodeJS.ProcessEnv
  cwd: string
}

/** A started host process, the same for both kinds. */
export interface HostChild {
  readonly pid: number | undefined
  /** Still running and able to take messages. */
  readonly alive: boolean
  send(message: object): void
  /** Ends the process (`hard`: at once; Electron's kill() has only one way). */
  kill(hard: boolean): void
  onMessage(fn: (message: unknown) => void): void
  /** Output lines of the process (stdout as info, stderr as error). */
  onOutput(fn: (stream: 'stdout' | 'stderr', chunk: Buffer) => void): void
  onError(fn: (message: string) => void): void
  onExit(fn: (code: number | null, signal: NodeJS.Signals | null) => void): void
}

export interface Spawner {
  readonly kind: 'child-process' | 'utility-process'
  spawn(spec: SpawnSpec): HostChild
}

export const childProcessSpawner: Spawner = {
  kind: 'child-process',
  spawn(spec) {
    const child = fork(spec.file, [], {
      execArgv: spec.execArgv,
      env: spec.env,
      cwd: spec.cwd,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json'
    })
    return {
      get pid() {
        return child.pid
      },
      get alive() {
        return child.connected && child.exitCode === null && child.signalCode === null
      },
      send: (m) => {
        if (child.connected) child.send(m)
      },
      kill: (hard) => void child.kill(hard ? 'SIGKILL' : 'SIGTERM'),
      onMessage: (fn) => void child.on('message', fn),
      onOutput: (fn) => {
        child.stdout?.on('data', (c: Buffer) => fn('stdout', c))
        child.stderr?.on('data', (c: Buffer) => fn('stderr', c))
      },
      onError: (fn) => void child.on('error', (err) => fn(err.message)),
      onExit: (fn) => void child.on('exit', fn)
    }
  }
}

/** The part of Electron's `utilityProcess` module and `UtilityProcess` object the host uses (Electron 28+). */
export interface UtilityProcessLike {
  readonly pid: number | undefined
  postMessage(message: unknown): void
  kill(): boolean
  readonly stdout: NodeJS.ReadableStream | null
  readonly stderr: NodeJS.ReadableStream | null
  on(event: 'message', fn: (message: unknown) => void): this
  on(event: 'exit', fn: (code: number) => void): this
  on(event: 'spawn', fn: () => void): this
  on(event: 'error', fn: (type: string, location?: string) => void): this
}
export interface UtilityProcessModule {
  fork(
    modulePath: string,
    args: string[],
    options: { env: NodeJS.ProcessEnv; execArgv: string[]; cwd: string; stdio: 'pipe'; serviceName: string }
  ): UtilityProcessLike
}

export function utilityProcessSpawner(up: UtilityProcessModule): Spawner {
  return {
    kind: 'utility-process',
    spawn(spec) {
      const proc = up.fork(spec.file, [], {
        env: spec.env,
        execArgv: spec.execArgv,
        cwd: spec.cwd,
        stdio: 'pipe',
        serviceName: 'Control Console extension'
      })
      let exited = false
      proc.on('exit', () => (exited = true))
      return {
        get pid() {
          return proc.pid
        },
        get alive() {
          return !exited
        },
        send: (m) => {
          if (!exited) proc.postMessage(m)
        },
        kill: () => void proc.kill(),
        onMessage: (fn) => void proc.on('message', fn),
        onOutput: (fn) => {
          proc.stdout?.on('data', (c: Buffer) => fn('stdout', c))
          proc.stderr?.on('data', (c: Buffer) => fn('stderr', c))
        },
        onError: (fn) =>
          void proc.on('error', (type, location) => fn(`utility process error: ${type}${location ? ` at ${location}` : ''}`)),
        onExit: (fn) => void proc.on('exit', (code) => fn(code, null))
      }
    }
  }
}

let utility: UtilityProcessModule | null = null

/** Called by the Electron layer at start with `electron.utilityProcess`. */
export function useUtilityProcess(up: UtilityProcessModule | null): void {
  utility = up
}

/** Electron's utility process inside Electron (when handed over), child_process.fork elsewhere. */
export function chooseSpawner(versions: NodeJS.ProcessVersions = process.versions, up: UtilityProcessModule | null = utility): Spawner {
  return versions['electron'] && up ? utilityProcessSpawner(up) : childProcessSpawner
}
