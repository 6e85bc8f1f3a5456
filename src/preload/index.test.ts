import { describe, expect, it, vi } from 'vitest'
import { exposed, ipcRenderer, ipcRendererCalls } from '../main/electron/__fixtures__/electronStandIn'

vi.mock('electron', () => import('../main/electron/__fixtures__/electronStandIn'))

/** Checklist 20: the page gets two functions over one IPC channel each, never ipcRenderer or another Electron API. */
describe('preload bridge', () => {
  it('exposes exactly invoke and on, as plain functions', async () => {
    await import('./index')
    expect(Object.keys(exposed)).toEqual(['consoleBridge'])
    const bridge = exposed.consoleBridge as Record<string, unknown>
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on'])
    for (const v of Object.values(bridge)) expect(typeof v).toBe('function')
  })

  it('sends only well-formed channel names over the one RPC channel', async () => {
    await import('./index')
    const bridge = exposed.consoleBridge as { invoke(c: unknown, i: unknown): Promise<any> }
    expect(await bridge.invoke('system:info', undefined)).toEqual({ ok: true, data: null })
    expect(ipcRendererCalls).toEqual([['cc:rpc', 'system:info', undefined]])
    for (const bad of ['../x', 'system', 42, 'ELECTRON_BROWSER_REQUIRE:x']) {
      const res = await bridge.invoke(bad, {})
      expect(res.ok, String(bad)).toBe(false)
    }
    expect(ipcRendererCalls).toHaveLength(1)
  })

  it('hands listeners the payload only (never the IPC event with its sender) and unsubscribes', async () => {
    await import('./index')
    const bridge = exposed.consoleBridge as { on(e: string, cb: (...a: unknown[]) => void): () => void }
    const got: unknown[][] = []
    const off = bridge.on('workspace:changed', (...a) => got.push(a))
    ipcRenderer.emit('cc:event', { sender: 'ipc event' }, 'workspace:changed', { reason: 'renamed' })
    ipcRenderer.emit('cc:event', { sender: 'ipc event' }, 'other:event', {})
    expect(got).toEqual([[{ reason: 'renamed' }]])
    off()
    ipcRenderer.emit('cc:event', {}, 'workspace:changed', { reason: 'again' })
    expect(got).toHaveLength(1)
  })
})
