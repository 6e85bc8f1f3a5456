import { beforeEach, describe, expect, it, vi } from 'vitest'

/** A stand-in for the `electron` module: records what the shell asks of it. */
const state = vi.hoisted(() => ({
  windows: [] as {
    options: any
    handlers: Record<string, (...a: any[]) => void>
    openHandler?: (d: { url: string }) => unknown
    loaded?: string
  }[],
  dialogResponse: 0,
  opened: [] as string[],
  dialogs: 0
}))

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: any
    constructor(options: any) {
      const record: (typeof state.windows)[number] = { options, handlers: {} }
      state.windows.push(record)
      this.webContents = {
        on: (event: string, fn: (...a: any[]) => void) => (record.handlers[event] = fn),
        setWindowOpenHandler: (fn: any) => (record.openHandler = fn)
      }
      ;(this as any).record = record
    }
    once() {}
    loadFile(f: string) {
      ;(this as any).record.loaded = f
      return Promise.resolve()
    }
    loadURL(u: string) {
      ;(this as any).record.loaded = u
      return Promise.resolve()
    }
  }
  return {
    BrowserWindow,
    dialog: {
      showMessageBox: async () => {
        state.dialogs++
        return { response: state.dialogResponse }
      }
    },
    shell: { openExternal: async (url: string) => void state.opened.push(url) },
    session: { defaultSession: { webRequest: { onHeadersReceived: () => {} }, setPermissionRequestHandler: () => {} } }
  }
})

import { confirmOpenExternal, createMainWindow, isTrustedRendererUrl, secureWebPreferences } from './window'

beforeEach(() => {
  state.windows.length = 0
  state.opened.length = 0
  state.dialogs = 0
  state.dialogResponse = 0
})

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('Electron shell security', () => {
  it('isolates and sandboxes the renderer with no Node', () => {
    const prefs = secureWebPreferences('/app/preload/index.cjs')
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false
    })
  })

  it('creates the window with those preferences and loads the bundled renderer', () => {
    createMainWindow({ preload: '/app/preload/index.cjs', rendererIndex: '/app/renderer/index.html' })
    const win = state.windows[0]!
    expect(win.options.webPreferences.sandbox).toBe(true)
    expect(win.options.webPreferences.contextIsolation).toBe(true)
    expect(win.options.webPreferences.nodeIntegration).toBe(false)
    expect(win.loaded).toBe('/app/renderer/index.html')
  })

  it('blocks navigation away from the app and denies window.open', async () => {
    createMainWindow({ preload: '/p.cjs', rendererIndex: '/app/renderer/index.html' })
    const win = state.windows[0]!
    const prevented = vi.fn()
    win.handlers['will-navigate']!({ preventDefault: prevented }, 'https://example.com/phish')
    expect(prevented).toHaveBeenCalled()
    const inside = vi.fn()
    win.handlers['will-navigate']!({ preventDefault: inside }, 'file:///app/renderer/index.html#/settings')
    expect(inside).not.toHaveBeenCalled()
    expect(win.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    await flush()
    expect(state.dialogs).toBeGreaterThan(0)
  })

  it('opens only http(s) links, and only after the user confirms', async () => {
    await confirmOpenExternal(null, 'file:///etc/passwd')
    await confirmOpenExternal(null, 'javascript:alert(1)')
    expect(state.dialogs).toBe(0)
    state.dialogResponse = 1
    await confirmOpenExternal(null, 'https://example.com/a')
    expect(state.opened).toEqual([])
    state.dialogResponse = 0
    await confirmOpenExternal(null, 'https://example.com/b')
    expect(state.opened).toEqual(['https://example.com/b'])
  })

  it('trusts only the bundled renderer file or the dev server', () => {
    expect(isTrustedRendererUrl('file:///app/renderer/index.html', undefined, '/app/renderer/index.html')).toBe(true)
    expect(isTrustedRendererUrl('file:///tmp/evil.html', undefined, '/app/renderer/index.html')).toBe(false)
    expect(isTrustedRendererUrl('https://evil.example', undefined, '/app/renderer/index.html')).toBe(false)
    expect(isTrustedRendererUrl('http://localhost:5173/#/x', 'http://localhost:5173', '/x/index.html')).toBe(true)
  })
})
