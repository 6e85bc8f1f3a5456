import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/contract'
import { AppError, type Envelope } from '../../../shared/errors'
import type { EventName, EventPayload } from '../../../shared/events'

/** What the Electron preload exposes; absent in a browser (serve mode). */
interface Bridge {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>
  on(event: string, callback: (payload: unknown) => void): () => void
}

declare global {
  interface Window {
    consoleBridge?: Bridge
  }
}

const bridge = (): Bridge | undefined => window.consoleBridge

export const transportName = (): 'ipc' | 'http' => (bridge() ? 'ipc' : 'http')

async function invokeHttp(channel: string, input: unknown): Promise<Envelope<unknown>> {
  let res: Response
  try {
    res = await fetch(`/api/rpc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: input === undefined ? '' : JSON.stringify(input)
    })
  } catch (err) {
    return { ok: false, error: { code: 'UNAVAILABLE', message: `the console service is not reachable (${(err as Error).message})` } }
  }
  try {
    return (await res.json()) as Envelope<unknown>
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `unexpected ${res.status} response from the console service` } }
  }
}

/** Call a contract channel on whichever transport this window has; errors come back as AppError. */
export async function call<C extends ChannelName>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const b = bridge()
  const envelope = b ? await b.invoke(channel, input) : await invokeHttp(channel, input)
  if (!envelope.ok) throw AppError.fromBody(envelope.error)
  return envelope.data as ChannelOutput<C>
}

type Listener = (payload: unknown) => void
const listeners = new Map<string, Set<Listener>>()
let source: EventSource | undefined

function ensureEventSource(): void {
  if (source || bridge()) return
  source = new EventSource('/api/events', { withCredentials: true })
  source.onerror = () => {
    // EventSource reconnects by itself; nothing to do but wait
  }
}

/** Subscribe to a pushed event; returns the unsubscribe function. */
export function subscribe<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): () => void {
  const b = bridge()
  if (b) return b.on(event, callback as Listener)
  ensureEventSource()
  let set = listeners.get(event)
  if (!set) {
    set = new Set()
    listeners.set(event, set)
    source!.addEventListener(event, (msg) => {
      const payload = JSON.parse((msg as MessageEvent<string>).data) as unknown
      for (const l of listeners.get(event) ?? []) l(payload)
    })
  }
  set.add(callback as Listener)
  return () => set.delete(callback as Listener)
}

export const describeError = (err: unknown): string =>
  err instanceof AppError ? `${err.message}` : err instanceof Error ? err.message : String(err)
