import type { Envelope } from '../../shared/errors'
import type { App } from '../app'
import { dispatch } from './dispatch'
import { desktopCaller } from './localCaller'

export const RPC_CHANNEL = 'cc:rpc'
export const EVENT_CHANNEL = 'cc:event'

/** The slice of Electron's ipcMain this binding needs (kept structural so it is testable without Electron). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}
export interface IpcEventLike {
  senderFrame: { url: string } | null
}
export interface WebContentsLike {
  send(channel: string, ...args: unknown[]): void
  isDestroyed(): boolean
}

/** Bind the contract to IPC: only frames whose URL passes `trustedUrl` may call. */
export function bindIpc(app: App, ipc: IpcMainLike, trustedUrl: (url: string) => boolean, targets: () => WebContentsLike[]): () => void {
  ipc.handle(RPC_CHANNEL, async (event, channel, input): Promise<Envelope<unknown>> => {
    const url = event.senderFrame?.url ?? ''
    if (!trustedUrl(url)) {
      app.logger.warn('refused IPC call from untrusted frame', { url: url.slice(0, 200) })
      return { ok: false, error: { code: 'FORBIDDEN', message: 'calls are accepted only from the console window' } }
    }
    return dispatch(app.handlers, channel, input, { transport: 'ipc', caller: desktopCaller() }, { logger: app.logger, audit: app.audit })
  })
  const unsubscribe = app.bus.onView((name, payload) => {
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, name, payload)
  })
  return () => {
    ipc.removeHandler(RPC_CHANNEL)
    unsubscribe()
  }
}
