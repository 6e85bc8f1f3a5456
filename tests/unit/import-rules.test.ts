import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/** The architecture's import rules, enforced on every source file. */
const root = path.resolve(__dirname, '../..')
const SRC = path.join(root, 'src')

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === '__fixtures__' ? [] : files(full)
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : []
  })
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8')
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)
  ]
  return specs.map((m) => m[1]!)
}

const rel = (file: string): string => path.relative(SRC, file).split(path.sep).join('/')
const target = (file: string, spec: string): string | null => (spec.startsWith('.') ? rel(path.resolve(path.dirname(file), spec)) : null)

interface Violation {
  file: string
  spec: string
  rule: string
}

export function violations(): Violation[] {
  const out: Violation[] = []
  for (const file of files(SRC)) {
    const from = rel(file)
    for (const spec of importsOf(file)) {
      const to = target(file, spec)
      const add = (rule: string): void => void out.push({ file: from, spec, rule })
      if ((spec === 'electron' || spec.startsWith('electron/')) && !from.startsWith('main/electron/') && !from.startsWith('preload/'))
        add('only main/electron and preload import electron')
      if (from.startsWith('shared/') && (to ? !to.startsWith('shared/') : spec !== 'zod'))
        add('shared imports nothing of ours and only zod')
      // (the built-in extensions' files are bundled as text, `?raw`, to be written out and run in their own processes)
      const builtinText = spec.endsWith('?raw') && to?.startsWith('../extensions/builtin/')
      if (
        from.startsWith('main/services/') &&
        to &&
        !builtinText &&
        !/^(shared|main\/db|main\/core|main\/services|main\/workers)\//.test(to)
      )
        add('services import shared, db, core and workers only')
      if (
        from.startsWith('main/services/') &&
        to &&
        to.startsWith('main/services/') &&
        to.split('/')[2] !== from.split('/')[2] &&
        !to.endsWith('/api')
      ) {
        // areas talk through each other's public api module only
        if (!/\/(service|types|schema|index|signals)$/.test(to.replace(/\.tsx?$/, '')))
          add('an area imports another area through its service/types/schema only')
      }
      if (
        (from.startsWith('renderer/') || from.startsWith('preload/')) &&
        to &&
        !to.startsWith('shared/') &&
        !to.startsWith(from.split('/')[0] + '/')
      )
        add('preload and renderer import shared only')
      if (from.startsWith('renderer/') && !to && /^node:|^(fs|path|child_process|better-sqlite3)$/.test(spec))
        add('no Node in the renderer')
    }
  }
  return out
}

describe('import rules', () => {
  it('hold for every source file', () => {
    expect(files(SRC).length).toBeGreaterThan(200) // the walk found the sources
    expect(violations()).toEqual([])
  })

  it('would catch a violation (the checker itself can fail)', () => {
    const probe = path.join(SRC, 'main/services/__probe_violation.ts')
    fs.writeFileSync(probe, "import { app } from 'electron'\nimport { x } from '../transport/http'\n")
    try {
      const found = violations()
        .filter((v) => v.file === 'main/services/__probe_violation.ts')
        .map((v) => v.rule)
      expect(found).toContain('only main/electron and preload import electron')
      expect(found).toContain('services import shared, db, core and workers only')
    } finally {
      fs.rmSync(probe)
    }
  })
})
