/**
 * A stand-in for the `electron` module (there is no Electron binary on CI): it records what the shell asks of it, so
 * tests can assert options, handlers and their order, and call the handlers the shell installs.
 * Use with `vi.mock('electron', () => import('./__fixtures__/electronStandIn'))`.
 */
type Fn = (...a: any[]) => any
type Backend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown'

export const state = {
  calls: [] as string[],
  windows: [] as BrowserWindow[],
  schemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
  protocolHandlers: {} as Record<string, Fn>,
  permissionRequest: undefined as Fn | undefined,
  permissionCheck: undefined as Fn | undefined,
  devicePermission: undefined as Fn | undefined,
  headersHook: undefined as Fn | undefined,
  ipc: {} as Record<string, Fn>,
  dialogs: 0,
  dialogResponse: 0,
  opened: [] as string[],
  keychain: { available: true, backend: 'gnome_libsecret' as Backend },
  userData: '/nonexistent'
}

export function resetState(): void {
  state.calls.length = 0
  state.windows.length = 0
  state.schemes.length = 0
  state.protocolHandlers = {}
  state.permissionRequest = state.permissionCheck = state.devicePermission = state.headersHook = undefined
  state.ipc = {}
  state.dialogs = 0
  state.dialogResponse = 0
  state.opened.length = 0
  state.keychain = { available: true, backend: 'gnome_libsecret' }
  app.handlers = {}
}

class Emitter {
  handlers: Record<string, Fn[]> = {}
  on(event: string, fn: Fn): this {
    ;(this.handlers[event] ??= []).push(fn)
    return this
  }
  once(event: string, fn: Fn): this {
    return this.on(event, fn)
  }
  emit(event: string, ...args: unknown[]): void {
    for (const fn of this.handlers[event] ?? []) fn(...args)
  }
}

export class WebContents extends Emitter {
  url = ''
  openHandler: Fn | undefined
  sent: unknown[][] = []
  setWindowOpenHandler(fn: Fn): void {
    this.openHandler = fn
  }
  getURL(): string {
    return this.url
  }
  send(...args: unknown[]): void {
    this.sent.push(args)
  }
  isDestroyed(): boolean {
    return false
  }
}

/** A navigation-style event: records preventDefault. */
export const navEvent = (extra: Record<string, unknown> = {}): { prevented: boolean; preventDefault(): void } & Record<string, unknown> => {
  const e = {
    prevented: false,
    preventDefault() {
      e.prevented = true
    },
    ...extra
  }
  return e
}

class AppStandIn extends Emitter {
  isPackaged = true
  enableSandbox(): void {
    state.calls.push('app.enableSandbox')
  }
  requestSingleInstanceLock(): boolean {
    return true
  }
  whenReady(): Promise<void> {
    state.calls.push('app.whenReady')
    return Promise.resolve()
  }
  getPath(): string {
    return state.userData
  }
  quit(): void {}
  exit(): void {}
}
export const app = new AppStandIn()

export class BrowserWindow extends Emitter {
  webContents = new WebContents()
  loaded: string | undefined
  constructor(readonly options: Record<string, any>) {
    super()
    state.windows.push(this)
    app.emit('web-contents-created', {}, this.webContents) // as Electron does for every new web contents
  }
  show(): void {}
  focus(): void {}
  loadURL(url: string): Promise<void> {
    state.calls.push(`window.loadURL ${url}`)
    this.loaded = url
    this.webContents.url = url
    return Promise.resolve()
  }
  loadFile(file: string): Promise<void> {
    state.calls.push(`window.loadFile ${file}`)
    this.loaded = file
    return Promise.resolve()
  }
  static getAllWindows(): BrowserWindow[] {
    return state.windows
  }
  static fromWebContents(wc: WebContents): BrowserWindow | null {
    return state.windows.find((w) => w.webContents === wc) ?? null
  }
}

export const protocol = {
  registerSchemesAsPrivileged(schemes: typeof state.schemes): void {
    state.calls.push('protocol.registerSchemesAsPrivileged')
    state.schemes.push(...schemes)
  },
  handle(scheme: string, fn: Fn): void {
    state.calls.push(`protocol.handle ${scheme}`)
    state.protocolHandlers[scheme] = fn
  }
}

export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived(fn: Fn): void {
        state.headersHook = fn
      }
    },
    setPermissionRequestHandler(fn: Fn): void {
      state.calls.push('session.setPermissionRequestHandler')
      state.permissionRequest = fn
    },
    setPermissionCheckHandler(fn: Fn): void {
      state.calls.push('session.setPermissionCheckHandler')
      state.permissionCheck = fn
    },
    setDevicePermissionHandler(fn: Fn): void {
      state.devicePermission = fn
    }
  }
}

export const dialog = {
  async showMessageBox(): Promise<{ response: number }> {
    state.dialogs++
    return { response: state.dialogResponse }
  },
  showErrorBox(title: string, body: string): void {
    state.calls.push(`dialog.showErrorBox ${title}: ${body}`)
  }
}

export const shell = {
  async openExternal(url: string): Promise<void> {
    state.opened.push(url)
  }
}

/** Like Chromium's basic_text backend, a reversible wrapping; good enough to tell which store sealed a secret. */
export const safeStorage = {
  isEncryptionAvailable: (): boolean => state.keychain.available,
  getSelectedStorageBackend: (): Backend => state.keychain.backend,
  encryptString: (plain: string): Buffer => Buffer.from(`keychain:${plain}`),
  decryptString: (sealed: Buffer): string => {
    const text = sealed.toString()
    if (!text.startsWith('keychain:')) throw new Error('not sealed by the keychain')
    return text.slice('keychain:'.length)
  }
}

export const utilityProcess = {
  fork: () => {
    throw new Error('the stand-in has no utility process')
  }
}

export const ipcMain = {
  handle(channel: string, fn: Fn): void {
    state.ipc[channel] = fn
  },
  removeHandler(channel: string): void {
    delete state.ipc[channel]
  }
}

export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu(): void {
    state.calls.push('Menu.setApplicationMenu')
  }
}

export class Notification {
  static isSupported(): boolean {
    return false
  }
  show(): void {}
}

/** Preload side: what the preload exposes to the page, and the IPC messages it sends. */
export const exposed: Record<string, unknown> = {}
export const ipcRendererCalls: unknown[][] = []
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    exposed[key] = api
  }
}
export const ipcRenderer = Object.assign(new Emitter(), {
  invoke(...args: unknown[]): Promise<unknown> {
    ipcRendererCalls.push(args)
    return Promise.resolve({ ok: true, data: null })
  },
  removeListener(event: string, fn: Fn): void {
    ipcRenderer.handlers[event] = (ipcRenderer.handlers[event] ?? []).filter((f) => f !== fn)
  }
})
