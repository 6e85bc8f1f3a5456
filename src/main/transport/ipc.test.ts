import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../tests/helpers/app'
import { bindIpc, EVENT_CHANNEL, RPC_CHANNEL, type IpcMainLike } from './ipc'

let t: TestApp
afterEach(async () => t && (await t.cleanup()))

function fakeIpc() {
  const handlers = new Map<string, (event: any, ...args: unknown[]) => unknown>()
  const ipc: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) }
  return { ipc, handlers }
}

describe('IPC binding', () => {
  it('checks the sender frame on every call', async () => {
    t = tempApp()
    const { ipc, handlers } = fakeIpc()
    bindIpc(
      t.app,
      ipc,
      (url) => url === 'file:///app/index.html',
      () => []
    )
    const call = handlers.get(RPC_CHANNEL)!
    const ok = (await call({ senderFrame: { url: 'file:///app/index.html' } }, 'workspace:info', undefined)) as any
    expect(ok.ok).toBe(true)
    const evil = (await call({ senderFrame: { url: 'https://evil.example' } }, 'workspace:info', undefined)) as any
    expect(evil).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const noFrame = (await call({ senderFrame: null }, 'workspace:info', undefined)) as any
    expect(noFrame.ok).toBe(false)
    const invalid = (await call({ senderFrame: { url: 'file:///app/index.html' } }, 'workspace:rename', { name: 42 })) as any
    expect(invalid.error).toMatchObject({ code: 'VALIDATION', field: 'name' })
  })

  it('forwards bus events to live windows only', () => {
    t = tempApp()
    const { ipc } = fakeIpc()
    const sent: unknown[][] = []
    const live = { send: (...a: unknown[]) => void sent.push(a), isDestroyed: () => false }
    const dead = {
      send: () => {
        throw new Error('destroyed')
      },
      isDestroyed: () => true
    }
    const unbind = bindIpc(
      t.app,
      ipc,
      () => true,
      () => [live, dead]
    )
    t.app.workspace.rename('x')
    expect(sent[0]![0]).toBe(EVENT_CHANNEL)
    expect(sent[0]![1]).toBe('workspace:changed')
    unbind()
    t.app.workspace.rename('y')
    expect(sent).toHaveLength(1)
  })

  it('1,000 windows opened and closed leave no listener behind: one subscription serves whatever windows exist', () => {
    t = tempApp()
    const { ipc } = fakeIpc()
    const listeners = t.app.bus.size
    let windows: { send: (...a: unknown[]) => void; isDestroyed: () => boolean; got: number }[] = []
    const unbind = bindIpc(
      t.app,
      ipc,
      () => true,
      () => windows
    )
    expect(t.app.bus.size).toBe(listeners + 1)
    for (let i = 0; i < 1000; i++) {
      const w = { got: 0, send: () => void w.got++, isDestroyed: () => false }
      windows.push(w)
      t.app.bus.publish('workspace:changed', { reason: 'renamed', at: i })
      windows = windows.filter((x) => x !== w) // closed: Electron no longer lists it
      expect(w.got).toBe(1)
    }
    expect(t.app.bus.size).toBe(listeners + 1)
    unbind()
    expect(t.app.bus.size).toBe(listeners)
  })
})
