import { describe, expect, it } from 'vitest'
import { addonFailure, CHECKS } from '../../../scripts/doctor/checks.mjs'
import { fullReport, gate, runChecks } from '../../../scripts/doctor/report.mjs'
import { ctxOf, debianMachine, REQ, ROOT, type Machine } from './fakeMachine'

const ELECTRON_BIN = { [`${ROOT}/node_modules/electron/path.txt`]: 'electron', [`${ROOT}/node_modules/electron/dist/electron`]: '' }
const ELECTRON_ADDON = { [`${ROOT}/native/electron/abi-150/better_sqlite3.node`]: '' }
const outcome = (m: Machine, id: string) => {
  const o = runChecks(ctxOf(m), (c) => c.id === id)[0]
  if (!o) throw new Error(`no check ${id}`)
  return o
}
const row = (lines: string[], label: string) => lines.find((l) => l.startsWith(label)) ?? ''

describe('npm run doctor on a machine like this one', () => {
  const report = fullReport(ctxOf(debianMachine()))

  it('passes: tests and serve mode are ready; the missing Electron binary is optional for tests', () => {
    expect(report.ok).toBe(true)
    expect(row(report.lines, 'npm test ')).toMatch(/ready \(Electron binary missing: the Electron smoke test skips\)/)
    expect(row(report.lines, 'npm run serve, demo')).toMatch(/ready$/)
    expect(row(report.lines, 'npm start, dev')).toMatch(/not ready: needs Node\.js >= 22\.12\.0, Electron binary/)
  })

  it('prints a found/missing row for every check, with the fix under each missing one', () => {
    expect(report.lines[0]).toMatch(/^check\s+status\s+needed by\s+found \/ fix$/)
    for (const c of CHECKS) expect(row(report.lines, c.label(ctxOf(debianMachine())))).toMatch(/\s(found|missing)\s/)
    const electron = report.lines.findIndex((l) => l.startsWith('Electron binary'))
    expect(report.lines[electron + 1]).toMatch(/^\s+fix: node node_modules\/electron\/install\.js/)
  })

  it('takes the versions from package.json', () => {
    const ctx = { ...ctxOf(debianMachine()), req: { ...REQ, node: '20.21.0' } }
    expect(fullReport(ctx).lines.some((l) => /^Node\.js >= 20\.21\.0\s+missing/.test(l))).toBe(true)
    expect(fullReport(ctx).ok).toBe(false)
  })
})

describe('each missing piece is named with the command that fixes it', () => {
  const cases: [string, Machine, string, RegExp, RegExp][] = [
    ['Node too old', debianMachine({ nodeVersion: 'v18.20.0' }), 'node', /v18\.20\.0 is older than 20\.19\.0/, /^nvm install 22/],
    [
      'Node too old (Windows)',
      { ...debianMachine({ nodeVersion: 'v18.20.0' }), platform: 'win32' },
      'node',
      /older than 20\.19\.0/,
      /^winget install OpenJS\.NodeJS\.LTS/
    ],
    ['Node 20 for the desktop', debianMachine(), 'node-desktop', /older than 22\.12\.0.*serve mode works/, /^nvm install 22/],
    [
      'npm 10',
      debianMachine({ env: { npm_config_user_agent: 'npm/10.9.2 node/v20.20.2 linux x64' } }),
      'npm',
      /10\.9\.2 is older than 11\.0\.0/,
      /^npm install -g npm@11$/
    ],
    [
      'packages not installed',
      debianMachine({ files: { [`${ROOT}/node_modules/.package-lock.json`]: null } }),
      'deps',
      /not installed/,
      /^npm ci$/
    ],
    [
      'SQLite addon built for another Node',
      debianMachine({
        run: (cmd, args) =>
          args[0] === '-e'
            ? {
                status: 1,
                stdout: '',
                stderr:
                  "Error: The module '/repo/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 127. This version of Node.js requires\nNODE_MODULE_VERSION 115. Please try re-compiling\n    at Module._extensions..node (node:internal/modules/cjs/loader:1460:18)"
              }
            : undefined
      }),
      'sqlite-node',
      /^better-sqlite3 does not load: built for another Node \(ABI 127; this Node needs 115\)$/,
      /^npm rebuild better-sqlite3/
    ],
    ['Electron binary not downloaded', debianMachine(), 'electron', /not downloaded/, /^node node_modules\/electron\/install\.js/],
    [
      'electron package missing',
      debianMachine({
        files: { [`${ROOT}/node_modules/electron/package.json`]: null, [`${ROOT}/node_modules/electron/abi_version`]: null }
      }),
      'electron',
      /electron package is not installed/,
      /^npm ci$/
    ],
    ['SQLite addon for Electron not built', debianMachine(), 'sqlite-electron', /not built for ABI 150/, /native-electron\.mjs/],
    [
      'no browser',
      debianMachine({ files: { '/usr/bin/chromium': null } }),
      'browser',
      /no Chromium, Chrome or Edge/,
      /^sudo apt-get install chromium \(or npx playwright install chromium\)/
    ],
    [
      'no C++ compiler (Fedora)',
      debianMachine({ files: { '/usr/bin/g++': null, '/etc/os-release': 'ID=fedora\n' } }),
      'toolchain',
      /missing a C\+\+ compiler/,
      /^sudo dnf install make gcc-c\+\+ python3$/
    ],
    [
      'no toolchain (macOS)',
      { ...debianMachine(), platform: 'darwin' },
      'toolchain',
      /Xcode Command Line Tools/,
      /^xcode-select --install$/
    ],
    [
      'no Visual Studio build tools (Windows)',
      { ...debianMachine(), platform: 'win32', env: { PATH: 'C:\\Windows' } },
      'toolchain',
      /Visual Studio C\+\+ build tools, python/,
      /Microsoft\.VisualStudio\.2022\.BuildTools/
    ],
    [
      'python3 without scipy',
      debianMachine({
        run: (cmd) => (cmd === 'python3' ? { status: 1, stdout: '', stderr: "ModuleNotFoundError: No module named 'scipy'" } : undefined)
      }),
      'python',
      /python3 lacks numpy or scipy/,
      /^sudo apt-get install python3-numpy python3-scipy$/
    ],
    [
      'no python3 (Arch)',
      debianMachine({
        files: { '/etc/os-release': 'ID=arch\n' },
        run: (cmd) => (cmd === 'python3' ? { status: null, stdout: '', stderr: '' } : undefined)
      }),
      'python',
      /python3 not found/,
      /^sudo pacman -S python-numpy python-scipy$/
    ]
  ]
  for (const [name, machine, id, detail, fix] of cases)
    it(name, () => {
      const o = outcome(machine, id)
      expect(o.ok).toBe(false)
      expect(o.detail).toMatch(detail)
      expect(o.fix).toMatch(fix)
    })

  it('and found when present', () => {
    const m = debianMachine({ nodeVersion: 'v22.12.0', files: { ...ELECTRON_BIN, ...ELECTRON_ADDON } })
    expect(runChecks(ctxOf(m)).filter((o) => !o.ok)).toEqual([])
    expect(outcome(m, 'sqlite-node').detail).toBe('better-sqlite3 loads (SQLite 3.51.2)')
    expect(outcome(m, 'python').detail).toBe('numpy 2.4.6, scipy 1.17.1')
    expect(outcome(m, 'electron').detail).toBe(`${ROOT}/node_modules/electron/dist/electron`)
  })

  it('reads npm from npm when not run by npm', () => {
    const m = debianMachine({
      env: { npm_config_user_agent: undefined },
      run: (cmd, args) => (cmd === '/usr/bin/npm' && args[0] === '--version' ? { status: 0, stdout: '11.2.0\n', stderr: '' } : undefined)
    })
    expect(outcome(m, 'npm')).toMatchObject({ ok: true, detail: '11.2.0' })
  })

  it('says why an addon did not load in one short clause', () => {
    expect(addonFailure('Error: Could not locate the bindings file. Tried:\n → /repo/build/better_sqlite3.node')).toBe(
      'the addon was never built'
    )
    expect(addonFailure('Error: something odd\n    at x (y.js:1:2)')).toBe('Error: something odd')
  })
})

describe('the gates npm test and npm start pass first', () => {
  it('npm test: ready here, with a note that the Electron smoke test skips', () => {
    const g = gate(ctxOf(debianMachine()), 'test')
    expect(g.ok).toBe(true)
    expect(g.lines[0]).toBe('doctor: ready for npm test (npm run doctor prints every check)')
    expect(g.lines[1]).toMatch(/^doctor: note: Electron binary: .*the Electron smoke test skips/)
  })

  it('npm test without a browser: the unit tests still run, with a note that e2e will stop', () => {
    const g = gate(ctxOf(debianMachine({ files: { '/usr/bin/chromium': null } })), 'test')
    expect(g.ok).toBe(true)
    expect(
      g.lines.some((l) => /Browser for e2e: .*the unit tests run, then the e2e part stops; fix: sudo apt-get install chromium/.test(l))
    ).toBe(true)
  })

  it('e2e without a browser: exactly one line naming what to install', () => {
    const g = gate(ctxOf(debianMachine({ files: { '/usr/bin/chromium': null } })), 'e2e')
    expect(g).toEqual({
      ok: false,
      lines: [
        "e2e stopped: Browser for e2e: no Chromium, Chrome or Edge found in the standard places, nor Playwright's Chromium; fix: sudo apt-get install chromium (or npx playwright install chromium), or set CHROMIUM_PATH"
      ]
    })
  })

  it('npm test stops before the unit tests when the SQLite addon does not load', () => {
    const m = debianMachine({ run: (_cmd, args) => (args[0] === '-e' ? { status: 1, stdout: '', stderr: 'Error: boom' } : undefined) })
    const g = gate(ctxOf(m), 'test')
    expect(g.ok).toBe(false)
    expect(g.lines).toEqual([
      'npm test stopped: SQLite addon for Node: better-sqlite3 does not load: Error: boom; fix: npm rebuild better-sqlite3 (compiling needs the C++ toolchain)'
    ])
  })

  it('npm start on Node 20 without the Electron binary: one line for each, no stack trace', () => {
    const g = gate(ctxOf(debianMachine()), 'start')
    expect(g.ok).toBe(false)
    expect(g.lines).toHaveLength(2)
    expect(g.lines[0]).toMatch(/^npm start stopped: Node\.js >= 22\.12\.0: v20\.20\.2 is older than 22\.12\.0.*; fix: nvm install 22/)
    expect(g.lines[1]).toMatch(/^npm start stopped: Electron binary: .*; fix: node node_modules\/electron\/install\.js/)
  })

  it('npm start on Node 22 with the binary: goes on, noting the addon it will build and a missing compiler', () => {
    const m = debianMachine({ nodeVersion: 'v22.12.0', files: { ...ELECTRON_BIN, '/usr/bin/g++': null } })
    const g = gate(ctxOf(m), 'start')
    expect(g.ok).toBe(true)
    expect(g.lines.slice(1)).toEqual([
      "doctor: note: SQLite addon for Electron's ABI: not built for ABI 150 yet; npm start builds it first (a prebuilt download, else a compile); fix: node scripts/native-electron.mjs (npm start runs it)",
      'doctor: note: C++ toolchain (node-gyp): missing a C++ compiler (g++ or clang++); npm start cannot compile the Electron addon if no prebuilt binary is published; fix: sudo apt-get install build-essential python3'
    ])
    const built = debianMachine({ nodeVersion: 'v22.12.0', files: { ...ELECTRON_BIN, ...ELECTRON_ADDON, '/usr/bin/g++': null } })
    expect(gate(ctxOf(built), 'start').lines).toHaveLength(1) // the compiler is not needed once the addon exists
  })

  it('serve mode needs no browser, no Electron and no Node 22', () => {
    expect(gate(ctxOf(debianMachine({ files: { '/usr/bin/chromium': null } })), 'serve').ok).toBe(true)
  })
})

describe('before npm ci', () => {
  const fresh = debianMachine({
    files: Object.fromEntries(
      Object.keys(debianMachine().files ?? {})
        .filter((f) => f.startsWith(`${ROOT}/`))
        .map((f) => [f, null])
    )
  })

  it('npm test stops with one line: npm ci', () => {
    expect(gate(ctxOf(fresh), 'test')).toEqual({
      ok: false,
      lines: ['npm test stopped: npm packages (node_modules): not installed; fix: npm ci']
    })
  })

  it('the table still names every piece that npm ci brings', () => {
    const missing = runChecks(ctxOf(fresh)).filter((o) => !o.ok)
    expect(missing.map((o) => [o.id, o.fix])).toEqual([
      ['node-desktop', 'nvm install 22 (https://github.com/nvm-sh/nvm, or https://nodejs.org)'],
      ['deps', 'npm ci'],
      ['sqlite-node', 'npm ci'],
      ['electron', 'npm ci'],
      ['sqlite-electron', 'npm ci']
    ])
  })
})
