import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { app, state } from './__fixtures__/electronStandIn'

vi.mock('electron', () => import('./__fixtures__/electronStandIn'))

/** The shell's start-up wiring, run against the stand-in: what is installed, and in which order. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-electron-main-'))
beforeAll(async () => {
  state.userData = dir
  vi.stubEnv('CONSOLE_WORKSPACE', path.join(dir, 'workspace.db'))
  state.keychain = { available: true, backend: 'basic_text' }
  await import('./main')
  await vi.waitFor(() => expect(state.windows).toHaveLength(1))
})
afterAll(async () => {
  app.emit('will-quit')
  await new Promise((r) => setTimeout(r, 50))
  vi.unstubAllEnvs()
  fs.rmSync(dir, { recursive: true, force: true })
})

const order = (call: string): number => {
  const i = state.calls.findIndex((c) => c.startsWith(call))
  expect(i, `${call} was called`).toBeGreaterThanOrEqual(0)
  return i
}

describe('Electron main process start-up', () => {
  it('registers the app:// scheme, the global guards and the sandbox before the app is ready', () => {
    expect(order('protocol.registerSchemesAsPrivileged')).toBeLessThan(order('app.whenReady'))
    expect(order('app.enableSandbox')).toBeLessThan(order('app.whenReady'))
    expect(app.handlers['web-contents-created']).toHaveLength(1)
  })

  it('serves app://, installs the permission handlers, then opens the window on app://console', () => {
    expect(order('protocol.handle app')).toBeLessThan(order('window.loadURL'))
    expect(order('session.setPermissionRequestHandler')).toBeLessThan(order('window.loadURL'))
    expect(order('session.setPermissionCheckHandler')).toBeLessThan(order('window.loadURL'))
    expect(state.windows[0]!.loaded).toBe('app://console/index.html')
    expect(state.windows[0]!.webContents.handlers['will-navigate']).toHaveLength(1)
  })

  it('answers IPC from the app:// window, on any install path, and refuses other frames', async () => {
    const rpc = state.ipc['cc:rpc']!
    const own = await rpc({ senderFrame: { url: 'app://console/index.html#/overview' } }, 'system:info', undefined)
    expect(own.ok).toBe(true)
    expect(own.data.secrets.kind).toBe('key-file') // basic_text on Linux is not encryption
    const file = await rpc({ senderFrame: { url: 'file:///C:/Program%20Files/Control%20Console/index.html' } }, 'system:info', undefined)
    expect(file).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const gone = await rpc({ senderFrame: null }, 'system:info', undefined)
    expect(gone).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})
