import { afterEach, describe, expect, it } from 'vitest'
import { rawRequest, servedApp, type ServedApp } from '../../../../tests/helpers/serve'
import { DAY } from './statusPageRepo'

let s: ServedApp | undefined
afterEach(async () => {
  await s?.cleanup()
  s = undefined
})

const check = (url: string) => ({
  name: 'health',
  intervalS: 60,
  paused: true,
  config: { kind: 'http', url }
})

/** Three services (one never to be shown), a page for two of them, an hour of rollups and a note. */
async function published() {
  s = await servedApp()
  const make = async (name: string, description: string, url: string) =>
    (await s!.rpc('services:create', { name, description, tags: { team: 'x' }, checks: [check(url)] })).json.data.id as number
  const checkout = await make('checkout', '', 'http://127.0.0.1:9/checkout-health')
  const search = await make('search', '', 'http://127.0.0.1:9/search-health')
  await make('secret-billing', 'internal only: do not publish', 'http://10.1.2.3/very-private')
  const page = await s.rpc('statusPages:save', {
    slug: 'shop',
    title: 'Shop status',
    description: 'Our public shop',
    serviceIds: [checkout, search]
  })
  expect(page.status).toBe(200)
  const checkId = s.app.health.serviceDetail(checkout).checks[0]!.id
  const hour = Math.floor(s.app.clock.now() / 3_600_000) * 3_600_000
  s.app.db
    .prepare(
      `INSERT INTO rollup_hour (check_id, bucket, count, failures, degraded, maintenance, lat_min, lat_max, lat_sum, p50, p95, p99, hist)
       VALUES (?, ?, 4, 1, 0, 0, 1, 2, 6, 1, 2, 2, x'')`
    )
    .run(checkId, hour)
  await s.rpc('statusPages:addNote', { pageId: page.json.data.id, title: 'Payments slow', body: 'Card payments took <b>30 s</b>.' })
  return { checkout, search, pageId: page.json.data.id as number }
}

describe('public status pages in serve mode', () => {
  it('serves /status/<slug> and its JSON without the token, with only the chosen services', async () => {
    await published()
    const html = await rawRequest(`${s!.server.url}/status/shop`)
    expect(html.status).toBe(200)
    expect(html.headers['content-type']).toContain('text/html')
    expect(html.headers['set-cookie']).toBeUndefined()
    const csp = String(html.headers['content-security-policy'])
    expect(csp).toContain("default-src 'none'")
    expect(csp).toMatch(/style-src 'sha256-[^']+'/)
    expect(csp).not.toContain('unsafe')
    expect(csp).not.toContain('script-src')
    expect(html.headers['x-frame-options']).toBe('DENY')
    expect(html.body).toContain('Shop status')
    expect(html.body).toContain('checkout')
    expect(html.body).toContain('Card payments took &lt;b&gt;30 s&lt;/b&gt;.') // escaped, never markup
    expect(html.body).not.toContain('<script')
    for (const hidden of ['secret-billing', 'internal only', '127.0.0.1:9', 'very-private', 'team'])
      expect(html.body, hidden).not.toContain(hidden)

    const res = await fetch(`${s!.server.url}/status/shop.json`)
    expect(res.status).toBe(200)
    const text = await res.text()
    for (const hidden of ['secret-billing', 'internal only', '127.0.0.1', 'very-private', '"id"', 'environment'])
      expect(text, hidden).not.toContain(hidden)
    const body = JSON.parse(text)
    expect(body.services.map((x: { name: string }) => x.name)).toEqual(['checkout', 'search'])
    const days = body.services[0].days
    expect(days).toHaveLength(90)
    expect(days.at(-1)).toMatchObject({
      day: new Date(Math.floor(Date.now() / DAY) * DAY).toISOString().slice(0, 10),
      uptime: 0.75,
      checks: 4
    })
    expect(days[0].uptime).toBeNull()
    expect(body.services[1].uptime).toBeNull()
    expect(body.notes).toEqual([expect.objectContaining({ title: 'Payments slow' })])
  })

  it('leaves every other route behind the token, and unknown or non-GET status paths get nothing', async () => {
    await published()
    const url = s!.server.url
    for (const path of ['/', '/index.html', '/api/openapi.json', '/api/events', '/metrics'])
      expect((await fetch(url + path)).status, path).toBe(401)
    for (const channel of ['statusPages:list', 'statusPages:preview', 'health:overview', 'services:get']) {
      const r = await fetch(`${url}/api/rpc/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"id":1}'
      })
      expect(r.status, channel).toBe(401)
    }
    expect((await fetch(`${url}/status/nope`)).status).toBe(404)
    expect((await fetch(`${url}/status/`)).status).toBe(404)
    expect((await fetch(`${url}/status/shop/extra`)).status).toBe(404)
    expect((await rawRequest(`${url}/status/..%2Fapi%2Frpc%2Fhealth:overview`)).status).toBe(404)
    expect((await fetch(`${url}/status/shop`, { method: 'POST', body: '' })).status).toBe(405)
    // a token on a status page's URL opens no session
    const withToken = await rawRequest(`${url}/status/shop?token=${s!.token}`)
    expect(withToken.status).toBe(200)
    expect(withToken.headers['set-cookie']).toBeUndefined()
  })

  it('pages are edited and deleted by their owner; slugs are unique; deleted services drop off', async () => {
    const { checkout, search, pageId } = await published()
    const clash = await s!.rpc('statusPages:save', { slug: 'shop', title: 'Other', serviceIds: [search] })
    expect(clash.json.error).toMatchObject({ code: 'CONFLICT', field: 'slug' })
    const unknown = await s!.rpc('statusPages:save', { slug: 'x', title: 'X', serviceIds: [999] })
    expect(unknown.json.error).toMatchObject({ code: 'VALIDATION', field: 'serviceIds.0' })
    const bad = await s!.rpc('statusPages:save', { slug: 'Not OK', title: 'X', serviceIds: [] })
    expect(bad.status).toBe(400)
    expect((await fetch(`${s!.server.url}/status/shop`)).status).toBe(200) // cached now: the edit below must not be hidden by it
    expect((await s!.rpc('statusPages:save', { id: pageId, slug: 'store', title: 'Store', serviceIds: [search, checkout] })).status).toBe(
      200
    )
    expect((await fetch(`${s!.server.url}/status/shop`)).status).toBe(404)
    await s!.rpc('services:delete', { id: search })
    const [page] = (await s!.rpc('statusPages:list', {})).json.data
    expect(page).toMatchObject({ slug: 'store', title: 'Store', serviceNames: ['checkout'], path: '/status/store' })
    await s!.rpc('statusPages:deleteNote', { id: page.notes[0].id })
    await s!.rpc('statusPages:delete', { id: pageId })
    expect((await s!.rpc('statusPages:list', {})).json.data).toEqual([])
  })
})
