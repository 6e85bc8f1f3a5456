import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { BenchResult } from './harness'

/** Spawn `control-console serve` and time until /api/health answers. */
async function startOnce(workspace: string): Promise<number> {
  const t0 = performance.now()
  const proc = spawn(process.execPath, ['bin/control-console.mjs', 'serve', '--port', '0', '--workspace', workspace], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      proc.stdout!.on('data', (d) => {
        out += d
        const m = /Open (http:\/\/[^/\s]+)/.exec(out)
        if (m) resolve(m[1]!)
      })
      proc.on('exit', (c) => reject(new Error(`serve exited ${c}`)))
    })
    const res = await fetch(`${url}/api/health`)
    if (!res.ok) throw new Error(`health ${res.status}`)
    return performance.now() - t0
  } finally {
    proc.kill('SIGTERM')
    await new Promise((r) => proc.once('exit', r))
  }
}

export async function coldStartBench(): Promise<BenchResult> {
  if (!fs.existsSync('out/main/cli.js')) throw new Error('run `npm run build` before the coldstart benchmark')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-'))
  try {
    const fresh: number[] = []
    const existing: number[] = []
    for (let i = 0; i < 5; i++) {
      const ws = path.join(dir, `w${i}.db`)
      fresh.push(await startOnce(ws))
      existing.push(await startOnce(ws))
    }
    const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!
    return {
      name: 'coldstart',
      figures: [
        { metric: 'serve cold start, new workspace: median of 5', value: median(fresh), unit: 'ms' },
        { metric: 'serve cold start, existing workspace: median of 5', value: median(existing), unit: 'ms' }
      ],
      notes: ['from process spawn to the first answered GET /api/health']
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
