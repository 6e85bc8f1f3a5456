/**
 * The host side of an extension view's bridge: a message from the view's frame (and only from it) that is a well-formed
 * call is forwarded to `extensions:viewCall` for that extension and view (the frame cannot choose which); the answer or
 * the refusal goes back to the frame.
 */
import { ViewCall, type ViewReply } from '../../../../shared/extensionViews'

export type ForwardCall = (method: string, params: unknown) => Promise<{ value: unknown }>

/** The reply to one message from the frame; null for a message that is not a call (ignored). */
export async function answerViewMessage(data: unknown, forward: ForwardCall): Promise<ViewReply | null> {
  const parsed = ViewCall.safeParse(data)
  if (!parsed.success) {
    const id = (data as { t?: unknown; id?: unknown } | null)?.id
    return (data as { t?: unknown } | null)?.t === 'cc-call' && typeof id === 'number'
      ? { t: 'cc-reply', id, ok: false, error: `not a call: ${parsed.error.issues[0]?.message ?? 'bad message'}` }
      : null
  }
  try {
    const { value } = await forward(parsed.data.method, parsed.data.params ?? null)
    return { t: 'cc-reply', id: parsed.data.id, ok: true, value }
  } catch (err) {
    return { t: 'cc-reply', id: parsed.data.id, ok: false, error: err instanceof Error ? err.message : String(err) }
  }
}

/** Listens to one frame's messages; returns the unsubscribe. */
export function attachViewBridge(win: Window, frame: () => HTMLIFrameElement | null, forward: ForwardCall): () => void {
  const onMessage = (e: MessageEvent) => {
    const target = frame()?.contentWindow
    if (!target || e.source !== target) return // another frame or the page itself
    void answerViewMessage(e.data, forward).then((reply) => {
      // the frame's origin is opaque ('null'): '*' is the only target origin that reaches it; the window is fixed
      if (reply) target.postMessage(reply, '*')
    })
  }
  win.addEventListener('message', onMessage)
  return () => win.removeEventListener('message', onMessage)
}
