// @ts-check
// Each thing a command needs, how to find it and the command that fixes it on this platform.
import { findBrowser } from './browser.mjs'
import { electronAddon, electronBinary } from './electron.mjs'
import { envGet, linuxFamily, pathsOf, which } from './io.mjs'
import { atLeast, parseVersion } from './versions.mjs'

/**
 * @typedef {import('./io.mjs').Io} Io
 * @typedef {'test' | 'e2e' | 'serve' | 'start'} Target
 * @typedef {{ io: Io, root: string, req: import('./versions.mjs').Requirements, playwrightPath?: () => string | null }} Ctx
 * @typedef {{ ok: boolean, detail: string, fix?: string }} Result
 * @typedef {object} Check
 * @property {string} id
 * @property {(ctx: Ctx) => string} label
 * @property {string} neededBy  the table's "needed by" column
 * @property {Target[]} requiredFor  targets that stop without it
 * @property {Partial<Record<Target, string>>} [degrades]  what a target loses without it
 * @property {string[]} [onlyWhenMissing]  notes about it matter only when one of these checks failed
 * @property {(ctx: Ctx) => Result} run
 */

const major = (/** @type {string} */ v) => parseVersion(v)?.[0] ?? v

/** @param {Ctx} ctx */
const nodeFix = (ctx) =>
  ctx.io.platform === 'win32'
    ? `winget install OpenJS.NodeJS.LTS (or https://nodejs.org)`
    : `nvm install ${major(ctx.req.desktopNode)} (https://github.com/nvm-sh/nvm, or https://nodejs.org)`

/** @param {Ctx} ctx @param {string} minimum @param {string} why */
function nodeAtLeast(ctx, minimum, why) {
  const v = ctx.io.nodeVersion
  return atLeast(v, minimum)
    ? { ok: true, detail: v }
    : { ok: false, detail: `${v} is older than ${minimum}, which ${why} needs`, fix: nodeFix(ctx) }
}

/** npm's version: from the user agent npm sets for its scripts, else by asking npm. @param {Io} io */
export function npmVersion(io) {
  const agent = /^npm\/(\S+)/.exec(envGet(io, 'npm_config_user_agent') ?? '')
  if (agent) return agent[1] ?? null
  const npm = which(io, 'npm')
  if (!npm) return null
  const r = io.run(npm, ['--version'])
  return r.status === 0 ? r.stdout.trim() : null
}

/** @param {Ctx} ctx */
const depsInstalled = (ctx) => {
  const p = pathsOf(ctx.io.platform)
  return ['.package-lock.json', 'vitest/package.json', 'better-sqlite3/package.json'].every((f) =>
    ctx.io.exists(p.join(ctx.root, 'node_modules', f))
  )
}

/** Why better-sqlite3 would not load, in one short clause. @param {string} stderr */
export function addonFailure(stderr) {
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*?NODE_MODULE_VERSION (\d+)/.exec(stderr)
  if (abi) return `built for another Node (ABI ${abi[1]}; this Node needs ${abi[2]})`
  if (/Could not locate the bindings file|Cannot find module .*better_sqlite3\.node/.test(stderr)) return 'the addon was never built'
  const line = stderr.split('\n').find((l) => /error/i.test(l) && !/^\s+at /.test(l)) ?? stderr.split('\n')[0] ?? ''
  return line.trim().slice(0, 160) || 'it did not load'
}

/** What is missing of a C++ toolchain node-gyp can use. @param {Io} io */
export function toolchainGaps(io) {
  if (io.platform === 'win32') {
    const vswhere = pathsOf('win32').join(
      envGet(io, 'ProgramFiles(x86)') ?? 'C:\\Program Files (x86)',
      'Microsoft Visual Studio',
      'Installer',
      'vswhere.exe'
    )
    const vs =
      io.exists(vswhere) &&
      io
        .run(vswhere, [
          '-latest',
          '-products',
          '*',
          '-requires',
          'Microsoft.VisualStudio.Component.VC.Tools.x86.x64',
          '-property',
          'installationPath'
        ])
        .stdout.trim() !== ''
    return [...(vs ? [] : ['Visual Studio C++ build tools']), ...(which(io, 'py') || which(io, 'python') ? [] : ['python'])]
  }
  const gaps = []
  if (io.platform === 'darwin' && io.run('xcode-select', ['-p']).status !== 0) gaps.push('Xcode Command Line Tools')
  if (!which(io, 'make')) gaps.push('make')
  if (!which(io, 'g++') && !which(io, 'clang++')) gaps.push('a C++ compiler (g++ or clang++)')
  if (!which(io, 'python3')) gaps.push('python3')
  return gaps
}

/** @param {Io} io */
export const toolchainFix = (io) => {
  if (io.platform === 'darwin') return 'xcode-select --install'
  if (io.platform === 'win32')
    return 'winget install Microsoft.VisualStudio.2022.BuildTools --override "--add Microsoft.VisualStudio.Workload.VCTools --includeRecommended --passive" and winget install Python.Python.3.12'
  const family = linuxFamily(io)
  if (family === 'debian' || family === 'ubuntu') return 'sudo apt-get install build-essential python3'
  if (family === 'fedora') return 'sudo dnf install make gcc-c++ python3'
  if (family === 'arch') return 'sudo pacman -S base-devel python'
  return "install make, g++ and python3 with your distribution's package manager"
}

/** @param {Io} io */
const pythonCommand = (io) =>
  io.platform === 'win32' ? (which(io, 'py') ? { cmd: 'py', args: ['-3'] } : { cmd: 'python', args: [] }) : { cmd: 'python3', args: [] }

/** @param {Io} io */
const pythonFix = (io) => {
  if (io.platform === 'darwin') return 'brew install numpy scipy (or python3 -m pip install numpy scipy)'
  if (io.platform === 'win32') return 'winget install Python.Python.3.12, then py -3 -m pip install numpy scipy'
  const family = linuxFamily(io)
  if (family === 'debian' || family === 'ubuntu') return 'sudo apt-get install python3-numpy python3-scipy'
  if (family === 'fedora') return 'sudo dnf install python3-numpy python3-scipy'
  if (family === 'arch') return 'sudo pacman -S python-numpy python-scipy'
  return 'python3 -m pip install numpy scipy'
}

/** @type {Check[]} */
export const CHECKS = [
  {
    id: 'node',
    label: (ctx) => `Node.js >= ${ctx.req.node}`,
    neededBy: 'tests, serve, demo',
    requiredFor: ['test', 'e2e', 'serve'],
    run: (ctx) => nodeAtLeast(ctx, ctx.req.node, 'the tests, serve mode and the demo (Vite 8)')
  },
  {
    id: 'node-desktop',
    label: (ctx) => `Node.js >= ${ctx.req.desktopNode}`,
    neededBy: 'desktop app',
    requiredFor: ['start'],
    run: (ctx) => {
      const r = nodeAtLeast(ctx, ctx.req.desktopNode, 'the desktop app (Electron)')
      return r.ok ? r : { ...r, detail: `${r.detail}; serve mode works on this Node: npm run serve` }
    }
  },
  {
    id: 'npm',
    label: (ctx) => `npm >= ${ctx.req.npm}`,
    neededBy: 'every command',
    requiredFor: ['test', 'e2e', 'serve', 'start'],
    run: (ctx) => {
      const v = npmVersion(ctx.io)
      const fix = `npm install -g npm@${major(ctx.req.npm)}`
      if (!v) return { ok: false, detail: 'npm not found', fix: nodeFix(ctx) }
      return atLeast(v, ctx.req.npm) ? { ok: true, detail: v } : { ok: false, detail: `${v} is older than ${ctx.req.npm}`, fix }
    }
  },
  {
    id: 'deps',
    label: () => 'npm packages (node_modules)',
    neededBy: 'every command',
    requiredFor: ['test', 'e2e', 'serve', 'start'],
    run: (ctx) => (depsInstalled(ctx) ? { ok: true, detail: 'installed' } : { ok: false, detail: 'not installed', fix: 'npm ci' })
  },
  {
    id: 'sqlite-node',
    label: () => 'SQLite addon for Node',
    neededBy: 'tests, serve, demo',
    requiredFor: ['test', 'e2e', 'serve'],
    run: (ctx) => {
      if (!depsInstalled(ctx)) return { ok: false, detail: 'better-sqlite3 not installed', fix: 'npm ci' }
      const code = "const D = require('better-sqlite3'); console.log(new D(':memory:').prepare('select sqlite_version() v').get().v)"
      const r = ctx.io.run(ctx.io.execPath, ['-e', code], { cwd: ctx.root })
      if (r.status === 0) return { ok: true, detail: `better-sqlite3 loads (SQLite ${r.stdout.trim()})` }
      return {
        ok: false,
        detail: `better-sqlite3 does not load: ${addonFailure(r.stderr)}`,
        fix: 'npm rebuild better-sqlite3 (compiling needs the C++ toolchain)'
      }
    }
  },
  {
    id: 'electron',
    label: () => 'Electron binary',
    neededBy: 'desktop app',
    requiredFor: ['start'],
    degrades: { e2e: 'the Electron smoke test skips' },
    run: (ctx) => {
      const e = electronBinary(ctx.io, ctx.root)
      if (e.path !== null) return { ok: true, detail: e.path }
      return {
        ok: false,
        detail: e.why,
        fix: e.packageMissing ? 'npm ci' : 'node node_modules/electron/install.js (downloads it from github.com)'
      }
    }
  },
  {
    id: 'sqlite-electron',
    label: () => "SQLite addon for Electron's ABI",
    neededBy: 'desktop app',
    requiredFor: [],
    degrades: { start: 'npm start builds it first (a prebuilt download, else a compile)' },
    run: (ctx) => {
      const a = electronAddon(ctx.io, ctx.root)
      if (!a.abi) return { ok: false, detail: 'the electron package is not installed', fix: 'npm ci' }
      if (a.exists) return { ok: true, detail: `ABI ${a.abi}: native/electron/abi-${a.abi}/` }
      return { ok: false, detail: `not built for ABI ${a.abi} yet`, fix: 'node scripts/native-electron.mjs (npm start runs it)' }
    }
  },
  {
    id: 'browser',
    label: () => 'Browser for e2e',
    neededBy: 'e2e tests',
    requiredFor: ['e2e'],
    degrades: { test: 'the unit tests run, then the e2e part stops' },
    run: (ctx) => {
      const b = findBrowser(ctx.io, ctx.playwrightPath)
      return b.path !== null ? { ok: true, detail: `${b.path} (${b.source})` } : { ok: false, detail: b.problem, fix: b.fix }
    }
  },
  {
    id: 'toolchain',
    label: () => 'C++ toolchain (node-gyp)',
    neededBy: 'building the SQLite addon',
    requiredFor: [],
    degrades: { start: 'npm start cannot compile the Electron addon if no prebuilt binary is published' },
    onlyWhenMissing: ['sqlite-electron'],
    run: (ctx) => {
      const gaps = toolchainGaps(ctx.io)
      return gaps.length
        ? { ok: false, detail: `missing ${gaps.join(', ')}`, fix: toolchainFix(ctx.io) }
        : { ok: true, detail: 'compiler, make and python3 present' }
    }
  },
  {
    id: 'python',
    label: () => 'python3 with numpy, scipy',
    neededBy: 'scripts/reference',
    requiredFor: [],
    run: (ctx) => {
      const { cmd, args } = pythonCommand(ctx.io)
      const r = ctx.io.run(cmd, [...args, '-c', 'import numpy, scipy; print(numpy.__version__, scipy.__version__)'])
      if (r.status === null) return { ok: false, detail: `${cmd} not found`, fix: pythonFix(ctx.io) }
      if (r.status !== 0) return { ok: false, detail: `${cmd} lacks numpy or scipy`, fix: pythonFix(ctx.io) }
      const [numpy, scipy] = r.stdout.trim().split(/\s+/)
      return { ok: true, detail: `numpy ${numpy}, scipy ${scipy}` }
    }
  }
]
