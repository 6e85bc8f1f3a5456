import { beforeEach, describe, expect, it, vi } from 'vitest'
import { app, navEvent, resetState, state, WebContents } from './__fixtures__/electronStandIn'

vi.mock('electron', () => import('./__fixtures__/electronStandIn'))

import { confirmOpenExternal } from './external'
import { GRANTED_PERMISSIONS, installGlobalGuards, installPermissionHandlers, isTrustedRendererUrl } from './guards'
import { createMainWindow, secureWebPreferences } from './window'
import { session } from 'electron'

const DEV = 'http://localhost:5173'
const trusted = (url: string): boolean => isTrustedRendererUrl(url, undefined)
const flush = () => new Promise((r) => setTimeout(r, 0))

beforeEach(() => resetState())

describe('window preferences (checklist 2, 3, 4, 6, 8, 9, 10, 11)', () => {
  it('isolates and sandboxes the renderer: no Node, web security on, no insecure content, no experimental or Blink features, no webview', () => {
    const prefs = secureWebPreferences('/app/preload/index.cjs')
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false
    })
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
  })

  it('creates the window with those preferences and loads the renderer from app://console, not file://', () => {
    createMainWindow({ preload: '/app/preload/index.cjs', url: 'app://console/index.html' })
    const win = state.windows[0]!
    expect(win.options.webPreferences).toEqual(secureWebPreferences('/app/preload/index.cjs'))
    expect(win.loaded).toBe('app://console/index.html')
    expect(state.calls.some((c) => c.startsWith('window.loadFile'))).toBe(false)
  })
})

describe('who is trusted (checklist 17, 18)', () => {
  it('trusts the app:// origin wherever the app is installed, Windows included', () => {
    expect(trusted('app://console/index.html')).toBe(true)
    expect(trusted('app://console/index.html#/settings')).toBe(true)
    expect(trusted('app://console')).toBe(true)
    // the old file:// check turned /C:/… into \C:\… and refused every IPC call on Windows; file:// is no longer trusted at all
    expect(trusted('file:///C:/Program%20Files/Control%20Console/resources/app.asar/out/renderer/index.html')).toBe(false)
    expect(trusted('file:///opt/Control%20Console/resources/app.asar/out/renderer/index.html')).toBe(false)
  })

  it('refuses other hosts on the scheme, credentials, other schemes and look-alike dev origins', () => {
    expect(trusted('app://evil/index.html')).toBe(false)
    expect(trusted('app://user:pw@console/index.html')).toBe(false)
    expect(trusted('https://evil.example')).toBe(false)
    expect(trusted('not a url')).toBe(false)
    expect(isTrustedRendererUrl('http://localhost:5173/#/x', DEV)).toBe(true)
    expect(isTrustedRendererUrl('http://localhost:5173.evil.example/', DEV)).toBe(false)
    expect(isTrustedRendererUrl('http://localhost:5174/', DEV)).toBe(false)
    expect(isTrustedRendererUrl('http://localhost:5173/', undefined)).toBe(false)
  })
})

describe('guards on every web contents (checklist 12, 13, 14, 15)', () => {
  const guarded = (): WebContents => {
    installGlobalGuards(app as any, trusted)
    createMainWindow({ preload: '/p.cjs', url: 'app://console/index.html' })
    return state.windows[0]!.webContents
  }

  it('installs them from web-contents-created, so contents the shell did not create itself get them too', () => {
    installGlobalGuards(app as any, trusted)
    const stray = new WebContents()
    app.emit('web-contents-created', {}, stray)
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      expect(stray.handlers[event], event).toHaveLength(1)
    }
    expect(stray.openHandler).toBeTypeOf('function')
  })

  it('blocks navigation away from the app and offers http(s) links to the browser', async () => {
    const wc = guarded()
    const away = navEvent()
    wc.emit('will-navigate', away, 'https://example.com/phish')
    expect(away.prevented).toBe(true)
    await flush()
    expect(state.dialogs).toBe(1)
    const inside = navEvent()
    wc.emit('will-navigate', inside, 'app://console/index.html#/settings')
    expect(inside.prevented).toBe(false)
  })

  it('blocks redirects and frame navigations that leave the app', () => {
    const wc = guarded()
    const redirect = navEvent({ url: 'https://evil.example/x' })
    wc.emit('will-redirect', redirect)
    expect(redirect.prevented).toBe(true)
    const frame = navEvent({ url: 'https://evil.example/frame', isMainFrame: false })
    wc.emit('will-frame-navigate', frame)
    expect(frame.prevented).toBe(true)
    const ownFrame = navEvent({ url: 'app://console/index.html', isMainFrame: false })
    wc.emit('will-frame-navigate', ownFrame)
    expect(ownFrame.prevented).toBe(false)
    const devtools = navEvent({ url: 'devtools://devtools/bundled/devtools_app.html', isMainFrame: false })
    wc.emit('will-frame-navigate', devtools)
    expect(devtools.prevented).toBe(false)
  })

  it('denies window.open (the link goes to the confirmation) and never attaches a webview', async () => {
    const wc = guarded()
    expect(wc.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    await flush()
    expect(state.dialogs).toBe(1)
    const prefs: Record<string, unknown> = { preload: '/evil.js', nodeIntegration: true }
    const attach = navEvent()
    wc.emit('will-attach-webview', attach, prefs, { src: 'https://evil.example', allowpopups: 'true' })
    expect(attach.prevented).toBe(true)
    expect(prefs).toEqual({ nodeIntegration: false, contextIsolation: true })
  })

  it('opens only http(s) links, and only after the user confirms', async () => {
    await confirmOpenExternal(null, 'file:///etc/passwd')
    await confirmOpenExternal(null, 'javascript:alert(1)')
    await confirmOpenExternal(null, 'smb://host/share')
    expect(state.dialogs).toBe(0)
    state.dialogResponse = 1
    await confirmOpenExternal(null, 'https://example.com/a')
    expect(state.opened).toEqual([])
    state.dialogResponse = 0
    await confirmOpenExternal(null, 'https://example.com/b')
    expect(state.opened).toEqual(['https://example.com/b'])
  })
})

describe('session permissions (checklist 5)', () => {
  beforeEach(() => installPermissionHandlers(session.defaultSession as any, trusted))
  const request = (permission: string, requestingUrl: string): boolean => {
    let granted: boolean | undefined
    state.permissionRequest!({ getURL: () => requestingUrl }, permission, (g: boolean) => (granted = g), { requestingUrl })
    return granted!
  }

  it('grants notifications (and clipboard writes) to the app’s own origin only', () => {
    expect(GRANTED_PERMISSIONS).toEqual(['notifications', 'clipboard-sanitized-write'])
    expect(request('notifications', 'app://console/index.html')).toBe(true)
    expect(request('notifications', 'https://evil.example/')).toBe(false)
    expect(request('notifications', 'file:///index.html')).toBe(false)
    expect(state.permissionCheck!(null, 'notifications', 'app://console', {})).toBe(true)
    expect(state.permissionCheck!(null, 'notifications', 'https://evil.example', {})).toBe(false)
  })

  it('denies every other permission, even to the app, and all device access', () => {
    for (const p of ['media', 'geolocation', 'openExternal', 'fullscreen', 'clipboard-read', 'hid', 'serial', 'usb']) {
      expect(request(p, 'app://console/index.html'), p).toBe(false)
      expect(state.permissionCheck!(null, p, 'app://console', {}), p).toBe(false)
    }
    expect(state.devicePermission!({ deviceType: 'usb', origin: 'app://console' })).toBe(false)
  })
})
