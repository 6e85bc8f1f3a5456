import { BrowserWindow, type App, type Session, type WebContents } from 'electron'
import { APP_HOST, APP_SCHEME } from './protocol'
import { confirmOpenExternal } from './external'

/** Permissions the console's own pages get (desktop notifications; the clipboard for "copy" buttons); all others are denied. */
export const GRANTED_PERMISSIONS: readonly string[] = ['notifications', 'clipboard-sanitized-write']

/** Is this URL (or origin) the console's own renderer: app://console, or the dev server's origin in development? */
export function isTrustedRendererUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host === APP_HOST && !parsed.username && !parsed.password
  if (!devServerUrl) return false
  try {
    return parsed.origin === new URL(devServerUrl).origin
  } catch {
    return false
  }
}

type Trusted = (url: string) => boolean

/** Navigation, redirects, frames, window.open and <webview>: the console's pages may only ever show the console. */
export function hardenWebContents(contents: WebContents, trusted: Trusted): void {
  const ownerWindow = (): BrowserWindow | null => BrowserWindow.fromWebContents(contents)
  // the developer tools' own pages (opened from the View menu) navigate among devtools:// URLs, which no web page can reach
  const allowed = (url: string): boolean => trusted(url) || url.startsWith('devtools://')
  contents.on('will-navigate', (event, url) => {
    if (allowed(url)) return
    event.preventDefault()
    void confirmOpenExternal(ownerWindow(), url)
  })
  contents.on('will-frame-navigate', (details) => {
    if (!allowed(details.url)) details.preventDefault()
  })
  contents.on('will-redirect', (details) => {
    if (!allowed(details.url)) details.preventDefault()
  })
  contents.on('will-attach-webview', (event, webPreferences) => {
    delete webPreferences.preload
    webPreferences.nodeIntegration = false
    webPreferences.contextIsolation = true
    event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    void confirmOpenExternal(ownerWindow(), url)
    return { action: 'deny' }
  })
}

/** Applies the guards to every web contents the app ever creates (windows, frames' hosts, devtools, webviews). */
export function installGlobalGuards(app: App, trusted: Trusted): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, trusted))
}

/** Grants only GRANTED_PERMISSIONS, and only to the console's own origin; no device (HID, serial, USB) access at all. */
export function installPermissionHandlers(session: Session, trusted: Trusted): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(GRANTED_PERMISSIONS.includes(permission) && trusted(details.requestingUrl || contents.getURL()))
  )
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) => GRANTED_PERMISSIONS.includes(permission) && trusted(requestingOrigin)
  )
  session.setDevicePermissionHandler(() => false)
}
