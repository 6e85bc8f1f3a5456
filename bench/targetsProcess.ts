// Starts and stops bench/targets.ts (loopback health endpoints) in a child process, so their CPU is not
// counted against the console being measured.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

/** Starts `servers` loopback HTTP servers that exit by themselves after `maxSeconds` at the latest. */
export async function startTargets(maxSeconds: number, servers = 4): Promise<{ child: ChildProcess; ports: number[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('bench/targets.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, TARGETS_MAX_SECONDS: String(maxSeconds), TARGETS_SERVERS: String(servers) }
  })
  const ports = await new Promise<number[]>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const nl = out.indexOf('\n')
      if (nl >= 0) resolve((JSON.parse(out.slice(0, nl)) as { ports: number[] }).ports)
    })
    child.once('exit', (c) => reject(new Error(`targets exited ${c}`)))
    setTimeout(() => reject(new Error('targets did not start in 20 s')), 20_000).unref()
  })
  return { child, ports }
}

/** Closes its stdin (it exits when the parent goes away), SIGTERM after 3 s. */
export async function stopTargets(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.stdin!.end()
  const t = setTimeout(() => child.kill('SIGTERM'), 3000)
  await exited
  clearTimeout(t)
}
