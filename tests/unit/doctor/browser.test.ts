import { describe, expect, it } from 'vitest'
import { findBrowser, playwrightChromiumPath, standardBrowserPaths } from '../../../scripts/doctor/browser.mjs'
import { stopLine } from '../../../scripts/doctor/format.mjs'
import { fakeIo, type Machine } from './fakeMachine'

const osRelease = (id: string, like = '') => ({ '/etc/os-release': `ID=${id}\n${like ? `ID_LIKE="${like}"\n` : ''}` })
const find = (m: Machine, playwright: string | null = null) => findBrowser(fakeIo(m), () => playwright)
const PW = '/home/me/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome'

describe('e2e browser discovery', () => {
  it("Debian: Debian's /usr/bin/chromium (what CI uses)", () => {
    expect(find({ files: { ...osRelease('debian'), '/usr/bin/chromium': '' } })).toEqual({ path: '/usr/bin/chromium', source: 'system' })
  })

  it('Ubuntu and Fedora: chromium-browser; Chrome from its package', () => {
    expect(find({ files: { ...osRelease('ubuntu', 'debian'), '/usr/bin/chromium-browser': '' } }).path).toBe('/usr/bin/chromium-browser')
    expect(find({ files: { ...osRelease('fedora'), '/usr/bin/google-chrome-stable': '' } }).path).toBe('/usr/bin/google-chrome-stable')
    expect(find({ files: { ...osRelease('arch'), '/opt/google/chrome/chrome': '' } }).path).toBe('/opt/google/chrome/chrome')
  })

  it('Chromium before Chrome when both are there', () => {
    expect(find({ files: { '/usr/bin/google-chrome': '', '/usr/bin/chromium': '' } }).path).toBe('/usr/bin/chromium')
  })

  it('CHROMIUM_PATH comes first', () => {
    const m = { env: { CHROMIUM_PATH: '/opt/my/chrome' }, files: { '/opt/my/chrome': '', '/usr/bin/chromium': '' } }
    expect(find(m)).toEqual({ path: '/opt/my/chrome', source: 'CHROMIUM_PATH' })
  })

  it('a CHROMIUM_PATH that points nowhere is named, not silently replaced by another browser', () => {
    const r = find({ env: { CHROMIUM_PATH: '/nowhere/chromium' }, files: { '/usr/bin/chromium': '' } })
    expect(r.path).toBeNull()
    expect(r).toMatchObject({ problem: 'CHROMIUM_PATH=/nowhere/chromium does not exist' })
  })

  it('macOS: Chrome or Edge in /Applications or ~/Applications', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
    expect(find({ platform: 'darwin', env: { HOME: '/Users/me' }, files: { [chrome]: '' } }).path).toBe(chrome)
    const edge = '/Users/me/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'
    expect(find({ platform: 'darwin', env: { HOME: '/Users/me' }, files: { [edge]: '' } }).path).toBe(edge)
    expect(find({ platform: 'darwin', files: { '/usr/bin/chromium': '' } }).path).toBeNull() // Linux paths are not looked at
  })

  it('Windows: Chrome or Edge under Program Files or LocalAppData, whatever the case of the variable names', () => {
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'
    expect(find({ platform: 'win32', env: { 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' }, files: { [edge]: '' } }).path).toBe(edge)
    const chrome = 'C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe'
    const env = { LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local', ProgramFiles: 'C:\\Program Files' }
    expect(find({ platform: 'win32', env, files: { [chrome]: '', [edge]: '' } }).path).toBe(chrome)
    expect(standardBrowserPaths(fakeIo({ platform: 'win32', env }))).toContain(
      'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe'
    )
  })

  it("Playwright's own Chromium last, only if it was downloaded", () => {
    expect(find({ files: { [PW]: '' } }, PW)).toEqual({ path: PW, source: "Playwright's Chromium" })
    expect(find({ files: { [PW]: '', '/usr/bin/chromium': '' } }, PW).path).toBe('/usr/bin/chromium')
    expect(find({ files: {} }, PW).path).toBeNull()
  })

  it("knows where Playwright's Chromium goes from playwright-core", () => {
    expect(playwrightChromiumPath()).toMatch(/chrom/i)
  })

  it("none found: the distribution's package or Playwright's Chromium, per platform, in one line", () => {
    const fixOf = (m: Machine) => {
      const r = find(m)
      if (r.path !== null) throw new Error('found one')
      return r.fix
    }
    expect(fixOf({ files: osRelease('debian') })).toBe(
      'sudo apt-get install chromium (or npx playwright install chromium), or set CHROMIUM_PATH'
    )
    expect(fixOf({ files: osRelease('linuxmint', 'ubuntu debian') })).toMatch(/^sudo snap install chromium/)
    expect(fixOf({ files: osRelease('fedora') })).toMatch(/^sudo dnf install chromium/)
    expect(fixOf({ files: osRelease('manjaro', 'arch') })).toMatch(/^sudo pacman -S chromium/)
    expect(fixOf({ files: osRelease('alpine') })).toMatch(/^npx playwright install chromium, or set CHROMIUM_PATH/)
    expect(fixOf({ platform: 'darwin' })).toMatch(/^npx playwright install chromium/)
    expect(fixOf({ platform: 'win32' })).toMatch(/^npx playwright install chromium .*Edge/)
    const none = find({ files: osRelease('debian') })
    if (none.path !== null) throw new Error('found one')
    expect(stopLine('e2e', 'Browser for e2e', none.problem, none.fix)).not.toContain('\n')
  })

  it('CONSOLE_HIDE_BROWSERS=1 hides every browser but CHROMIUM_PATH (for the test that plays a machine without one)', () => {
    const files = { '/usr/bin/chromium': '', [PW]: '', '/opt/my/chrome': '' }
    expect(find({ env: { CONSOLE_HIDE_BROWSERS: '1' }, files }, PW).path).toBeNull()
    expect(find({ env: { CONSOLE_HIDE_BROWSERS: '1', CHROMIUM_PATH: '/opt/my/chrome' }, files }, PW).path).toBe('/opt/my/chrome')
  })
})
