/** The view frame's attributes (sandbox without allow-same-origin, the required policy) and the host bridge's rules. */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { viewPolicy } from '../../../../shared/extensionViews'
import { ViewFrame } from './ExtensionViews'
import { answerViewMessage, attachViewBridge } from './viewBridge'

describe('the extension view frame', () => {
  it('is sandboxed with allow-scripts only, requires the strict policy, sends no referrer and allows no features', () => {
    const csp = viewPolicy({ scripts: ['abc='], styles: [] })
    const html = renderToStaticMarkup(createElement(ViewFrame, { url: '/ext-view/n0nce', csp, title: 'Services' }))
    const attrs = Object.fromEntries(
      [...html.matchAll(/ ([a-z-]+)="([^"]*)"/gi)].map((m) => [m[1]!.toLowerCase(), m[2]!.replace(/&#x27;/g, "'")])
    )
    expect(attrs['sandbox']).toBe('allow-scripts')
    expect(attrs['sandbox']).not.toContain('allow-same-origin')
    expect(attrs['csp']).toBe(
      "default-src 'none'; script-src 'sha256-abc='; style-src 'none'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    expect(attrs['src']).toBe('/ext-view/n0nce')
    expect(attrs['referrerpolicy']).toBe('no-referrer')
    expect(attrs['allow']).toBe('')
  })
})

describe('the host bridge', () => {
  it('forwards a well-formed call and answers with its value or its refusal', async () => {
    const seen: unknown[] = []
    const ok = await answerViewMessage(
      { t: 'cc-call', id: 1, method: 'health.services' },
      async (m, p) => (seen.push([m, p]), { value: ['api'] })
    )
    expect(ok).toEqual({ t: 'cc-reply', id: 1, ok: true, value: ['api'] })
    expect(seen).toEqual([['health.services', null]])
    const refused = await answerViewMessage({ t: 'cc-call', id: 2, method: 'net.fetch', params: { url: 'https://x.org' } }, async () => {
      throw new Error('permission denied: net.fetch needs "net:https://x.org"')
    })
    expect(refused).toEqual({ t: 'cc-reply', id: 2, ok: false, error: 'permission denied: net.fetch needs "net:https://x.org"' })
  })

  it('ignores what is not a call, refuses a malformed call, and never forwards either', async () => {
    const forward = async () => {
      throw new Error('must not be called')
    }
    expect(await answerViewMessage('hello', forward)).toBeNull()
    expect(await answerViewMessage({ t: 'other' }, forward)).toBeNull()
    expect(await answerViewMessage({ t: 'cc-call', id: 3, method: '../../etc', extra: 1 }, forward)).toMatchObject({ id: 3, ok: false })
  })

  it('listens only to its own frame', async () => {
    const listeners: ((e: MessageEvent) => void)[] = []
    const win = {
      addEventListener: (_: string, fn: (e: MessageEvent) => void) => listeners.push(fn),
      removeEventListener: () => {}
    } as unknown as Window
    const posted: unknown[] = []
    const frameWindow = { postMessage: (m: unknown) => posted.push(m) }
    const calls: string[] = []
    attachViewBridge(
      win,
      () => ({ contentWindow: frameWindow }) as unknown as HTMLIFrameElement,
      async (m) => (calls.push(m), { value: 1 })
    )
    listeners[0]!({ source: {}, data: { t: 'cc-call', id: 1, method: 'health.services' } } as unknown as MessageEvent)
    listeners[0]!({ source: frameWindow, data: { t: 'cc-call', id: 2, method: 'health.services' } } as unknown as MessageEvent)
    await new Promise((r) => setTimeout(r, 10))
    expect(calls).toEqual(['health.services'])
    expect(posted).toEqual([{ t: 'cc-reply', id: 2, ok: true, value: 1 }])
  })
})
