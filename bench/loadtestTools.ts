/**
 * The reference load generators of the loadtest benchmark, each in a process of its own as it is usually run:
 * autocannon (npm, its CLI with -j) and wrk (Debian, when installed; a Lua `done` hook prints its figures as JSON).
 * Both time a request from its actual send; autocannon in whole milliseconds, wrk in microseconds.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import type { Result as AutocannonResult } from 'autocannon'

/** What a tool measured: rate in req/s, percentiles in ms from the send. */
export interface ToolRun {
  rate: number
  requests: number
  p50: number
  p90: number
  p99: number
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} exited ${code}`))))
  })
}

/**
 * autocannon; with `overallRate` it paces each connection and is run with -C (no back-fill: its own correction uses a
 * 1 ms interval whatever the rate, a seconds-for-milliseconds slip in its run.js), so its latency runs from the send.
 */
export async function autocannon(opts: { url: string; connections: number; duration: number; overallRate?: number }): Promise<ToolRun> {
  // AUTOCANNON_CLI: a copy installed elsewhere, when node_modules predates the devDependency
  const cli = process.env.AUTOCANNON_CLI ?? createRequire(import.meta.url).resolve('autocannon/autocannon.js')
  const rate = opts.overallRate ? ['-R', String(opts.overallRate), '-C'] : []
  const out = await run(process.execPath, [cli, '-j', '-c', String(opts.connections), '-d', String(opts.duration), ...rate, opts.url])
  const r = JSON.parse(out.trim().split('\n').pop()!) as AutocannonResult
  return { rate: r.requests.total / r.duration, requests: r.requests.total, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99 }
}

const WRK_DONE = `done = function(s, latency, requests)
  io.write(string.format('{"requests":%d,"durationUs":%d,"p50":%d,"p90":%d,"p99":%d}\\n', s.requests, s.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
`

export const hasWrk = (): boolean => spawnSync('wrk', ['--version']).error === undefined

/** wrk with one thread (like the generator's one worker thread), closed model: `connections` in a loop. */
export async function wrk(opts: { url: string; connections: number; duration: number }): Promise<ToolRun> {
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-wrk-')), 'done.lua')
  fs.writeFileSync(script, WRK_DONE)
  try {
    const out = await run('wrk', ['-t1', `-c${opts.connections}`, `-d${opts.duration}s`, '-s', script, opts.url])
    const line = out.split('\n').find((l) => l.startsWith('{"requests"'))
    if (!line) throw new Error(`wrk printed no figures:\n${out}`)
    const j = JSON.parse(line) as { requests: number; durationUs: number; p50: number; p90: number; p99: number }
    const ms = (us: number): number => us / 1000
    return { rate: j.requests / (j.durationUs / 1e6), requests: j.requests, p50: ms(j.p50), p90: ms(j.p90), p99: ms(j.p99) }
  } finally {
    fs.rmSync(path.dirname(script), { recursive: true, force: true })
  }
}
