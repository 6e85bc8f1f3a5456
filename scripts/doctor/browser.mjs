// @ts-check
// Which Chromium-family browser the e2e tests drive. In order: CHROMIUM_PATH; the distribution's Chromium or Chrome
// (Debian, Ubuntu, Fedora, Arch); Chrome or Edge in their standard macOS and Windows places; Playwright's own Chromium
// if `npx playwright install chromium` put it there. CONSOLE_HIDE_BROWSERS=1 hides all but CHROMIUM_PATH, so a test
// can play a machine without a browser.
import { createRequire } from 'node:module'
import { envGet, linuxFamily, pathsOf, realIo } from './io.mjs'

/** @typedef {import('./io.mjs').Io} Io */
/** @typedef {{ path: string, source: string } | { path: null, problem: string, fix: string }} BrowserFound */

const LINUX = [
  '/usr/bin/chromium', // Debian, Arch, Fedora
  '/usr/bin/chromium-browser', // Ubuntu, older Fedora
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium'
]
const MAC_APPS = [
  'Chromium.app/Contents/MacOS/Chromium',
  'Google Chrome.app/Contents/MacOS/Google Chrome',
  'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'
]
/** @type {[string, string][]} environment variable and the path under it */
const WINDOWS = [
  ['LOCALAPPDATA', 'Chromium\\Application\\chrome.exe'],
  ['ProgramFiles', 'Google\\Chrome\\Application\\chrome.exe'],
  ['ProgramFiles(x86)', 'Google\\Chrome\\Application\\chrome.exe'],
  ['LOCALAPPDATA', 'Google\\Chrome\\Application\\chrome.exe'],
  ['ProgramFiles(x86)', 'Microsoft\\Edge\\Application\\msedge.exe'],
  ['ProgramFiles', 'Microsoft\\Edge\\Application\\msedge.exe']
]

/** The standard places of this platform, in the order they are tried. */
export function standardBrowserPaths(/** @type {Io} */ io) {
  const p = pathsOf(io.platform)
  if (io.platform === 'darwin') {
    const home = envGet(io, 'HOME')
    return [...MAC_APPS.map((a) => p.join('/Applications', a)), ...(home ? MAC_APPS.map((a) => p.join(home, 'Applications', a)) : [])]
  }
  if (io.platform === 'win32')
    return WINDOWS.flatMap(([variable, rest]) => {
      const dir = envGet(io, variable)
      return dir ? [p.join(dir, rest)] : []
    })
  return LINUX
}

/** Where Playwright keeps its own Chromium (whether or not it was downloaded), or null without playwright-core. */
export function playwrightChromiumPath() {
  try {
    const { chromium } = createRequire(import.meta.url)('playwright-core')
    return /** @type {string} */ (chromium.executablePath()) || null
  } catch {
    return null
  }
}

/** The command that installs a browser here: Playwright's Chromium, or the distribution's package. */
export function browserFix(/** @type {Io} */ io) {
  const pw = 'npx playwright install chromium'
  const pkg = {
    debian: 'sudo apt-get install chromium',
    ubuntu: 'sudo snap install chromium',
    fedora: 'sudo dnf install chromium',
    arch: 'sudo pacman -S chromium'
  }
  const family = linuxFamily(io)
  if (family) return `${pkg[family]} (or ${pw})`
  if (io.platform === 'darwin') return `${pw} (or install Google Chrome)`
  if (io.platform === 'win32') return `${pw} (or install Google Chrome or Microsoft Edge)`
  return pw
}

/** Flags for a headless Chromium on CI and servers: no sandbox (root in containers), no GPU, nothing fetched in the background. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]

/**
 * @param {Io} [io]
 * @param {() => string | null} [playwrightPath] where Playwright's Chromium would be
 * @returns {BrowserFound}
 */
export function findBrowser(io = realIo(), playwrightPath = playwrightChromiumPath) {
  const chosen = envGet(io, 'CHROMIUM_PATH')
  if (chosen) {
    if (io.exists(chosen)) return { path: chosen, source: 'CHROMIUM_PATH' }
    return {
      path: null,
      problem: `CHROMIUM_PATH=${chosen} does not exist`,
      fix: 'point CHROMIUM_PATH at a Chromium, Chrome or Edge executable, or unset it'
    }
  }
  const fix = `${browserFix(io)}, or set CHROMIUM_PATH`
  if (envGet(io, 'CONSOLE_HIDE_BROWSERS') === '1')
    return { path: null, problem: 'no Chromium, Chrome or Edge found (CONSOLE_HIDE_BROWSERS=1 hides them)', fix }
  const system = standardBrowserPaths(io).find((f) => io.exists(f))
  if (system) return { path: system, source: 'system' }
  const own = playwrightPath()
  if (own && io.exists(own)) return { path: own, source: "Playwright's Chromium" }
  return { path: null, problem: "no Chromium, Chrome or Edge found in the standard places, nor Playwright's Chromium", fix }
}

/** The one line the e2e part stops with when there is no browser. */
export const browserStopLine = (/** @type {{ problem: string, fix: string }} */ found) =>
  `e2e stopped: ${found.problem}; install one: ${found.fix}`
