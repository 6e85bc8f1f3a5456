/**
 * Extension views: an HTML file of the extension shown in an `<iframe sandbox="allow-scripts">` (no allow-same-origin:
 * an opaque origin, no access to the console's DOM, storage or cookies) under a strict Content-Security-Policy: only
 * the document's own inline scripts and styles (by hash) run, nothing loads from anywhere. The frame talks to the console
 * only by postMessage; the host bridge forwards each call to `extensions:viewCall`, which checks the grant.
 */
import { z } from 'zod'

export const VIEW_SANDBOX = 'allow-scripts'

/** The policy of a view's document: its inline scripts and styles by hash; no network, no forms, no frames, no plugins. */
export function viewPolicy(hashes: { scripts: string[]; styles: string[] }): string {
  const list = (h: string[]) => (h.length ? h.map((x) => `'sha256-${x}'`).join(' ') : "'none'")
  return [
    "default-src 'none'",
    `script-src ${list(hashes.scripts)}`,
    `style-src ${list(hashes.styles)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'"
  ].join('; ')
}

/** What the view posts to the console: one API call (`health.services`, `net.fetch`, `commands.run` …). */
export const ViewCall = z.strictObject({
  t: z.literal('cc-call'),
  id: z.int().min(0).max(1e9),
  method: z.string().regex(/^[a-z]+\.[a-zA-Z]+$/, 'an API call such as health.services'),
  params: z.unknown().optional()
})
export type ViewCall = z.infer<typeof ViewCall>

/** What the console posts back. */
export type ViewReply = { t: 'cc-reply'; id: number; ok: true; value: unknown } | { t: 'cc-reply'; id: number; ok: false; error: string }

/**
 * Put at the top of every view by the console: `console_.call(method, params)` → a promise of the answer. It only
 * posts to the parent and listens for replies from it.
 */
export const BRIDGE_SCRIPT = `(() => {
  let seq = 0
  const pending = new Map()
  window.addEventListener('message', (e) => {
    if (e.source !== window.parent || !e.data || e.data.t !== 'cc-reply') return
    const p = pending.get(e.data.id)
    if (!p) return
    pending.delete(e.data.id)
    e.data.ok ? p.resolve(e.data.value) : p.reject(new Error(e.data.error))
  })
  window.console_ = {
    call: (method, params) =>
      new Promise((resolve, reject) => {
        const id = ++seq
        pending.set(id, { resolve, reject })
        window.parent.postMessage({ t: 'cc-call', id, method, params }, '*')
      })
  }
})()`
