import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * The shared sample data (`shared/data`, a sibling of the repository in CI): SHARED_DATA if set, else the nearest
 * `shared/data` folder beside the repository or one of its parents (a git worktree sits one level deeper).
 * Throws when it is missing, so a test that walks the samples can never pass on no data.
 */
export function sharedData(...parts: string[]): string {
  const candidates = process.env.SHARED_DATA
    ? [path.resolve(process.env.SHARED_DATA)]
    : ancestors(repoRoot).map((dir) => path.join(dir, 'shared', 'data'))
  const root = candidates.find((c) => fs.existsSync(c))
  if (!root) throw new Error(`the shared sample data is missing: looked in ${candidates.join(', ')} (set SHARED_DATA to its folder)`)
  const p = path.join(root, ...parts)
  if (!fs.existsSync(p)) throw new Error(`${p} is missing from the shared sample data`)
  return p
}

function ancestors(dir: string): string[] {
  const out: string[] = []
  for (let d = path.dirname(dir); out.length < 3; d = path.dirname(d)) {
    out.push(d)
    if (path.dirname(d) === d) break
  }
  return out
}

/** The entries of a folder, asserting there are at least `min` (an empty or missing fixture folder fails). */
export function listAtLeast(dir: string, min: number, filter: (name: string) => boolean = () => true): string[] {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter(filter).sort() : []
  if (names.length < min) throw new Error(`${dir}: expected at least ${min} fixture file(s), found ${names.length}`)
  return names
}

/** A copy of a (read-only) sample folder that tests may change: files and folders made writable by the owner. */
export function writableCopy(src: string, dst: string): string {
  fs.cpSync(src, dst, { recursive: true })
  const walk = (p: string): void => {
    const st = fs.statSync(p)
    fs.chmodSync(p, st.mode | 0o200)
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e))
  }
  walk(dst)
  return dst
}
