/** Extension views in the desktop app: app://console/ext-view/… answered by the view route with its own policy, which the session keeps. */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { resetState, state } from './__fixtures__/electronStandIn'

vi.mock('electron', () => import('./__fixtures__/electronStandIn'))

import type { PublicRoute } from '../core/httpRoutes'
import { CSP } from '../transport/csp'
import { appProtocolHandler } from './protocol'
import { applyContentSecurityPolicy } from './window'

const VIEW_CSP = "default-src 'none'; script-src 'sha256-abc='; frame-ancestors 'self'; sandbox allow-scripts"
const route: PublicRoute = {
  prefix: '/ext-view/',
  summary: 'views',
  handle: (rest) => (rest === 'n0nce' ? { status: 200, contentType: 'text/html', body: '<p>view</p>', csp: VIEW_CSP } : null)
}

beforeEach(() => resetState())

describe('extension views on app://', () => {
  it('answers a view link with the route’s document and policy, and 404 for an unknown link', async () => {
    const handle = appProtocolHandler('/nonexistent-renderer', undefined, [route])
    const res = await handle({ url: 'app://console/ext-view/n0nce' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toBe(VIEW_CSP)
    expect(await res.text()).toBe('<p>view</p>')
    expect((await handle({ url: 'app://console/ext-view/guess' })).status).toBe(404)
    expect((await handle({ url: 'app://evil/ext-view/n0nce' })).status).toBe(404)
  })

  it('keeps the view’s own policy in the session, and puts the console’s on everything else', () => {
    applyContentSecurityPolicy(undefined)
    const run = (url: string, headers: Record<string, string[]>) => {
      let out: { responseHeaders?: Record<string, string[]> } = {}
      ;(state.headersHook as (d: unknown, cb: (r: typeof out) => void) => void)({ url, responseHeaders: headers }, (r) => (out = r))
      return out.responseHeaders?.['Content-Security-Policy'] ?? out.responseHeaders?.['content-security-policy']
    }
    expect(run('app://console/ext-view/n0nce', { 'content-security-policy': [VIEW_CSP] })).toEqual([VIEW_CSP])
    expect(run('app://console/index.html', { 'content-security-policy': ["script-src 'unsafe-inline'"] })).toEqual([CSP])
    expect(run('app://console/ext-view/n0nce', {})).toEqual([CSP]) // no policy of its own: the console's
  })
})
