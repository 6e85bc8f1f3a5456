// Shared by the offline-evaluation tests: a temp app with one model and three versions, and tolerance checks.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, expect } from 'vitest'
import { tempApp, type TestApp } from './app'

export interface EvalContext {
  t: TestApp
  versions: number[]
  /** Writes a CSV into the app's temp folder and returns its path. */
  write(name: string, header: string[], rows: (string | number)[][]): string
}

/** Registers hooks that give each test a fresh app with model `name` and versions 1–3. */
export function useEvaluationApp(name: string): EvalContext {
  const ctx = {} as EvalContext
  beforeEach(() => {
    const t = tempApp()
    const m = t.app.models.create({ name, description: '', owner: '', tags: {} })
    ctx.t = t
    ctx.versions = [1, 2, 3].map(() => t.app.models.createVersion({ modelId: m.id, description: '', notes: '', tags: {} }).id)
    ctx.write = (file, header, rows) => {
      const p = path.join(t.dir, file)
      fs.writeFileSync(p, [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n')
      return p
    }
  })
  afterEach(async () => ctx.t.cleanup())
  return ctx
}

/** Agreement with a reference value to 1e-9 (relative above 1, absolute below). */
export function close(actual: number | null | undefined, expected: number, what: string): void {
  expect(actual, what).not.toBeNull()
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)))
}

/** A reference list of exactly `n` items: a loop over an emptied or cut fixture fails instead of checking nothing. */
export function refList<T>(list: readonly T[], n: number, what: string): readonly T[] {
  expect(list, `${what} in the reference fixture`).toHaveLength(n)
  return list
}

/** The entries of a reference object, at least `min` of them. */
export function refEntries<T>(obj: Record<string, T>, min: number, what: string): [string, T][] {
  const entries = Object.entries(obj)
  expect(entries.length, `${what} in the reference fixture`).toBeGreaterThanOrEqual(min)
  return entries
}

/** Computed values against reference values, item by item, with the same (non-zero) count. */
export function closeAll(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(expected.length, `${what}: reference values`).toBeGreaterThan(0)
  expect(actual, what).toHaveLength(expected.length)
  actual.forEach((x, j) => close(x, expected[j]!, `${what} [${j}]`))
}
