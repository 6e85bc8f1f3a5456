import { BrowserWindow, session, type WebPreferences } from 'electron'
import { CSP } from '../transport/csp'
import { APP_ORIGIN } from './protocol'

/** Security options every console window gets; exported so a test can check them. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false
  }
}

/** URLs that carry a stricter policy of their own, kept as it is: extension views (services/extensions/views.ts). */
export const OWN_POLICY_PREFIXES = [`${APP_ORIGIN}/ext-view/`]

/** The strict CSP as a response header on everything the default session loads (the dev server needs HMR's allowances). */
export function applyContentSecurityPolicy(devServerUrl: string | undefined): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    const own = Object.keys(details.responseHeaders ?? {}).some((h) => h.toLowerCase() === 'content-security-policy')
    if (own && OWN_POLICY_PREFIXES.some((p) => details.url.startsWith(p))) return callback({ responseHeaders: details.responseHeaders })
    const policy = devServerUrl
      ? CSP.replace("connect-src 'self'", `connect-src 'self' ws: ${devServerUrl}`).replace(
          "script-src 'self'",
          "script-src 'self' 'unsafe-inline'"
        )
      : CSP
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } })
  })
}

/** The console window; navigation, window.open and webview guards come from guards.ts for every web contents. */
export function createMainWindow(opts: { preload: string; url: string; icon?: string }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Control Console',
    backgroundColor: '#0f1115',
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: secureWebPreferences(opts.preload)
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(opts.url)
  return win
}
