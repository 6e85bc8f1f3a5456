/** File patterns for tailed sources: `*`, `?`, `[abc]`, `{a,b}` within a segment and `**` across folders. */
import fs from 'node:fs'
import path from 'node:path'

const SPECIAL = /[*?[{]/

/** A glob segment as a regular expression (no `/` inside). */
export function segmentRegex(seg: string): RegExp {
  let re = ''
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!
    if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const end = seg.indexOf(']', i + 1)
      if (end < 0) re += '\\['
      else {
        const body = seg.slice(i + 1, end)
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body.replace(/\\/g, '\\\\')}]`
        i = end
      }
    } else if (c === '{') {
      const end = seg.indexOf('}', i + 1)
      if (end < 0) re += '\\{'
      else {
        re += `(?:${seg
          .slice(i + 1, end)
          .split(',')
          .map((a) => a.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
          .join('|')})`
        i = end
      }
    } else re += c.replace(/[.+^$()|\\\]}]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

const MAX_FILES = 5000
const MAX_DEPTH = 12

/** Regular files matching an absolute pattern, sorted; unreadable folders are skipped. */
export function globFiles(pattern: string): string[] {
  const abs = path.resolve(pattern)
  const parts = abs.split(path.sep)
  const firstSpecial = parts.findIndex((p) => SPECIAL.test(p))
  if (firstSpecial < 0) {
    try {
      return fs.statSync(abs).isFile() ? [abs] : []
    } catch {
      return []
    }
  }
  const root = parts.slice(0, firstSpecial).join(path.sep) || path.sep
  const rest = parts.slice(firstSpecial)
  const out: string[] = []
  const walk = (dir: string, segs: string[], depth: number): void => {
    if (out.length >= MAX_FILES || depth > MAX_DEPTH) return
    const [seg, ...tail] = segs
    if (seg === undefined) return
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    if (seg === '**') {
      walk(dir, tail, depth) // zero folders
      for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name), segs, depth + 1)
      return
    }
    const re = segmentRegex(seg)
    for (const e of entries) {
      if (!re.test(e.name)) continue
      const full = path.join(dir, e.name)
      if (tail.length === 0) {
        if (e.isFile() || (e.isSymbolicLink() && isFile(full))) out.push(full)
      } else if (e.isDirectory()) walk(full, tail, depth + 1)
    }
  }
  walk(root, rest, 0)
  return [...new Set(out)].sort()
}

const isFile = (p: string): boolean => {
  try {
    return fs.statSync(p).isFile()
  } catch {
    return false
  }
}
