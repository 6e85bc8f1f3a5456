/**
 * The desktop path: extensions started through Electron's utilityProcess API. There is no Electron binary here, so a
 * fake `utilityProcess` module with Electron's shape (fork → pid, postMessage, kill(), stdout/stderr, 'spawn',
 * 'message', 'exit' with a code only) runs the real host script, which takes its `process.parentPort` branch.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/app'
import { writeHostFile } from './hostFile'
import { HostProcess, type HostLaunch } from './process'
import { chooseSpawner, childProcessSpawner, utilityProcessSpawner, type UtilityProcessLike, type UtilityProcessModule } from './spawner'

const FIXTURES = path.join(__dirname, '__fixtures__')
const SHIM = path.join(FIXTURES, 'utilityShim.mjs')

/** Electron's utilityProcess module, faked over a Node child process; records what it was asked. */
function fakeUtilityProcess() {
  const forks: { modulePath: string; options: { execArgv: string[]; env: NodeJS.ProcessEnv; serviceName: string } }[] = []
  const children: ChildProcess[] = []
  const posted: unknown[] = []
  const mod: UtilityProcessModule = {
    fork(modulePath, _args, options) {
      forks.push({ modulePath, options })
      const child = fork(SHIM, [modulePath], {
        execArgv: [...options.execArgv, `--allow-fs-read=${SHIM}`],
        env: options.env,
        cwd: options.cwd,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc']
      })
      children.push(child)
      const up = new EventEmitter() as EventEmitter & UtilityProcessLike
      Object.defineProperty(up, 'pid', { get: () => (child.exitCode === null && child.signalCode === null ? child.pid : undefined) })
      Object.assign(up, {
        stdout: child.stdout,
        stderr: child.stderr,
        postMessage: (m: unknown) => (posted.push(m), child.send(m as object)),
        kill: () => child.kill('SIGTERM')
      })
      child.on('spawn', () => up.emit('spawn'))
      child.on('message', (m) => up.emit('message', m))
      child.on('exit', (code) => up.emit('exit', code ?? 1)) // Electron reports a code, never a signal
      return up
    }
  }
  return { mod, forks, children, posted }
}

const running: HostProcess[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()))
})

function launchOf(dir: string): HostLaunch {
  const folder = path.join(FIXTURES, 'probe')
  return {
    hostFile: writeHostFile(dir),
    id: 'probe',
    folder,
    dataFolder: dir,
    entry: path.join(folder, 'index.mjs'),
    readFolders: [],
    memoryMb: 128
  }
}

describe('the spawner', () => {
  it('is the utility process inside Electron once it is handed over, child_process.fork otherwise', () => {
    const { mod } = fakeUtilityProcess()
    expect(chooseSpawner({ ...process.versions, electron: '45.5.0' }, mod).kind).toBe('utility-process')
    expect(chooseSpawner({ ...process.versions, electron: '45.5.0' }, null).kind).toBe('child-process')
    expect(chooseSpawner(process.versions, mod)).toBe(childProcessSpawner)
  })

  it('runs an extension in a utility process: ready, a check answered, an RPC checked by the console, exit seen', async () => {
    const fake = fakeUtilityProcess()
    const calls: string[] = []
    const exits: string[] = []
    let ready!: () => void
    const isReady = new Promise<void>((r) => (ready = r))
    const proc = new HostProcess(
      launchOf(tempDir('cc-ext-up-')),
      {
        onReady: (r) => (expect(r.checks).toEqual(['echo']), ready()),
        onLog: () => {},
        onCall: async (method) => {
          calls.push(method)
          if (method === 'health.services') return [{ id: 1, name: 'api' }]
          throw new Error(`permission denied: ${method}`)
        },
        onExit: (why, expected) => exits.push(`${why} ${expected}`)
      },
      { pingEveryMs: 60_000, pingTimeoutMs: 60_000 },
      utilityProcessSpawner(fake.mod)
    )
    running.push(proc)
    proc.start()
    await isReady
    expect(fake.forks).toHaveLength(1)
    expect(fake.forks[0]!.options.execArgv).toContain('--experimental-permission')
    expect(fake.forks[0]!.options.serviceName).toBe('Control Console extension')
    expect(Object.keys(fake.forks[0]!.options.env).every((k) => ['PATH', 'LANG', 'TZ'].includes(k))).toBe(true)
    expect(fake.posted[0]).toMatchObject({ t: 'init', id: 'probe' })
    expect(proc.pid).toBe(fake.children[0]!.pid)

    await expect(proc.invoke('check', 'echo', { op: 'call', ns: 'health', fn: 'services' }, 10_000)).resolves.toEqual({
      value: [{ id: 1, name: 'api' }]
    })
    await expect(proc.invoke('check', 'echo', { op: 'call', ns: 'alerts', fn: 'signal', args: [{}] }, 10_000)).resolves.toEqual({
      refused: 'permission denied: alerts.signal'
    })
    await expect(proc.invoke('check', 'echo', { op: 'read', path: '/etc/hostname' }, 10_000)).resolves.toEqual({
      denied: 'ERR_ACCESS_DENIED'
    })
    expect(calls).toEqual(['health.services', 'alerts.signal'])

    await proc.stop()
    expect(exits).toHaveLength(1)
    expect(exits[0]).toMatch(/^exited with code \d+ true$/)
    expect(proc.rssBytes()).toBeNull()
  })

  it('sees a crash in the utility process as an unexpected exit, and a hang as a watchdog kill', async () => {
    const fake = fakeUtilityProcess()
    /** A host in a (fake) utility process, started and ready; resolves its first exit. */
    const started = async (watchdog: { pingEveryMs: number; pingTimeoutMs: number }) => {
      let ready!: () => void
      let exited!: (e: { why: string; expected: boolean }) => void
      const isReady = new Promise<void>((r) => (ready = r))
      const exit = new Promise<{ why: string; expected: boolean }>((r) => (exited = r))
      const proc = new HostProcess(
        launchOf(tempDir('cc-ext-up-')),
        { onReady: () => ready(), onLog: () => {}, onCall: async () => null, onExit: (why, expected) => exited({ why, expected }) },
        watchdog,
        utilityProcessSpawner(fake.mod)
      )
      running.push(proc)
      proc.start()
      await isReady
      return { proc, exit }
    }
    const crashy = await started({ pingEveryMs: 60_000, pingTimeoutMs: 60_000 })
    await crashy.proc.invoke('check', 'echo', { op: 'crash' }, 10_000)
    expect(await crashy.exit).toEqual({ why: 'exited with code 70', expected: false })

    const hung = await started({ pingEveryMs: 100, pingTimeoutMs: 400 })
    void hung.proc.invoke('check', 'echo', { op: 'hang' }, 10_000).catch(() => {})
    expect(await hung.exit).toEqual({ why: "did not answer the watchdog's ping within 400 ms: killed", expected: false })
  })
})
