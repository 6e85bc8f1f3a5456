import path from 'node:path'
import { BrowserWindow, dialog, shell, session, type WebPreferences } from 'electron'
import { CSP } from '../transport/csp'

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
    spellcheck: false
  }
}

/** Is this URL the console's own renderer (file:// bundle or the dev server)? */
export function isTrustedRendererUrl(url: string, devServerUrl: string | undefined, rendererIndex: string): boolean {
  if (devServerUrl && url.startsWith(devServerUrl)) return true
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'file:') return false
    return path.resolve(decodeURIComponent(parsed.pathname)) === path.resolve(rendererIndex)
  } catch {
    return false
  }
}

/** Open http(s) links in the user's browser, only after the user confirms. */
export async function confirmOpenExternal(win: BrowserWindow | null, url: string): Promise<void> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return
  const options = {
    type: 'question' as const,
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this link in your browser?',
    detail: parsed.href
  }
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options)
  if (response === 0) await shell.openExternal(parsed.href)
}

export function applyContentSecurityPolicy(devServerUrl: string | undefined): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    // the dev server needs its websocket and inline preamble; production gets the strict policy
    const policy = devServerUrl
      ? CSP.replace("connect-src 'self'", `connect-src 'self' ws: ${devServerUrl}`).replace(
          "script-src 'self'",
          "script-src 'self' 'unsafe-inline'"
        )
      : CSP
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } })
  })
  session.defaultSession.setPermissionRequestHandler((_wc, permission, allow) => allow(permission === 'notifications'))
}

export function createMainWindow(opts: { preload: string; rendererIndex: string; devServerUrl?: string; icon?: string }): BrowserWindow {
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
  const trusted = (url: string): boolean => isTrustedRendererUrl(url, opts.devServerUrl, opts.rendererIndex)
  win.webContents.on('will-navigate', (event, url) => {
    if (!trusted(url)) {
      event.preventDefault()
      void confirmOpenExternal(win, url)
    }
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    void confirmOpenExternal(win, url)
    return { action: 'deny' }
  })
  win.once('ready-to-show', () => win.show())
  if (opts.devServerUrl) void win.loadURL(opts.devServerUrl)
  else void win.loadFile(opts.rendererIndex)
  return win
}
