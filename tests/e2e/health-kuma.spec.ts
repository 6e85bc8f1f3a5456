import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, openRoute, rpc, screenshot, startConsole, test } from './fixtures'

/**
 * Monitoring habits from Uptime Kuma (issue 12 part 6), through the UI in serve mode: test a check before saving,
 * clone a service, conditions on the service page, maintenance by tag and its edit, a public status page.
 */
test.describe.configure({ mode: 'serial' })

let c: Awaited<ReturnType<typeof startConsole>>
let endpoint: http.Server
let endpointUrl = ''

test.beforeAll(async () => {
  c = await startConsole()
  endpoint = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    res.end(JSON.stringify({ queue: { depth: 42 } }))
  })
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve))
  endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/queue`
})

test.afterAll(async () => {
  await c?.stop()
  await new Promise((resolve) => endpoint.close(resolve))
})

test('test this check: runs the unsaved check once, shows status, latency and each condition, saves nothing', async ({ page }) => {
  await openRoute(page, c, '/services/new')
  await page.getByLabel('Name', { exact: true }).fill('queue-api')
  await page.getByLabel('URL').fill(endpointUrl)
  await page.getByLabel('Conditions (one per line)').fill('[STATUS] == 200\n[BODY].queue.depth < 10')
  await page.getByRole('button', { name: 'Test this check' }).click()
  const result = page.getByRole('status', { name: 'Test result' })
  await expect(result).toContainText('DOWN')
  await expect(result).toContainText('HTTP 200')
  await expect(result).toContainText(/\d+(\.\d+)? ms/)
  await expect(result.locator('li', { hasText: '[STATUS] == 200' })).toContainText('✓')
  await expect(result.locator('li', { hasText: '[BODY].queue.depth < 10' })).toContainText('✗')
  await expect(result.locator('li', { hasText: '[BODY].queue.depth < 10' })).toContainText('was 42')
  await result.scrollIntoViewIfNeeded()
  await screenshot(page, 'health-kuma-test-check')
  expect(await rpc(c, 'health:overview', {})).toEqual([]) // nothing was saved
})

test('create, then see the check’s conditions on its service page', async ({ page }) => {
  await openRoute(page, c, '/services/new')
  await page.getByLabel('Name', { exact: true }).fill('queue-api')
  await page.getByLabel('URL').fill(endpointUrl)
  await page.getByLabel('Conditions (one per line)').fill('[STATUS] == 200\n[BODY].queue.depth < 100')
  await page.getByLabel('Tags (one per line)').fill('team=queues')
  await page.getByRole('button', { name: 'Create service' }).click()
  await expect(page).toHaveURL(/#\/services\/\d+$/)
  const check = page.locator('.check-panel').first()
  await expect(check.locator('.check-rule code')).toHaveText(['[STATUS] == 200', '[BODY].queue.depth < 100'])
  await expect(check).toContainText('Accepted status')
  await expect(check.locator('h3 .pill')).toHaveText('UP', { timeout: 30_000 })
  // a brand-new service: the range fits its few minutes of data, not a 24 h axis
  await expect(page.getByRole('button', { name: 'Fit data' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.locator('.toolbar')).toContainText('uptime over 1 h (fits the data)')
  await screenshot(page, 'health-kuma-conditions')
})

test('overview cards of a new service carry no empty placeholder box', async ({ page }) => {
  await openRoute(page, c, '/overview')
  const card = page.locator('.service-card[data-service="queue-api"]')
  await expect(card).toContainText(/· (no latency data yet|hourly trend from the 2nd hour)/)
  await expect(card.locator('.sparkline-empty')).toHaveCount(0)
  await expect(card.locator('.sparkline-row > :nth-child(2)')).toHaveCount(0)
  await screenshot(page, 'health-kuma-overview-card')
})

test('clone a service: the form opens with a "(copy)", creating it leaves the original as it was', async ({ page }) => {
  await openRoute(page, c, '/services')
  await page.getByRole('link', { name: 'queue-api' }).click()
  await page.getByRole('link', { name: 'Clone' }).click()
  await expect(page).toHaveURL(/#\/services\/new\/\d+$/)
  await expect(page.getByRole('heading', { name: 'Clone queue-api' })).toBeVisible()
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('queue-api (copy)')
  await expect(page.getByLabel('URL')).toHaveValue(endpointUrl)
  await expect(page.getByLabel('Conditions (one per line)')).toHaveValue('[STATUS] == 200\n[BODY].queue.depth < 100')
  await page.getByLabel('Environment').fill('staging')
  await screenshot(page, 'health-kuma-clone')
  await page.getByRole('button', { name: 'Create service' }).click()
  await expect(page).toHaveURL(/#\/services\/\d+$/)
  await expect(page.locator('.detail-title h1')).toContainText('queue-api (copy)')
  const services = await rpc<{ name: string; environment: string }[]>(c, 'health:overview', {})
  expect(services.map((s) => `${s.name}@${s.environment}`).sort()).toEqual(['queue-api (copy)@staging', 'queue-api@production'])
})

test('maintenance: a window for a tag, prefilled now → +1 h, then edited to cover an environment', async ({ page }) => {
  await openRoute(page, c, '/services/maintenance')
  const form = page.getByRole('form', { name: 'New maintenance window' })
  const starts = await form.getByLabel('Starts (your local time)').inputValue()
  const ends = await form.getByLabel('Ends (your local time)').inputValue()
  expect(starts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/)
  expect(new Date(ends).getTime() - new Date(starts).getTime()).toBe(3_600_000)
  expect(Math.abs(new Date(starts).getTime() - Date.now())).toBeLessThan(5 * 60_000)
  await form.getByLabel('Title').fill('Queue upgrade')
  await form.getByLabel('Applies to').selectOption('Services with a tag')
  await form.getByRole('button', { name: 'Create window' }).click()
  await expect(form.locator('.field', { hasText: 'Tag' }).locator('.field-error')).toContainText('key or key=value')
  await form.getByLabel('Tag', { exact: true }).fill('team=queues')
  await form.getByRole('button', { name: 'Create window' }).click()
  const row = page.locator('.maintenance-table tbody tr', { hasText: 'Queue upgrade' })
  await expect(row).toContainText('tag team=queues')
  await expect(row).toContainText('in force')
  await expect
    .poll(
      async () => (await rpc<{ name: string; inMaintenance: boolean }[]>(c, 'health:overview', {})).filter((s) => s.inMaintenance).length
    )
    .toBe(2)

  await row.getByRole('button', { name: 'Edit Queue upgrade' }).click()
  const edit = page.getByRole('form', { name: 'Edit maintenance window' })
  await expect(edit.getByLabel('Title')).toHaveValue('Queue upgrade')
  await expect(edit.getByLabel('Tag', { exact: true })).toHaveValue('team=queues')
  await edit.getByLabel('Title').fill('Staging queue upgrade')
  await edit.getByLabel('Applies to').selectOption('An environment')
  await edit.getByRole('combobox', { name: /^Environment/ }).selectOption('staging')
  await screenshot(page, 'health-kuma-maintenance-edit')
  await edit.getByRole('button', { name: 'Save changes' }).click()
  const edited = page.locator('.maintenance-table tbody tr', { hasText: 'Staging queue upgrade' })
  await expect(edited).toContainText('environment staging')
  await expect(page.locator('.maintenance-table tbody tr')).toHaveCount(1)
  const covered = await rpc<{ name: string; inMaintenance: boolean }[]>(c, 'health:overview', {})
  expect(covered.filter((s) => s.inMaintenance).map((s) => s.name)).toEqual(['queue-api (copy)'])
  await screenshot(page, 'health-kuma-maintenance')
})

test('status page: created in the UI, served at /status/<slug> without the token, showing only its services', async ({ page, browser }) => {
  await openRoute(page, c, '/services/status')
  await expect(page.getByText('No status pages')).toBeVisible()
  const form = page.getByRole('form', { name: 'New status page' })
  await form.getByLabel('Title').fill('Queue Status')
  await expect(form.getByLabel('Address')).toHaveValue('queue-status')
  await form.getByLabel('Description (shown on the page)').fill('Public state of the queue API')
  await form.getByRole('checkbox', { name: 'queue-api (production)' }).check()
  await form.getByRole('button', { name: 'Create page' }).click()
  const card = page.getByRole('region', { name: 'Status page Queue Status' })
  await expect(card).toContainText(`${c.url}/status/queue-status`)
  await expect(card).toContainText('Shows: queue-api')
  await card.getByLabel('Note title').fill('Queue delays')
  await card.getByLabel('Details').fill('Messages were delayed by up to 2 minutes; fixed.')
  await card.getByRole('button', { name: 'Add note' }).click()
  await expect(card.locator('.plain-list')).toContainText('Queue delays')
  await screenshot(page, 'health-kuma-status-pages')

  // a stranger: a fresh browser context without the session cookie or the token
  const stranger = await browser.newContext()
  const pub = await stranger.newPage()
  const res = await pub.goto(`${c.url}/status/queue-status`)
  expect(res?.status()).toBe(200)
  expect(res?.headers()['content-security-policy']).toContain("default-src 'none'")
  await expect(pub.getByRole('heading', { name: 'Queue Status' })).toBeVisible()
  await expect(pub.getByRole('status')).toContainText('All systems operational')
  await expect(pub.locator('.svc')).toHaveCount(1)
  await expect(pub.locator('.svc')).toContainText('queue-api')
  await expect(pub.locator('body')).not.toContainText('(copy)')
  await expect(pub.locator('.svc .bars span')).toHaveCount(90)
  await expect(pub.locator('.note')).toContainText('Queue delays')
  await screenshot(pub, 'health-kuma-status-public')
  const json = await (await stranger.request.get(`${c.url}/status/queue-status.json`)).json()
  expect(json.services.map((s: { name: string }) => s.name)).toEqual(['queue-api'])
  // the rest of the console stays shut for the stranger
  expect((await stranger.request.get(`${c.url}/`)).status()).toBe(401)
  expect((await stranger.request.post(`${c.url}/api/rpc/health:overview`, { data: {} })).status()).toBe(401)
  await stranger.close()
})
