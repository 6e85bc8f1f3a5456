// @ts-check
// What the doctor's checks may look at (files, environment, commands), behind one small interface so tests can fake a
// whole machine: a platform, its environment and its filesystem.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/**
 * @typedef {{ status: number | null, stdout: string, stderr: string }} RunResult  status null: the command could not start
 * @typedef {object} Io
 * @property {NodeJS.Platform} platform
 * @property {string} arch
 * @property {string} nodeVersion  the running Node's version, "v20.19.0"
 * @property {string} execPath  the running Node's executable
 * @property {Record<string, string | undefined>} env
 * @property {(file: string) => boolean} exists
 * @property {(file: string) => string | null} readFile  null when the file is missing
 * @property {(cmd: string, args: string[], opts?: { cwd?: string }) => RunResult} run
 */

/** @returns {Io} the real machine */
export function realIo() {
  return {
    platform: process.platform,
    arch: process.arch,
    nodeVersion: process.version,
    execPath: process.execPath,
    env: process.env,
    exists: (file) => fs.existsSync(file),
    readFile: (file) => {
      try {
        return fs.readFileSync(file, 'utf8')
      } catch {
        return null
      }
    },
    run: (cmd, args, opts = {}) => {
      // .cmd and .bat files (npm on Windows) only start through a shell
      const shell = process.platform === 'win32' && /\.(cmd|bat)$/i.test(cmd)
      const r = spawnSync(shell ? `"${cmd}"` : cmd, args, { encoding: 'utf8', timeout: 60_000, windowsHide: true, shell, ...opts })
      return { status: r.error ? null : r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') }
    }
  }
}

/** Path functions of the platform being checked (a Windows machine in a test on Linux uses path.win32). */
export const pathsOf = (/** @type {NodeJS.Platform} */ platform) => (platform === 'win32' ? path.win32 : path.posix)

/** An environment variable; Windows names are case-insensitive. */
export function envGet(/** @type {Io} */ io, /** @type {string} */ name) {
  if (io.platform !== 'win32') return io.env[name] || undefined
  const key = Object.keys(io.env).find((k) => k.toUpperCase() === name.toUpperCase())
  return (key && io.env[key]) || undefined
}

/** The first executable called `cmd` on PATH (with PATHEXT on Windows), or null. */
export function which(/** @type {Io} */ io, /** @type {string} */ cmd) {
  const p = pathsOf(io.platform)
  const dirs = (envGet(io, 'PATH') ?? '').split(p.delimiter).filter(Boolean)
  const exts = io.platform === 'win32' ? (envGet(io, 'PATHEXT') ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : ['']
  for (const dir of dirs) for (const ext of exts) if (io.exists(p.join(dir, cmd + ext))) return p.join(dir, cmd + ext)
  return null
}

/** @typedef {'debian' | 'ubuntu' | 'fedora' | 'arch' | null} LinuxFamily */

/** Which package manager's commands to print: from /etc/os-release's ID and ID_LIKE. @returns {LinuxFamily} */
export function linuxFamily(/** @type {Io} */ io) {
  if (io.platform !== 'linux') return null
  const text = io.readFile('/etc/os-release') ?? ''
  /** @param {string} key */
  const field = (key) => new RegExp(`^${key}=["']?([^"'\\n]*)`, 'm').exec(text)?.[1] ?? ''
  const ids = [field('ID'), ...field('ID_LIKE').split(/\s+/)]
  for (const id of ids) {
    if (id === 'ubuntu' || id === 'debian' || id === 'arch') return id
    if (id === 'fedora' || id === 'rhel' || id === 'centos') return 'fedora'
  }
  return null
}
