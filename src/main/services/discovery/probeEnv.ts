/**
 * What a probe may use: PATH and HOME from the environment (tests point them at a temp folder with fake executables),
 * a deadline per probe, and the only network it may touch: loopback HTTP and local unix sockets.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'

export interface ProbeEnv {
  /** The environment variables the probes read (PATH, HOME, KUBECONFIG, DOCKER_HOST, XDG_RUNTIME_DIR, AWS_CONFIG_FILE …). */
  vars: Readonly<Record<string, string | undefined>>
  /** Per probe, ms. */
  timeoutMs: number
  signal: AbortSignal
  /** Folders the user named, searched for MLflow stores and git repositories. */
  folders: string[]
  /** Loopback Prometheus to ask for /-/ready. */
  prometheusUrl: string
  /** Daemon sockets outside HOME to try (/var/run/docker.sock …), by tool. */
  systemSockets: { docker: string[]; podman: string[] }
}

export const home = (env: ProbeEnv): string | null => env.vars['HOME'] || null

/** The executable `name` on PATH, or null (nothing is run to find it). */
export function which(env: ProbeEnv, name: string): string | null {
  for (const dir of (env.vars['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue
    const file = path.join(dir, name)
    try {
      if (fs.statSync(file).isFile()) {
        fs.accessSync(file, fs.constants.X_OK)
        return file
      }
    } catch {
      /* not here */
    }
  }
  return null
}

export class ProbeTimeout extends Error {}

/**
 * Runs a tool with fixed arguments (no shell), an environment of PATH, HOME and the named variables only, and the
 * probe's deadline; answers its stdout. A non-zero exit throws with the first line of stderr.
 */
export function run(env: ProbeEnv, file: string, args: string[], pass: string[] = []): Promise<string> {
  const vars: Record<string, string> = {}
  for (const k of ['PATH', 'HOME', 'LANG', ...pass]) if (env.vars[k] !== undefined) vars[k] = env.vars[k]!
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env: vars, timeout: env.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 512 * 1024, signal: env.signal, windowsHide: true },
      (err, stdout, stderr) => {
        if (!err) return resolve(String(stdout))
        if ((err as { killed?: boolean }).killed)
          return reject(new ProbeTimeout(`${path.basename(file)} did not answer within ${env.timeoutMs} ms`))
        const line = String(stderr).trim().split('\n')[0] || err.message
        reject(new Error(`${path.basename(file)} ${args.join(' ')}: ${line}`))
      }
    )
  })
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])
export const isLoopbackUrl = (u: string): boolean => {
  try {
    const url = new URL(u)
    return url.protocol === 'http:' && LOOPBACK.has(url.hostname)
  } catch {
    return false
  }
}

/** A GET to a loopback URL or over a unix socket: status and the start of the body; null when nothing answers. */
export function localGet(
  env: ProbeEnv,
  target: { url: string } | { socketPath: string; path: string }
): Promise<{ status: number; body: string } | null> {
  if ('url' in target && !isLoopbackUrl(target.url)) return Promise.reject(new Error(`${target.url} is not a loopback URL`))
  return new Promise((resolve) => {
    let options: http.RequestOptions
    if ('url' in target) {
      const u = new URL(target.url)
      options = { hostname: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || 80, path: u.pathname + u.search }
    } else options = { socketPath: target.socketPath, path: target.path, headers: { host: 'localhost' } }
    const req = http.get({ ...options, timeout: env.timeoutMs, signal: env.signal }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => {
        if (body.length < 4096) body += d
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.on('error', () => resolve(null))
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(null))
  })
}

export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err))
