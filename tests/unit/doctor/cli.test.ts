import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// The real doctor on this machine with pieces hidden: PATH holds only node and npm (so no compiler, make or python3),
// and CONSOLE_HIDE_BROWSERS=1 hides the browser.
const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-doctor-path-'))
const npmCli = path.join(path.dirname(process.execPath), process.platform === 'win32' ? 'npm.cmd' : 'npm')
fs.symlinkSync(process.execPath, path.join(bin, path.basename(process.execPath)))
if (fs.existsSync(npmCli)) fs.symlinkSync(fs.realpathSync(npmCli), path.join(bin, path.basename(npmCli)))
afterAll(() => fs.rmSync(bin, { recursive: true, force: true }))

function doctor(args: string[], env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PATH|CHROMIUM_PATH|CONSOLE_HIDE_BROWSERS|npm_config_user_agent)$/i.test(k))
  )
  const r = spawnSync(process.execPath, ['scripts/doctor.mjs', ...args], { encoding: 'utf8', env: { ...clean, ...env } })
  return { status: r.status, out: r.stdout + r.stderr }
}

describe.skipIf(process.platform === 'win32')('scripts/doctor.mjs with pieces hidden', () => {
  it('names each hidden piece with its fix, and npm test is not ready without a browser', () => {
    const r = doctor([], { PATH: bin, CONSOLE_HIDE_BROWSERS: '1' })
    expect(r.out).toMatch(/^Browser for e2e\s+missing\s+e2e tests\s+no Chromium, Chrome or Edge found/m)
    expect(r.out).toMatch(/^C\+\+ toolchain \(node-gyp\)\s+missing\s+.*missing make, a C\+\+ compiler \(g\+\+ or clang\+\+\), python3$/m)
    expect(r.out).toMatch(/^python3 with numpy, scipy\s+missing\s+scripts\/reference\s+python3 not found$/m)
    expect(r.out).toMatch(/^npm test\s+not ready: needs Browser for e2e$/m)
    expect(r.out).not.toMatch(/^\s+at /m)
    expect(r.status).toBe(1)
  })

  it('the npm test gate lets the unit tests run without a browser, the e2e gate stops with one line', () => {
    const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}`, CONSOLE_HIDE_BROWSERS: '1' }
    const unit = doctor(['--for', 'test'], env)
    expect(unit.status).toBe(0)
    expect(unit.out).toMatch(/Browser for e2e: .*the unit tests run, then the e2e part stops/)
    const e2e = doctor(['--for', 'e2e'], env)
    expect(e2e.status).toBe(1)
    expect(e2e.out.trim().split('\n')).toEqual([expect.stringMatching(/^e2e stopped: Browser for e2e: .*npx playwright install chromium/)])
  })

  it('refuses an unknown target with its usage', () => {
    const r = doctor(['--for', 'deploy'], { PATH: process.env.PATH ?? '' })
    expect(r.status).toBe(2)
    expect(r.out).toMatch(/^usage: node scripts\/doctor\.mjs \[--for test\|e2e\|serve\|start\]/)
  })
})
