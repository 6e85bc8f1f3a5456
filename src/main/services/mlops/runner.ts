/**
 * Runs one process of a job: no shell unless asked, its own process group (so cancel reaches its children), stdout and
 * stderr written line by line to the run's log file (at most LOG_CAP bytes kept), CPU and memory sampled from /proc,
 * cancel and timeout as SIGTERM then SIGKILL after a grace period. All I/O is asynchronous: a job printing megabytes
 * costs the main thread only the copying of its chunks.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'

export const LOG_CAP = 10 * 1024 * 1024
export const KILL_GRACE_MS = 5000
const SAMPLE_MS = 1000
const MAX_SAMPLES = 600
const SAMPLE_EVERY = 5

export interface Sample {
  at: number
  cpuPercent: number
  rssBytes: number
}

export interface ProcessResult {
  exitCode: number | null
  signal: string | null
  timedOut: boolean
  cancelled: boolean
  cpuMs: number | null
  maxRssBytes: number | null
  samples: Sample[]
  logBytes: number
  spawnError: string | null
}

export interface RunProcessOptions {
  argv: string[]
  useShell: boolean
  cwd: string
  env: Record<string, string>
  logPath: string
  timeoutMs: number
  signal: AbortSignal
  graceMs?: number
  /** Called with the bytes written so far (throttled by the caller). */
  onOutput?: (logBytes: number) => void
  /** Every SAMPLE_EVERY samples, the figures so far (to show them while the run goes). */
  onSample?: (r: Pick<ProcessResult, 'cpuMs' | 'maxRssBytes' | 'samples'>) => void
  now?: () => number
}

/** One log file line: a stream tag, '|', the text. */
export type Stream = 'out' | 'err' | 'sys'
const TAG: Record<Stream, string> = { out: 'O', err: 'E', sys: 'S' }
export const streamOf = (tag: string): Stream => (tag === 'E' ? 'err' : tag === 'S' ? 'sys' : 'out')

/** The run's log file; past the cap only the console's own (short) lines are still written. */
export class LogWriter {
  private out: fs.WriteStream
  bytes = 0
  lines = 0
  private capped = false
  private partial: Record<Stream, string> = { out: '', err: '', sys: '' }

  constructor(
    file: string,
    private cap = LOG_CAP
  ) {
    this.out = fs.createWriteStream(file, { flags: 'a' })
  }

  write(stream: Stream, chunk: string): void {
    const text = this.partial[stream] + chunk
    const parts = text.split('\n')
    this.partial[stream] = parts.pop() ?? ''
    for (const line of parts) this.line(stream, line)
  }

  line(stream: Stream, text: string): void {
    if (this.capped && stream !== 'sys') return
    const s = `${TAG[stream]}|${text.replace(/\r$/, '')}\n`
    const n = Buffer.byteLength(s)
    if (!this.capped && this.bytes + n > this.cap) {
      this.capped = true
      this.line('sys', `[log truncated: only the first ${Math.round(this.cap / 1048576)} MB of output are kept]`)
      return
    }
    this.bytes += n
    this.lines++
    this.out.write(s)
  }

  async close(): Promise<void> {
    for (const s of ['out', 'err'] as const) if (this.partial[s]) this.line(s, this.partial[s])
    await new Promise<void>((r) => this.out.end(r))
  }
}

const CLK_TCK = 100
const PAGE = 4096

/** utime + stime of a process, in ms, and its resident set in bytes (Linux /proc); null elsewhere. */
async function procStat(pid: number): Promise<{ cpuMs: number; rss: number } | null> {
  try {
    const stat = await fs.promises.readFile(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields after the name: state(0) … utime(11) stime(12) … rss(21)
    return { cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK, rss: Number(f[21]) * PAGE }
  } catch {
    return null
  }
}

export async function runProcess(o: RunProcessOptions, log: LogWriter): Promise<ProcessResult> {
  const now = o.now ?? Date.now
  const grace = o.graceMs ?? KILL_GRACE_MS
  const [file, ...args] = o.useShell ? ['/bin/sh', '-c', o.argv[0]!] : o.argv
  const result: ProcessResult = {
    exitCode: null,
    signal: null,
    timedOut: false,
    cancelled: false,
    cpuMs: null,
    maxRssBytes: null,
    samples: [],
    logBytes: 0,
    spawnError: null
  }
  if (o.signal.aborted) return { ...result, cancelled: true }
  const child = spawn(file!, args, { cwd: o.cwd, env: o.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stdout.on('data', (d: string) => (log.write('out', d), o.onOutput?.(log.bytes)))
  child.stderr.on('data', (d: string) => (log.write('err', d), o.onOutput?.(log.bytes)))
  let killTimer: NodeJS.Timeout | undefined
  const kill = (why: 'cancel' | 'timeout'): void => {
    if (why === 'cancel') result.cancelled = true
    else result.timedOut = true
    log.line('sys', why === 'cancel' ? 'cancelled: SIGTERM sent' : `timed out: SIGTERM sent`)
    signalGroup(child.pid, 'SIGTERM')
    killTimer = setTimeout(() => {
      log.line('sys', `still running ${grace / 1000} s after SIGTERM: SIGKILL sent`)
      signalGroup(child.pid, 'SIGKILL')
    }, grace)
  }
  const onAbort = (): void => kill('cancel')
  o.signal.addEventListener('abort', onAbort, { once: true })
  const timeout = setTimeout(() => kill('timeout'), o.timeoutMs)
  let last: { at: number; cpuMs: number } | null = null
  const takeSample = (): void => {
    if (!child.pid) return
    void procStat(child.pid).then((s) => {
      if (!s) return
      const at = now()
      result.cpuMs = s.cpuMs
      result.maxRssBytes = Math.max(result.maxRssBytes ?? 0, s.rss)
      const cpuPercent = last && at > last.at ? ((s.cpuMs - last.cpuMs) / (at - last.at)) * 100 : 0
      last = { at, cpuMs: s.cpuMs }
      if (result.samples.length < MAX_SAMPLES) result.samples.push({ at, cpuPercent: Math.max(0, cpuPercent), rssBytes: s.rss })
      if (result.samples.length % SAMPLE_EVERY === 0) o.onSample?.(result)
    })
  }
  // a first look soon after the start, so short runs have figures too
  const first = setTimeout(takeSample, 200)
  const sampler = setInterval(takeSample, SAMPLE_MS)
  await new Promise<void>((resolve) => {
    child.on('error', (err) => {
      result.spawnError = `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such program' : err.message}`
      log.line('sys', `could not start: ${result.spawnError}`)
      resolve()
    })
    child.on('close', (code, sig) => {
      result.exitCode = code
      result.signal = sig
      resolve()
    })
  })
  clearTimeout(timeout)
  clearInterval(sampler)
  clearTimeout(first)
  if (killTimer) clearTimeout(killTimer)
  o.signal.removeEventListener('abort', onAbort)
  // the group may hold children that outlived the leader
  if (result.cancelled || result.timedOut) signalGroup(child.pid, 'SIGKILL')
  log.line(
    'sys',
    result.spawnError ? 'ended without starting' : `exited with ${result.signal ? `signal ${result.signal}` : `code ${result.exitCode}`}`
  )
  result.logBytes = log.bytes
  return result
}

function signalGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (!pid) return
  try {
    process.kill(-pid, sig)
  } catch {
    /* already gone */
  }
}
