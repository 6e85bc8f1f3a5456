import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, openRoute, rpc as rpcOf, screenshot, startConsole, test } from './fixtures'

/**
 * An incident end to end in serve mode: a service whose /api/health answers 503 with postgres down fires its default
 * rule; the toast, the palette and the alerts list lead to the incident page, which shows what postgres said, takes an
 * acknowledgement and a note, links to the rule, the logs and (with a base URL) itself; recovery shows a resolved toast.
 */
test.describe.configure({ mode: 'serial' })

const SERVICE = 'e2e-shop'
let healthy = true
let target: http.Server
let receiver: http.Server
const received: { alert: { url: string | null; failure: { components: { output: string | null }[] } | null } }[] = []
let c: Awaited<ReturnType<typeof startConsole>>
let checkId = 0
let hookId = 0

const listen = async (s: http.Server): Promise<string> => {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}
const rpc = <T = any>(channel: string, input?: unknown): Promise<T> => rpcOf<T>(c, channel, input)
const runCheck = async (times: number): Promise<void> => {
  for (let i = 0; i < times; i++) await rpc('checks:run', { id: checkId })
}

test.beforeAll(async () => {
  c = await startConsole()
  target = http.createServer((_req, res) => {
    const body = healthy
      ? { status: 'pass', checks: { 'postgres:status': [{ status: 'pass' }] } }
      : {
          status: 'fail',
          checks: { 'postgres:status': [{ componentType: 'datastore', status: 'fail', output: 'postgres is unreachable' }] }
        }
    res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/health+json' })
    res.end(JSON.stringify(body))
  })
  receiver = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (d) => (raw += d))
    req.on('end', () => {
      received.push(JSON.parse(raw || '{}'))
      res.writeHead(200).end('ok')
    })
  })
  const targetUrl = `${await listen(target)}/api/health`
  const hookUrl = `${await listen(receiver)}/hook`
  const svc = await rpc<{ id: number }>('services:create', {
    name: SERVICE,
    checks: [{ name: 'GET /api/health', intervalS: 3600, config: { kind: 'http', url: targetUrl } }]
  })
  checkId = (await rpc<{ checks: { id: number }[] }>('services:get', { id: svc.id })).checks[0]!.id
  hookId = (await rpc<{ id: number }>('alerts:createChannel', { name: 'ops hook', config: { kind: 'webhook' }, secret: hookUrl })).id
  await expect
    .poll(async () => (await rpc<{ serviceName: string | null }[]>('alerts:rules')).some((r) => r.serviceName === SERVICE))
    .toBe(true)
  const rule = (await rpc<any[]>('alerts:rules')).find((r) => r.serviceName === SERVICE)
  const { id, serviceName: _s, checkName: _c, description: _d, builtin: _b, openAlerts: _o, ...input } = rule
  await rpc('alerts:updateRule', { ...input, id, channelIds: [...rule.channelIds, hookId] })
})

test.afterAll(async () => {
  await c?.stop()
  await new Promise((r) => target.close(r))
  await new Promise((r) => receiver.close(r))
})

test('the base URL is set in Settings, and a bad one is refused next to its field', async ({ page }) => {
  await openRoute(page, c, '/settings')
  const panel = page.locator('.base-url-panel')
  await panel.getByLabel('Base URL').fill('console.example.com')
  await panel.getByRole('button', { name: 'Save' }).click()
  await expect(panel.locator('.field-error')).toContainText('must be an http(s) URL')
  await panel.getByLabel('Base URL').fill('https://console.example.com/')
  await expect(panel.locator('.field-error')).toHaveCount(0)
  await panel.getByRole('button', { name: 'Save' }).click()
  await expect(panel.getByRole('status')).toHaveText('Saved.')
  await expect.poll(async () => (await rpc<{ baseUrl: string }>('alerts:settings')).baseUrl).toBe('https://console.example.com')
})

test('a component down: the incident page shows its words, takes an acknowledgement and a note', async ({ page }) => {
  await openRoute(page, c, '/alerts')
  await expect(page.getByRole('tab', { name: /Firing/ })).toContainText('0')
  healthy = false
  await runCheck(3)
  await expect.poll(async () => (await rpc<unknown[]>('alerts:list', { state: 'firing' })).length, { timeout: 15_000 }).toBe(1)
  const [alert] = await rpc<{ id: number; summary: string }[]>('alerts:list', { state: 'firing' })
  expect(alert!.summary).toContain('postgres is unreachable')
  // the firing toast looks like trouble
  const toast = page.locator('.toast', { hasText: `[FIRING] ${SERVICE} is down` })
  await expect(toast).toHaveClass(/toast-firing/)
  await expect(toast).toContainText('postgres is unreachable')
  // notifications carry the words and the link
  await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1)
  expect(received[0]!.alert.url).toBe(`https://console.example.com/#/alerts/${alert!.id}`)
  expect(received[0]!.alert.failure!.components[0]!.output).toBe('postgres is unreachable')

  // reachable from the palette
  await page.keyboard.press('Control+k')
  await page.keyboard.type(SERVICE)
  await page.getByRole('option', { name: new RegExp(`^alert ${SERVICE} is down — `) }).click()
  await expect(page).toHaveURL(new RegExp(`#/alerts/${alert!.id}$`))

  const failure = page.locator('.failure-card')
  await expect(failure.locator('.failure-check')).toHaveText('GET /api/health')
  await expect(failure.locator('.failure-error')).toContainText('unexpected status 503')
  await expect(failure.locator('.failure-components tbody tr')).toContainText('postgres:status')
  await expect(failure.locator('.component-output')).toHaveText('postgres is unreachable')
  await expect(page.locator('.alert-summary')).toContainText('postgres is unreachable')
  await expect(page.getByRole('link', { name: 'Logs around this alert' })).toHaveAttribute('href', /^#\/logs\/at\/\d+\/\d+\//)
  await expect(page.locator('.alert-header').getByRole('link', { name: `${SERVICE} is down` })).toHaveAttribute(
    'href',
    /#\/alerts\/rules\/\d+$/
  )
  await expect(page.locator('.incident-link a')).toHaveText(`https://console.example.com/#/alerts/${alert!.id}`)
  await expect(page.locator('.alert-timeline')).toContainText('Notification')

  await page.getByLabel('Your name').fill('e2e-oncall')
  await page.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(page.locator('.alert-actions')).toContainText('by e2e-oncall')

  const notes = page.locator('.alert-notes')
  await notes.getByRole('button', { name: 'Add note' }).click()
  await expect(notes.locator('.field-error')).toContainText('write the note first')
  await notes.getByLabel('Note').fill('Failed over to the replica; primary is rebooting.')
  await expect(notes.getByLabel('Written by')).toHaveValue('e2e-oncall')
  await notes.getByRole('button', { name: 'Add note' }).click()
  await expect(notes.locator('.notes-list li')).toHaveCount(1)
  await expect(notes.locator('.note-author')).toHaveText('e2e-oncall')
  await expect(notes.locator('.note-text')).toHaveText('Failed over to the replica; primary is rebooting.')
  await expect(notes.getByLabel('Note')).toHaveValue('')
  await expect(page.locator('.alert-timeline')).toContainText('e2e-oncall: Failed over to the replica')
  await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('.toast-close').forEach((b) => b.click()))
  await page.evaluate(() => {
    window.scrollTo(0, 0)
    document.getElementById('content')?.scrollTo(0, 0)
  })
  await screenshot(page, 'alerts-incident')
})

test('recovery: a resolved toast that looks resolved, and the delivery log names the alert', async ({ page }) => {
  const [alert] = await rpc<{ id: number }[]>('alerts:list', { state: 'firing' })
  await openRoute(page, c, `/alerts/${alert!.id}`)
  await expect(page.locator('.failure-card')).toBeVisible()
  healthy = true
  await runCheck(2)
  const toast = page.locator('.toast', { hasText: `[RESOLVED] ${SERVICE} is down` })
  await expect(toast).toHaveClass(/toast-resolved/, { timeout: 15_000 })
  await expect(toast.getByRole('img', { name: 'Resolved' })).toHaveText('✓')
  await expect(page.locator('.alert-header .pill.alert-resolved')).toBeVisible()
  // what was failing stays on the resolved incident
  await expect(page.locator('.failure-card .component-output')).toHaveText('postgres is unreachable')
  await openRoute(page, c, '/integrations')
  const row = page.locator('.deliveries-table tbody tr', { hasText: 'ops hook' }).first()
  await expect(row).toContainText(`${SERVICE} is down — ${SERVICE}`)
  await row.getByRole('link', { name: new RegExp(`${SERVICE} is down`) }).click()
  await expect(page).toHaveURL(new RegExp(`#/alerts/${alert!.id}$`))
})
