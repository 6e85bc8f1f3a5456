// @ts-check
// The Electron binary and the SQLite addon built for Electron's ABI, found without require('electron'),
// which would try to download the binary.
import { pathsOf } from './io.mjs'

/** @typedef {import('./io.mjs').Io} Io */

/** @returns {{ path: string } | { path: null, why: string, packageMissing: boolean }} */
export function electronBinary(/** @type {Io} */ io, /** @type {string} */ root) {
  const p = pathsOf(io.platform)
  const pkg = p.join(root, 'node_modules', 'electron')
  if (!io.exists(p.join(pkg, 'package.json'))) return { path: null, why: 'the electron package is not installed', packageMissing: true }
  const pathTxt = io.readFile(p.join(pkg, 'path.txt'))
  if (pathTxt === null)
    return {
      path: null,
      why: 'the Electron binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD or no network)',
      packageMissing: false
    }
  const binary = p.join(pkg, 'dist', pathTxt.trim())
  if (!io.exists(binary)) return { path: null, why: `the Electron binary ${binary} is missing`, packageMissing: false }
  return { path: binary }
}

/** The better-sqlite3 build for Electron's ABI that scripts/native-electron.mjs writes. */
export function electronAddon(/** @type {Io} */ io, /** @type {string} */ root) {
  const p = pathsOf(io.platform)
  const abi = io.readFile(p.join(root, 'node_modules', 'electron', 'abi_version'))?.trim() ?? null
  const file = abi ? p.join(root, 'native', 'electron', `abi-${abi}`, 'better_sqlite3.node') : null
  return { abi, file, exists: file !== null && io.exists(file) }
}
