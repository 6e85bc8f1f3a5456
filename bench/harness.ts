import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface Figure {
  metric: string
  value: number
  unit: string
  /** What the issue asks for, printed beside the figure; never asserted. */
  goal?: string
}

export interface BenchResult {
  name: string
  figures: Figure[]
  notes?: string[]
}

export type Bench = () => Promise<BenchResult>

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

/** Time `fn` `n` times after `warmup` runs; returns sorted durations in µs. */
export async function sample(n: number, fn: () => Promise<unknown> | unknown, warmup = Math.min(50, n)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn()
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fn()
    out.push((performance.now() - t) * 1000)
  }
  return out.sort((a, b) => a - b)
}

const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2))

export function printResult(r: BenchResult): void {
  const rows = r.figures.map((f) => [f.metric, `${fmt(f.value)} ${f.unit}`, f.goal ?? ''])
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length), ['metric', 'value', 'goal'][c]!.length))
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')
  console.log(`\n== ${r.name} ==`)
  console.log(line(['metric', 'value', 'goal']))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
  for (const n of r.notes ?? []) console.log(`  note: ${n}`)
}

export function saveResult(r: BenchResult, dir = path.resolve('bench/results')): string {
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${r.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30) }
  fs.writeFileSync(file, JSON.stringify({ ...r, machine, at: new Date().toISOString() }, null, 2))
  return file
}

/** Least-squares slope of y over x (units of y per unit of x); NaN with fewer than two points. */
export function slope(xs: number[], ys: number[]): number {
  const n = Math.min(xs.length, ys.length)
  if (n < 2) return NaN
  let sx = 0
  let sy = 0
  for (let i = 0; i < n; i++) {
    sx += xs[i]!
    sy += ys[i]!
  }
  const mx = sx / n
  const my = sy / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my)
    den += (xs[i]! - mx) ** 2
  }
  return den === 0 ? NaN : num / den
}
