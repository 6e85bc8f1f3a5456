#!/usr/bin/env node
// Builds better-sqlite3 for Electron into native/electron/, apart from the Node build in
// node_modules that tests and serve mode use, so neither runtime ever breaks the other.
// Tries the published prebuilt binary first, then compiles against Electron's headers.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { toolchainFix, toolchainGaps } from './doctor/checks.mjs'
import { realIo } from './doctor/io.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const electronPkg = path.join(root, 'node_modules/electron/package.json')
const sqlitePkg = path.join(root, 'node_modules/better-sqlite3')

if (!fs.existsSync(electronPkg)) {
  console.error('native-electron: the electron package is not installed; run npm ci first.')
  process.exit(1)
}
const electronVersion = JSON.parse(fs.readFileSync(electronPkg, 'utf8')).version
const abi = fs.readFileSync(path.join(root, 'node_modules/electron/abi_version'), 'utf8').trim()
const outDir = path.join(root, 'native/electron')
const target = path.join(outDir, `abi-${abi}`, 'better_sqlite3.node')
const current = path.join(outDir, 'better_sqlite3.node')

if (fs.existsSync(target)) {
  fs.copyFileSync(target, current)
  process.exit(0)
}

const work = path.join(root, '.tmp/better-sqlite3-electron')
fs.rmSync(work, { recursive: true, force: true })
fs.mkdirSync(path.dirname(work), { recursive: true })
fs.cpSync(sqlitePkg, work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) })
/** node-gyp's error message without its stack frames, else a compiler's first error line. */
function gypReason(text) {
  const lines = text.split('\n')
  const stack = lines.filter((l) => l.startsWith('gyp ERR! stack ')).map((l) => l.slice('gyp ERR! stack '.length).trim())
  const frames = stack.findIndex((l) => l.startsWith('at '))
  const message = stack.slice(0, frames < 0 ? undefined : frames).join(' ')
  if (message) return message.replace(/^Error: /, '')
  return (lines.find((l) => /\berror\b/i.test(l)) ?? 'see the log').trim()
}
const bin = (name) => path.join(root, 'node_modules/.bin', process.platform === 'win32' ? `${name}.cmd` : name)
const run = (cmd, args) => execFileSync(cmd, args, { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' })

console.log(`native-electron: building better-sqlite3 for Electron ${electronVersion} (ABI ${abi})…`)
try {
  run(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch])
} catch {
  const gaps = toolchainGaps(realIo())
  if (gaps.length) {
    fs.rmSync(work, { recursive: true, force: true })
    console.error(`native-electron: no prebuilt binary, and compiling one needs ${gaps.join(', ')}; fix: ${toolchainFix(realIo())}`)
    process.exit(1)
  }
  // node-gyp's output goes to a log (its failures end in a stack trace); the one line printed names the first error
  const log = path.join(root, '.tmp/native-electron.log')
  console.log(`native-electron: no prebuilt binary; compiling against Electron headers (a few minutes; log: ${path.relative(root, log)})`)
  const fd = fs.openSync(log, 'w')
  const gyp = spawnSync(
    bin('node-gyp'),
    [
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      `--arch=${process.arch}`,
      '--dist-url=https://electronjs.org/headers',
      '--runtime=electron'
    ],
    { cwd: work, stdio: ['ignore', fd, fd], shell: process.platform === 'win32' }
  )
  fs.closeSync(fd)
  if (gyp.status !== 0) {
    const reason = gypReason(fs.readFileSync(log, 'utf8'))
    fs.rmSync(work, { recursive: true, force: true })
    console.error(
      `native-electron: could not compile better-sqlite3 for Electron (${reason}); log: ${path.relative(root, log)}. Tests and serve mode do not need it.`
    )
    process.exit(1)
  }
}
fs.mkdirSync(path.dirname(target), { recursive: true })
fs.copyFileSync(path.join(work, 'build/Release/better_sqlite3.node'), target)
fs.copyFileSync(target, current)
fs.rmSync(work, { recursive: true, force: true })
console.log(`native-electron: wrote ${path.relative(root, target)}`)
