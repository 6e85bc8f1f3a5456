import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'

// Kept in step with src/main/transport/ipc.ts (the preload is bundled alone, sandboxed).
const RPC_CHANNEL = 'cc:rpc'
const EVENT_CHANNEL = 'cc:event'
const NAME = /^[a-z][a-zA-Z-]*:[a-zA-Z-]+$/

/** The whole surface the renderer gets: invoke a channel, listen to an event. */
const bridge = {
  invoke(channel: string, input: unknown): Promise<unknown> {
    if (typeof channel !== 'string' || !NAME.test(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'VALIDATION', message: `channel: ${String(channel)} is not a channel name`, field: 'channel' }
      })
    }
    return ipcRenderer.invoke(RPC_CHANNEL, channel, input)
  },
  on(event: string, callback: (payload: unknown) => void): () => void {
    const listener = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) callback(payload)
    }
    ipcRenderer.on(EVENT_CHANNEL, listener)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, listener)
  }
}

contextBridge.exposeInMainWorld('consoleBridge', bridge)
