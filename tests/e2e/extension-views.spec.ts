import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { expect, rpc, screenshot, startConsole, test } from './fixtures'

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
const EXAMPLE = path.join(repoRoot, 'examples/extensions/http-tools')

let c: Awaited<ReturnType<typeof startConsole>>
let server: http.Server
const hits: string[] = []
test.beforeAll(async () => {
  c = await startConsole()
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '')
    res.setHeader('access-control-allow-origin', '*')
    res.end('reached')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
})
test.afterAll(async () => {
  server?.close()
  await c?.stop()
})

test('an extension view renders in a sandboxed frame, makes an allowed call, and reaches neither the console nor the network', async ({
  page
}) => {
  test.setTimeout(90_000)
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  await rpc(c, 'services:create', { name: 'checkout-api', checks: [] })
  const preview = await rpc(c, 'extensions:inspect', { source: { kind: 'folder', path: EXAMPLE } })
  await rpc(c, 'extensions:install', { token: preview.token, grant: ['health:read'], allowUnsigned: true })

  await page.goto(c.openUrl + '#/extensions/http-tools')
  const iframe = page.locator('iframe[title="Services it can see (extension view)"]')
  await expect(iframe).toHaveAttribute('sandbox', 'allow-scripts')
  await expect(iframe).toHaveAttribute('csp', /^default-src 'none'; script-src 'sha256-/)
  const frame = page.frameLocator('iframe[title="Services it can see (extension view)"]')
  // the allowed call: health.services through the bridge (granted health:read)
  await expect(frame.getByText('checkout-api')).toBeVisible({ timeout: 15_000 })
  // a call beyond the grant is refused by the console, and the refusal is in the extension's log
  await frame.getByRole('button', { name: 'Try a call beyond the grant' }).click()
  await expect(frame.getByText('permission denied: alerts.signal needs "alerts:write", which this extension was not granted')).toBeVisible()
  await expect(page.getByText(/refused alerts\.signal from the view services/)).toBeVisible({ timeout: 10_000 })

  const view = page.frames().find((f) => f.url().includes('/ext-view/'))!
  expect(view).toBeTruthy()
  // no way into the console's page: an opaque origin
  expect(await view.evaluate(() => window.origin)).toBe('null')
  expect(
    await view.evaluate(() => {
      try {
        return `read ${window.parent.document.title}`
      } catch (e) {
        return `blocked: ${(e as Error).name}`
      }
    })
  ).toBe('blocked: SecurityError')
  expect(
    await view.evaluate(() => {
      try {
        return `read ${document.cookie}${localStorage.length}`
      } catch (e) {
        return `blocked: ${(e as Error).name}`
      }
    })
  ).toBe('blocked: SecurityError')
  // no network: the policy refuses fetch to anywhere, loopback and the console itself included
  const port = (server.address() as AddressInfo).port
  const fetched = await view.evaluate(
    (urls) =>
      Promise.all(
        urls.map((u) =>
          fetch(u).then(
            (r) => `reached ${r.status}`,
            (e: Error) => `refused: ${e.name}`
          )
        )
      ),
    [`http://127.0.0.1:${port}/from-view`, `${c.url}/api/health`]
  )
  expect(fetched).toEqual(['refused: TypeError', 'refused: TypeError'])
  expect(hits).toEqual([])
  // and a script the page did not ship (not in its policy's hashes) does not run
  expect(
    await view.evaluate(() => {
      const s = document.createElement('script')
      s.textContent = 'window.injected = true'
      document.body.append(s)
      return (window as unknown as { injected?: boolean }).injected === true
    })
  ).toBe(false)

  await iframe.scrollIntoViewIfNeeded()
  await screenshot(page, 'extensions-view')
  // expected: the refused call (403) and the policy's refusals above; nothing else
  expect(errors.filter((e) => !/status of 403 \(Forbidden\)|Content Security Policy|frame-ancestors/.test(e))).toEqual([])
})
