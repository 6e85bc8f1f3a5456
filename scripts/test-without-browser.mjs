#!/usr/bin/env node
// Plays a machine without a browser and checks what a newcomer sees: `npm test` runs the unit tests, then stops the
// e2e part with one line naming what to install: no stack trace, no build. The browser is hidden the way the discovery
// allows for tests (CONSOLE_HIDE_BROWSERS=1, CHROMIUM_PATH unset); CONSOLE_UNIT_ONLY narrows the unit run to the
// doctor's own tests to keep this quick. Run by .ci/run and `npm run test:no-browser`.
import { spawnSync } from 'node:child_process'

/** @param {string} cmd @param {string[]} args @param {Record<string, string | undefined>} env */
function run(cmd, args, env) {
  const merged = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k]
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: merged, shell: process.platform === 'win32', timeout: 600_000 })
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` }
}

const hidden = { CONSOLE_HIDE_BROWSERS: '1', CHROMIUM_PATH: undefined }
const stackFrame = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m
let failures = 0
/** @param {string} name @param {boolean} ok @param {string} out */
function expectThat(name, ok, out) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`)
  if (!ok) {
    failures++
    console.log(out.replace(/^/gm, '     | '))
  }
}
/** Lines of `out` that start with `prefix`. @param {string} out @param {string} prefix */
const linesStarting = (out, prefix) => out.split('\n').filter((l) => l.startsWith(prefix))

const test = run('npm', ['test'], { ...hidden, CONSOLE_UNIT_ONLY: 'tests/unit/doctor/**/*.test.ts' })
const stops = linesStarting(test.out, 'e2e stopped: ')
expectThat(
  'npm test without a browser: the unit tests run and pass, then e2e stops with one line naming what to install',
  test.status !== 0 &&
    /Tests\s+\d+ passed/.test(test.out) &&
    !/Tests\s+.*\d+ failed/.test(test.out) &&
    stops.length === 1 &&
    (stops[0] ?? '').includes('npx playwright install chromium') &&
    test.out.indexOf('e2e stopped: ') > test.out.search(/Tests\s+\d+ passed/) &&
    !stackFrame.test(test.out) &&
    !/building .*for production|built in \d/.test(test.out),
  test.out
)

const wrongPath = run('npm', ['run', 'test:e2e'], { CHROMIUM_PATH: '/nowhere/chromium' })
expectThat(
  'CHROMIUM_PATH pointing nowhere: one line naming it',
  wrongPath.status !== 0 &&
    linesStarting(wrongPath.out, 'e2e stopped: ').length === 1 &&
    wrongPath.out.includes('CHROMIUM_PATH=/nowhere/chromium') &&
    !stackFrame.test(wrongPath.out),
  wrongPath.out
)

const direct = run('npx', ['playwright', 'test', '--list'], hidden)
expectThat(
  'playwright test run directly (the config finds no browser): one line, no stack trace',
  direct.status !== 0 &&
    linesStarting(direct.out, 'e2e stopped: ').length === 1 &&
    direct.out.trim().split('\n').length === 1 &&
    !stackFrame.test(direct.out),
  direct.out
)

const doctor = run(process.execPath, ['scripts/doctor.mjs'], hidden)
expectThat(
  'npm run doctor names the missing browser and says npm test is not ready',
  doctor.status === 1 &&
    /^Browser for e2e\s+missing\s/m.test(doctor.out) &&
    /^npm test\s+not ready: needs Browser for e2e/m.test(doctor.out),
  doctor.out
)

console.log(failures ? `test-without-browser: ${failures} failed` : 'test-without-browser: all passed')
process.exit(failures ? 1 : 0)
