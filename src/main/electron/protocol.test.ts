import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { resetState, state } from './__fixtures__/electronStandIn'

vi.mock('electron', () => import('./__fixtures__/electronStandIn'))

import { CSP } from '../transport/csp'
import { staticFilePath } from '../transport/static'
import { APP_INDEX_URL, appProtocolHandler, registerAppScheme } from './protocol'

let root: string
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-app-scheme-'))
  fs.mkdirSync(path.join(root, 'assets'))
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>console</title>')
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)')
  fs.writeFileSync(path.join(path.dirname(root), 'cc-secret.txt'), 'secret')
})
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true })
  fs.rmSync(path.join(path.dirname(root), 'cc-secret.txt'), { force: true })
})

describe('the app:// scheme (checklist 18)', () => {
  it('is registered as a standard, secure scheme that does not bypass the CSP', () => {
    resetState()
    registerAppScheme()
    expect(state.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }])
    const privileges = state.schemes[0]!.privileges
    expect(privileges.bypassCSP).toBeFalsy()
    expect(privileges.allowServiceWorkers).toBeFalsy()
    expect(privileges.corsEnabled).toBeFalsy()
  })

  it('serves the built renderer with its type and the strict CSP', async () => {
    const handle = appProtocolHandler(root)
    const index = await handle({ url: APP_INDEX_URL, method: 'GET' })
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'self'.*object-src 'none'/)
    expect(await index.text()).toContain('<title>console</title>')
    const script = await handle({ url: 'app://console/assets/index-abc.js' })
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect((await handle({ url: 'app://console/' })).status).toBe(200)
  })

  it('refuses paths that leave the renderer folder, other hosts, bad escapes, writes and missing files', async () => {
    const handle = appProtocolHandler(root)
    for (const url of ['app://console/..%2fcc-secret.txt', 'app://console/%2e%2e/cc-secret.txt', 'app://console/..%5ccc-secret.txt']) {
      const res = await handle({ url })
      expect(res.status, url).not.toBe(200)
      expect(await res.text(), url).not.toContain('secret')
    }
    expect((await handle({ url: 'app://console/..%2fcc-secret.txt' })).status).toBe(403)
    expect((await handle({ url: 'app://evil/index.html' })).status).toBe(404)
    expect((await handle({ url: 'app://console/%E0%A4%A' })).status).toBe(400)
    expect((await handle({ url: 'app://console/index.html%00.js' })).status).toBe(403)
    expect((await handle({ url: APP_INDEX_URL, method: 'POST' })).status).toBe(405)
    expect((await handle({ url: 'app://console/nope.js' })).status).toBe(404)
  })

  it('maps URL paths to Windows paths under the install folder and refuses escapes with either separator', () => {
    const win = 'C:\\Program Files\\Control Console\\resources\\app.asar\\out\\renderer'
    expect(staticFilePath(win, '/index.html', path.win32)).toBe(`${win}\\index.html`)
    expect(staticFilePath(win, '/assets/index-abc.js', path.win32)).toBe(`${win}\\assets\\index-abc.js`)
    expect(staticFilePath(win, '/assets/a%20b.js', path.win32)).toBe(`${win}\\assets\\a b.js`)
    expect(staticFilePath(win, '/..%5C..%5C..%5CWindows%5Cwin.ini', path.win32)).toBeNull()
    expect(staticFilePath(win, '/../../../../Windows/win.ini', path.win32)).toBeNull()
    // a drive in the URL is refused; a UNC-looking path stays a (missing) name inside the folder
    expect(staticFilePath(win, '/C:/Windows/win.ini', path.win32)).toBeNull()
    expect(staticFilePath(win, '//server/share/x', path.win32)!.startsWith(win + '\\')).toBe(true)
  })

  it('sends a CSP that runs the app’s own scripts only: no inline or eval, no plugins, no framing, no foreign connections', () => {
    const directives = Object.fromEntries(CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]))
    expect(directives['default-src']).toEqual(["'self'"])
    expect(directives['script-src']).toEqual(["'self'"])
    expect(directives['connect-src']).toEqual(["'self'"])
    expect(directives['object-src']).toEqual(["'none'"])
    expect(directives['frame-ancestors']).toEqual(["'none'"])
    expect(directives['base-uri']).toEqual(["'none'"])
    expect(directives['form-action']).toEqual(["'none'"])
  })
})
