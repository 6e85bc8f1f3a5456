import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/** docs/security.md answers every item of Electron's security checklist, each with tests that exist. */
const root = path.resolve(__dirname, '../..')
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8')

const CHECKLIST = [
  'Only load secure content',
  'Do not enable Node.js integration for remote content',
  'Enable context isolation in all renderers',
  'Enable process sandboxing',
  'Handle session permission requests from remote content',
  'Do not disable webSecurity',
  'Define a Content Security Policy',
  'Do not enable allowRunningInsecureContent',
  'Do not enable experimental features',
  'Do not use enableBlinkFeatures',
  '<webview>: Do not use allowpopups',
  '<webview>: Verify options and params',
  'Disable or limit navigation',
  'Disable or limit creation of new windows',
  'Do not use shell.openExternal with untrusted content',
  'Use a current version of Electron',
  'Validate the sender of all IPC messages',
  'Avoid usage of the file:// protocol and prefer usage of custom protocols',
  'Check which fuses you can change',
  'Do not expose Electron APIs to untrusted web content'
]

interface Row {
  n: number
  item: string
  status: string
  tests: { file: string; title: string }[]
}

function checklistRows(): Row[] {
  return read('docs/security.md')
    .split('\n')
    .filter((l) => /^\| \d+ \|/.test(l))
    .map((l) => {
      const cells = l.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim())
      return {
        n: Number(cells[0]),
        item: cells[1]!.replace(/`/g, ''),
        status: cells[2]!,
        tests: [...cells[4]!.matchAll(/`([^`]+\.(?:test|spec)\.ts)` "([^"]+)"/g)].map((m) => ({ file: m[1]!, title: m[2]! }))
      }
    })
}

describe('security checklist (docs/security.md)', () => {
  it('answers all 20 items of Electron’s checklist, in order', () => {
    expect(checklistRows().map((r) => `${r.n}. ${r.item}`)).toEqual(CHECKLIST.map((t, i) => `${i + 1}. ${t}`))
  })

  it('marks each item done, or not applicable with the reason', () => {
    for (const r of checklistRows()) {
      const ok = r.status === 'done' || /^n\/a: .{30,}/.test(r.status)
      expect(ok, `item ${r.n}: status "${r.status}"`).toBe(true)
    }
  })

  it('names for each item tests that exist', () => {
    for (const r of checklistRows()) {
      expect(r.tests.length, `item ${r.n} names no test`).toBeGreaterThan(0)
      for (const t of r.tests) {
        expect(fs.existsSync(path.join(root, t.file)), `item ${r.n}: ${t.file} does not exist`).toBe(true)
        expect(read(t.file).includes(t.title), `item ${r.n}: no test "${t.title}" in ${t.file}`).toBe(true)
      }
    }
  })

  it('the installed Electron is the supported major the README names', () => {
    const line = read('README.md')
      .split('\n')
      .find((l) => l.includes('Supported Electron major'))
    expect(line, 'README states the supported Electron majors').toBeDefined()
    const supported = Number(/Supported Electron majors?:\D*(\d+)/.exec(line!)![1])
    const installed = Number((JSON.parse(read('node_modules/electron/package.json')) as { version: string }).version.split('.')[0])
    const declared = (JSON.parse(read('package.json')) as { devDependencies: Record<string, string> }).devDependencies.electron!
    expect(installed).toBe(supported)
    expect(declared).toMatch(new RegExp(`^[~^]?${supported}\\.`))
  })
})
