import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { expect, openRoute, rpc as rpcOf, screenshot, startConsole, test } from './fixtures'

/**
 * Alerting end to end in serve mode: a service whose endpoint can be switched between healthy and failing,
 * a webhook receiver, the service's default "down" rule pointed at a webhook channel made through the UI;
 * the alert fires, is acknowledged in the UI and resolves, and the receiver sees trigger and resolve.
 */
test.describe.configure({ mode: 'serial' })

const SERVICE = 'e2e-checkout'
let healthy = true
let target: http.Server
let receiver: http.Server
let targetUrl = ''
let receiverUrl = ''
const received: { event: string; body: { event: string; alert: { state: string; target: string; acknowledgedBy: string | null } } }[] = []
let c: Awaited<ReturnType<typeof startConsole>>
let checkId = 0

const listen = async (s: http.Server): Promise<string> => {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

const rpc = <T = any>(channel: string, input?: unknown): Promise<T> => rpcOf<T>(c, channel, input)

const runCheck = async (times: number): Promise<void> => {
  for (let i = 0; i < times; i++) await rpc('checks:run', { id: checkId })
}

const toTop = (page: Page): Promise<void> =>
  page.evaluate(() => {
    window.scrollTo(0, 0)
    document.getElementById('content')?.scrollTo(0, 0)
  })

const open = (page: Page, route: string): Promise<void> => openRoute(page, c, route)

test.beforeAll(async () => {
  c = await startConsole()
  target = http.createServer((_req, res) => {
    res.writeHead(healthy ? 200 : 503, { 'content-type': 'text/plain' })
    res.end(healthy ? 'ok' : 'database unreachable')
  })
  receiver = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (d) => (raw += d))
    req.on('end', () => {
      received.push({ event: String(req.headers['x-console-event'] ?? ''), body: JSON.parse(raw || '{}') })
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('thanks')
    })
  })
  targetUrl = `${await listen(target)}/health`
  receiverUrl = `${await listen(receiver)}/hook`
  const svc = await rpc<{ id: number }>('services:create', {
    name: SERVICE,
    checks: [{ name: 'GET /health', intervalS: 3600, config: { kind: 'http', url: targetUrl } }]
  })
  const detail = await rpc<{ checks: { id: number }[] }>('services:get', { id: svc.id })
  checkId = detail.checks[0]!.id
  await runCheck(4) // some healthy history for the backtest
})

test.afterAll(async () => {
  await c?.stop()
  await new Promise((r) => target.close(r))
  await new Promise((r) => receiver.close(r))
})

test('creates a webhook channel in Integrations and sends a test', async ({ page }) => {
  await open(page, '/integrations/new')
  await expect(page.getByRole('heading', { name: 'New notification channel' })).toBeVisible()
  await page.getByLabel('Kind').selectOption('webhook')
  await page.getByLabel('Name', { exact: true }).fill('e2e hook')
  await page.getByLabel('URL').fill('not a url')
  await page.getByRole('button', { name: 'Create channel' }).click()
  await expect(page.locator('.field-error, .notice-error').first()).toBeVisible()
  await page.getByLabel('URL').fill(receiverUrl)
  await page.getByRole('button', { name: 'Create channel' }).click()
  await expect(page).toHaveURL(/#\/integrations$/)
  const row = page.locator('.channels-table tr', { hasText: 'e2e hook' })
  await expect(row).toContainText('Webhook')
  await expect(row).toContainText('✓ set')
  await row.getByRole('button', { name: 'Send test' }).click()
  await expect(row.locator('.test-result')).toContainText('delivered')
  await expect.poll(() => received.map((r) => r.event)).toContain('test')
  await expect(page.locator('.deliveries-table')).toContainText('e2e hook')
  await screenshot(page, 'integrations-channels')
})

test('attaches the channel to the service’s default down rule, with a backtest', async ({ page }) => {
  await expect
    .poll(async () => (await rpc<{ serviceName: string | null }[]>('alerts:rules')).some((r) => r.serviceName === SERVICE))
    .toBe(true)
  await open(page, '/alerts/rules')
  const row = page.locator('.rules-table tr', { hasText: SERVICE })
  await expect(row).toContainText('down after 3 failed checks')
  await row.getByRole('link').first().click()
  await expect(page.getByLabel('Failed checks in a row to fire')).toHaveValue('3')
  await page.locator('.channel-picker label', { hasText: 'e2e hook' }).getByRole('checkbox').check()
  await page.getByLabel('Runbook', { exact: true }).fill('## Checkout is down\n\n1. Run `kubectl get pods`\n2. <b>raw html stays text</b>')
  await page.getByRole('button', { name: 'Preview' }).click()
  await expect(page.locator('.runbook-preview code')).toHaveText('kubectl get pods')
  await expect(page.locator('.runbook-preview')).toContainText('<b>raw html stays text</b>')
  await expect(page.locator('.backtest-verdict')).toContainText(/Would have fired \d+ times? in the last 7 days/)
  await page.getByRole('button', { name: '1 day' }).click()
  await expect(page.locator('.backtest-verdict')).toContainText('in the last day')
  const forField = page.locator('.field', { has: page.locator('.field-label', { hasText: /^For$/ }) })
  await forField.locator('input').fill('soon')
  await page.getByRole('button', { name: 'Save rule' }).click()
  await expect(forField.locator('.field-error')).toContainText('e.g. 30s')
  await forField.locator('input').fill('0s')
  await expect(forField.locator('.field-error')).toHaveCount(0)
  await page.getByRole('button', { name: 'Save rule' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Rule saved.' })).toBeVisible()
  await open(page, '/alerts/rules')
  await expect(page.locator('.rules-table tr', { hasText: SERVICE })).toContainText('e2e hook')
})

test('a failing endpoint fires the alert, the webhook gets the trigger, and it is acknowledged in the UI', async ({ page }) => {
  await open(page, '/alerts')
  await expect(page.getByRole('tab', { name: /Firing/ })).toContainText('0')
  healthy = false
  await runCheck(3)
  await expect.poll(async () => (await rpc<{ state: string }[]>('alerts:list', { state: 'firing' })).length, { timeout: 15_000 }).toBe(1)
  const row = page.locator('.alerts-table tbody tr', { hasText: SERVICE })
  await expect(row).toContainText('firing')
  await expect(row).toContainText('critical')
  await expect(page.getByRole('tab', { name: /Firing/ })).toContainText('1')
  await screenshot(page, 'alerts-list')
  // the built-in Desktop channel pushes notify:desktop; without browser permission it shows as a toast that opens the alert
  const toast = page.locator('.toast', { hasText: `[FIRING] ${SERVICE} is down` })
  await expect(toast).toBeVisible()
  await toast.getByRole('button').first().click()
  await expect(page).toHaveURL(/#\/alerts\/\d+$/)
  await expect(page.locator('.alert-header h1')).toContainText(`${SERVICE} is down`)
  await page.goBack()
  await expect.poll(() => received.filter((r) => r.event === 'trigger').length, { timeout: 15_000 }).toBe(1)
  const trigger = received.find((r) => r.event === 'trigger')!
  expect(trigger.body.alert).toMatchObject({ state: 'firing', target: expect.stringContaining(SERVICE) })
  await page.getByLabel('Label filter').fill('service=nope')
  await expect(page.locator('.empty')).toContainText('under these filters')
  await page.getByLabel('Label filter').fill(`service=${SERVICE}`)
  await expect(row).toBeVisible()

  await row.getByRole('link', { name: `${SERVICE} is down` }).click()
  await expect(page.locator('.alert-header h1')).toContainText(`${SERVICE} is down`)
  await expect(page.locator('.markdown h2')).toHaveText('Checkout is down')
  await expect(page.locator('.alert-timeline')).toContainText('Firing')
  await expect(page.locator('.alert-detail .deliveries-table')).toContainText('trigger')
  await page.getByLabel('Your name').fill('e2e-oncall')
  await page.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(page.locator('.alert-actions')).toContainText('by e2e-oncall')
  await expect(page.locator('.alert-timeline')).toContainText('Acknowledged')
  await page.getByRole('button', { name: '1 h' }).click()
  await expect(page.locator('.alert-timeline')).toContainText('Snoozed')
  await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('.toast-close').forEach((b) => b.click()))
  await toTop(page)
  await screenshot(page, 'alert-detail')
})

test('a healthy endpoint resolves the alert and the webhook gets the resolve', async ({ page }) => {
  const [alert] = await rpc<{ id: number }[]>('alerts:list', { state: 'firing' })
  await open(page, `/alerts/${alert!.id}`)
  await expect(page.locator('.alert-header')).toContainText('firing')
  healthy = true
  await runCheck(2)
  await expect(page.locator('.alert-header .pill.alert-resolved')).toBeVisible({ timeout: 15_000 })
  await expect(page.locator('.alert-timeline')).toContainText('Resolved')
  await expect.poll(() => received.filter((r) => r.event === 'resolve').length, { timeout: 15_000 }).toBe(1)
  expect(received.find((r) => r.event === 'resolve')!.body.alert.state).toBe('resolved')
  await open(page, '/alerts')
  await page.getByRole('tab', { name: /Resolved/ }).click()
  await expect(page.locator('.alerts-table tbody tr', { hasText: SERVICE })).toContainText('resolved')

  // the backtest now replays the outage: the rule would have fired once
  await page.getByRole('link', { name: 'Rules' }).click()
  await page.locator('.rules-table tr', { hasText: SERVICE }).getByRole('link').first().click()
  await page.getByRole('button', { name: '1 day' }).click()
  await expect(page.locator('.backtest-verdict')).toContainText('Would have fired 1 time in the last day')
  await expect(page.locator('.firings')).toContainText(SERVICE)
  await toTop(page)
  await screenshot(page, 'alert-rule-editor')
})

test('silences: create one with matchers, see it active, expire it', async ({ page }) => {
  await open(page, '/alerts/silences')
  await page.getByLabel('Matcher 1 label').fill('service')
  await page.getByLabel('Matcher 1 value').fill(SERVICE)
  await page.getByRole('button', { name: 'Add matcher' }).click()
  await page.getByLabel('Matcher 2 label').fill('severity')
  await page.getByLabel('Matcher 2 operator').selectOption('=~')
  await page.getByLabel('Matcher 2 value').fill('critical|warning')
  await page.getByRole('combobox', { name: /^Duration/ }).fill('4h')
  await page.getByLabel('Created by').fill('e2e-oncall')
  await page.getByLabel('Comment').fill('Database migration, OPS-42')
  await page.getByRole('button', { name: 'Create silence' }).click()
  const row = page.locator('.silences-table tbody tr', { hasText: 'OPS-42' })
  await expect(row).toContainText(`service=${SERVICE}`)
  await expect(row).toContainText('severity=~"critical|warning"')
  await expect(row).toContainText('active')
  await screenshot(page, 'alerts-silences')
  page.once('dialog', (d) => d.accept())
  await row.getByRole('button', { name: 'Expire' }).click()
  await expect(page.locator('.silences-table tbody tr', { hasText: 'OPS-42' })).toHaveCount(0)
  await page.getByLabel('Show expired').check()
  await expect(page.locator('.silences-table tbody tr', { hasText: 'OPS-42' })).toContainText('expired')
})
