import type { Ctx } from '../../../scripts/doctor/checks.mjs'
import type { Io, RunResult } from '../../../scripts/doctor/io.mjs'
import type { Requirements } from '../../../scripts/doctor/versions.mjs'

export interface Machine {
  platform?: NodeJS.Platform
  env?: Record<string, string | undefined>
  /** path → contents ('' for a file whose contents do not matter) */
  files?: Record<string, string>
  nodeVersion?: string
  /** answers for commands; anything unanswered could not start (not installed) */
  run?: (cmd: string, args: string[]) => RunResult | undefined
}

export const REQ: Requirements = { node: '20.19.0', npm: '11.0.0', desktopNode: '22.12.0' }
export const ROOT = '/repo'

/** A fake machine: nothing exists but the files given. */
export function fakeIo(m: Machine = {}): Io {
  const files = m.files ?? {}
  return {
    platform: m.platform ?? 'linux',
    arch: 'x64',
    nodeVersion: m.nodeVersion ?? 'v20.20.2',
    execPath: '/usr/bin/node',
    env: m.env ?? {},
    exists: (f) => f in files,
    readFile: (f) => (f in files ? (files[f] ?? '') : null),
    run: (cmd, args) => m.run?.(cmd, args) ?? { status: null, stdout: '', stderr: `spawn ${cmd} ENOENT` }
  }
}

/** This project's CI machine: Debian, Node 20, npm 11, packages installed (Electron binary skipped), Chromium, a toolchain, numpy and scipy. */
export function debianMachine(
  over: { files?: Record<string, string | null>; env?: Machine['env']; nodeVersion?: string; run?: Machine['run'] } = {}
): Machine {
  const files: Record<string, string | null> = {
    '/etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n',
    '/usr/bin/node': '',
    '/usr/bin/npm': '',
    '/usr/bin/make': '',
    '/usr/bin/g++': '',
    '/usr/bin/python3': '',
    '/usr/bin/chromium': '',
    [`${ROOT}/node_modules/.package-lock.json`]: '',
    [`${ROOT}/node_modules/vitest/package.json`]: '',
    [`${ROOT}/node_modules/better-sqlite3/package.json`]: '',
    [`${ROOT}/node_modules/electron/package.json`]: '',
    [`${ROOT}/node_modules/electron/abi_version`]: '150\n',
    ...over.files
  }
  return {
    platform: 'linux',
    nodeVersion: over.nodeVersion ?? 'v20.20.2',
    env: { PATH: '/usr/bin', npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false', ...over.env },
    files: Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== null)),
    run: (cmd, args) =>
      over.run?.(cmd, args) ??
      (cmd === '/usr/bin/node' && args[0] === '-e'
        ? { status: 0, stdout: '3.51.2\n', stderr: '' }
        : cmd === 'python3'
          ? { status: 0, stdout: '2.4.6 1.17.1\n', stderr: '' }
          : undefined)
  }
}

export function ctxOf(m: Machine, playwrightPath: () => string | null = () => null): Ctx {
  return { io: fakeIo(m), root: ROOT, req: REQ, playwrightPath }
}
