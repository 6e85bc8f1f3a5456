import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { expect, screenshot, startConsole, test } from './fixtures'

/**
 * Health monitoring through the UI, in serve mode: add a service that points at a tiny health+json endpoint,
 * watch it come UP, read its components, manage maintenance, and import a YAML file with an error.
 * The tests share one console and one endpoint, and run in order.
 */
test.describe.configure({ mode: 'serial' })

const SERVICE = 'e2e-payments'
let endpoint: http.Server
let endpointUrl = ''
let healthy = true
/** Its own console, so the other specs never see these services (or their checks running). */
let c: Awaited<ReturnType<typeof startConsole>>

/** application/health+json (draft-inadarei) with two components, like a real service exposes. */
function healthBody(): string {
  const time = new Date().toISOString()
  return JSON.stringify({
    status: 'pass',
    version: '1',
    serviceId: 'e2e-payments',
    checks: {
      'postgres:responseTime': [{ componentType: 'datastore', observedValue: 12, observedUnit: 'ms', status: 'pass', time }],
      'cache:connections': [
        { componentType: 'component', observedValue: 42, observedUnit: 'connections', status: 'pass', time, output: 'pool healthy' }
      ]
    }
  })
}

test.beforeAll(async () => {
  c = await startConsole()
  endpoint = http.createServer((req, res) => {
    if (req.url === '/health' && !healthy) {
      res.writeHead(503, { 'content-type': 'application/health+json' })
      res.end(JSON.stringify({ status: 'fail', output: 'database unreachable' }))
    } else if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/health+json', 'cache-control': 'no-store' })
      res.end(healthBody())
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end('not found')
    }
  })
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve))
  endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/health`
})

test.afterAll(async () => {
  await c?.stop()
  await new Promise((resolve) => endpoint.close(resolve))
})

async function open(page: Page, openUrl: string, origin: string, route: string, theme: 'light' | 'dark' = 'light'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme })
  await page.goto(openUrl) // sets the session cookie
  await page.goto(`${origin}/#${route}`)
}

const scrollToTop = (page: Page): Promise<void> => page.evaluate(() => document.getElementById('content')?.scrollTo(0, 0))

test('adds a service through the form, with inline errors, and sees it come UP', async ({ page }) => {
  await open(page, c.openUrl, c.url, '/services/new')
  await expect(page.getByRole('heading', { name: 'Add service' })).toBeVisible()
  await page.getByLabel('Name', { exact: true }).fill(SERVICE)
  await page.getByLabel('Environment').fill('production')
  await page.getByLabel('Region').fill('e2e-local')
  await page.getByLabel('Description').fill('Payment API on a local test endpoint')
  await page.getByLabel('URL').fill(endpointUrl)
  await page.getByLabel('Conditions (one per line)').fill('[STATUS] == 200\n[BODY].status == pass')

  // an interval under 5 s is refused by the service; the message sits under the interval field
  await page.getByLabel('Interval (s)').fill('2')
  await page.getByRole('button', { name: 'Create service' }).click()
  const intervalField = page.locator('.field', { hasText: 'Interval (s)' })
  await expect(intervalField.locator('.field-error')).toContainText('at least 5')
  await expect(page).toHaveURL(/#\/services\/new$/)

  await page.getByLabel('Interval (s)').fill('5')
  await page.getByRole('button', { name: 'Create service' }).click()
  await expect(page).toHaveURL(/#\/services\/\d+$/)
  await expect(page.locator('.detail-title h1')).toContainText(SERVICE)
  await expect(page.locator('.detail-title h1 .pill')).toHaveText('UP', { timeout: 30_000 })
})

test('the detail page shows the reported components, results and charts', async ({ page }) => {
  await open(page, c.openUrl, c.url, '/services')
  await page.getByRole('link', { name: SERVICE }).click()
  const check = page.locator('.check-panel').first()
  await expect(check.locator('.components-table')).toContainText('postgres:responseTime')
  await expect(check.locator('.components-table')).toContainText('cache:connections')
  await expect(check.locator('.components-table')).toContainText('12 ms')
  await expect(check.locator('.components-table')).toContainText('42 connections')
  await check.getByRole('button', { name: 'Check now' }).click()
  await expect(check.getByRole('status')).toContainText('UP')
  await check.getByText('Recent results').click()
  await expect(check.locator('.results-details tbody tr').first()).toContainText('UP')
  await screenshot(page, 'health-light-detail-checks')
  await page.getByRole('button', { name: '1 h', exact: true }).click()
  await expect(page.getByRole('button', { name: '1 h', exact: true })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByRole('img', { name: /Latency percentiles/ })).toBeVisible()
  await expect(page.getByRole('img', { name: /Status per time bucket/ })).toBeVisible()
  await expect(page.locator('.toolbar')).toContainText('uptime over 1 h: 100 %')
  await scrollToTop(page)
  await screenshot(page, 'health-light-detail')
})

test('the overview shows the service card and links to it', async ({ page }) => {
  await open(page, c.openUrl, c.url, '/overview')
  const card = page.locator(`.service-card[data-service="${SERVICE}"]`)
  await expect(card.locator('.pill')).toHaveText('UP')
  await expect(card).toContainText('0 open incidents')
  await expect(card).toContainText(/checked (just now|\d+ s ago)/)
  await expect(page.locator('.env-section', { hasText: 'production' }).locator('.region-name', { hasText: 'e2e-local' })).toBeVisible()
  await screenshot(page, 'health-light-overview')
  await card.click()
  await expect(page).toHaveURL(/#\/services\/\d+$/)
})

test('the services list filters by text and state', async ({ page }) => {
  await open(page, c.openUrl, c.url, '/services')
  await page.getByLabel('Search services').fill('payment api')
  await expect(page.locator('.services-table tbody tr')).toHaveCount(1)
  await page.getByLabel('State').selectOption('DOWN')
  await expect(page.getByText('Nothing matches these filters')).toBeVisible()
  await page.getByLabel('State').selectOption('UP')
  await expect(page.locator('.services-table tbody tr')).toHaveCount(1)
  await screenshot(page, 'health-light-services')
  await page.getByRole('button', { name: 'Clear filters' }).click()
})

test('API usage lists the endpoint with its figures', async ({ page }) => {
  await open(page, c.openUrl, c.url, '/services/usage')
  await page.getByRole('button', { name: '1 h', exact: true }).click()
  const row = page.locator('.usage-table tbody tr', { hasText: SERVICE })
  await expect(row).toContainText(endpointUrl)
  await expect(row).toContainText('0.00 %')
  await expect(row).toContainText(/\d ms/)
  await expect(page.getByRole('img', { name: /Checks run per bucket/ })).toBeVisible()
  await screenshot(page, 'health-light-usage')
})

test('maintenance: a weekly window is created, listed, shown on the service and deleted', async ({ page }) => {
  await open(page, c.openUrl, c.url, '/services/maintenance')
  const form = page.locator('form', { hasText: 'New maintenance window' })
  await form.getByRole('button', { name: 'Create window' }).click()
  await expect(form.locator('.field', { hasText: 'Title' }).locator('.field-error')).toContainText('must not be empty')
  await form.getByLabel('Title').fill('Weekly patching')
  await form.getByLabel('Applies to').selectOption('Chosen services')
  await form.getByRole('checkbox', { name: `${SERVICE} (production)` }).check()
  await form.getByLabel('Repeats').selectOption('weekly')
  await form.getByLabel('Tue').check()
  await form.getByLabel('Thu').check()
  await form.getByLabel('Starts at (HH:MM)').fill('03:30')
  await form.getByLabel('Duration (min)').fill('90')
  await form.getByLabel('Time zone').fill('Europe/Berlin')
  await form.getByRole('button', { name: 'Create window' }).click()
  const row = page.locator('.maintenance-table tbody tr', { hasText: 'Weekly patching' })
  await expect(row).toContainText('Tue, Thu at 03:30 for 1 h 30 min (Europe/Berlin)')
  await screenshot(page, 'health-light-maintenance')
  await row.getByRole('link', { name: SERVICE }).click()
  const windows = page.locator('.card', { hasText: 'Maintenance windows' })
  await expect(windows).toContainText('Weekly patching')
  // delete it again, so no later test runs inside the window by chance
  page.once('dialog', (d) => void d.accept())
  await windows.getByRole('button', { name: 'Delete' }).click()
  await expect(windows).toContainText('No maintenance window applies to this service.')
})

test('import: a YAML error names its line, a good file passes the dry run', async ({ page }) => {
  await open(page, c.openUrl, c.url, '/services/import')
  const bad = [
    'services:',
    '  - name: inventory',
    '    environment: staging',
    '    checks:',
    '      - name: health',
    '        type: http',
    '        url: ftp://inventory.internal/health',
    '        interval: 30s'
  ].join('\n')
  await page.getByLabel('YAML to import').fill(bad)
  await page.getByRole('button', { name: 'Check YAML' }).click()
  const alert = page.getByRole('alert').filter({ hasText: 'Nothing was imported' })
  await expect(alert).toContainText('line 7')
  await expect(alert).toContainText('http(s) URL')
  await expect(page.locator('.yaml-excerpt .hit')).toContainText('ftp://inventory.internal/health')
  await expect(page.locator('.yaml-excerpt .hit .line-no')).toHaveText('7')
  await screenshot(page, 'health-light-import-error')

  await page.getByLabel('YAML to import').fill(bad.replace('ftp://', 'https://'))
  await page.getByRole('button', { name: 'Check YAML' }).click()
  await expect(page.getByRole('status')).toContainText('Dry run: the YAML is valid')
  await page.getByRole('button', { name: 'Show export' }).click()
  await expect(page.getByLabel('Exported YAML')).toHaveValue(new RegExp(`name: ${SERVICE}`))
})

test('an outage shows live: DOWN and an open incident without a reload, then recovery', async ({ page }) => {
  await open(page, c.openUrl, c.url, '/overview')
  const card = page.locator(`.service-card[data-service="${SERVICE}"]`)
  await expect(card.locator('.pill')).toHaveText('UP')
  healthy = false
  await expect(card.locator('.pill')).toHaveText('DOWN', { timeout: 20_000 })
  await expect(card).toContainText('1 open incident')
  await expect(page.locator('.stat-tile', { hasText: 'open incidents' })).toContainText('1')
  await screenshot(page, 'health-light-overview-down')
  healthy = true
  await expect(card.locator('.pill')).toHaveText('UP', { timeout: 20_000 })
  await card.click()
  const incident = page.locator('.card', { hasText: 'Incidents' }).locator('tbody tr').first()
  await expect(incident).toContainText('503')
  await expect(incident).not.toContainText('ongoing')
})

test('dark theme: overview and detail', async ({ page }) => {
  await open(page, c.openUrl, c.url, '/overview', 'dark')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect(page.locator(`.service-card[data-service="${SERVICE}"] .pill`)).toHaveText('UP')
  await screenshot(page, 'health-dark-overview')
  await page.locator(`.service-card[data-service="${SERVICE}"]`).click()
  await expect(page.locator('.components-table').first()).toContainText('postgres:responseTime')
  await page.getByRole('button', { name: '1 h', exact: true }).click()
  await expect(page.getByRole('img', { name: /Latency percentiles/ })).toBeVisible()
  await scrollToTop(page)
  await screenshot(page, 'health-dark-detail')
})

test('edit: change a check’s interval and add a keyword, see it on the detail page', async ({ page }) => {
  await open(page, c.openUrl, c.url, '/services')
  await page.getByRole('link', { name: SERVICE }).click()
  await expect(page).toHaveURL(/#\/services\/\d+$/)
  const detailUrl = page.url()
  await expect(page.locator('.check-panel').first()).toContainText('every 5 s')
  await page.getByRole('link', { name: 'Edit service' }).click()
  await expect(page).toHaveURL(/#\/services\/\d+\/edit$/)
  await expect(page.getByRole('heading', { name: `Edit ${SERVICE}` })).toBeVisible()
  // pre-filled with the service and its check
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(SERVICE)
  await expect(page.getByLabel('Region')).toHaveValue('e2e-local')
  await expect(page.getByLabel('Description')).toHaveValue('Payment API on a local test endpoint')
  await expect(page.getByLabel('URL')).toHaveValue(endpointUrl)
  await expect(page.getByLabel('Interval (s)')).toHaveValue('5')
  await expect(page.getByLabel('Conditions (one per line)')).toHaveValue('[STATUS] == 200\n[BODY].status == pass')

  // Cancel goes back without saving
  await page.getByLabel('Interval (s)').fill('9')
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page).toHaveURL(detailUrl)
  await expect(page.locator('.check-panel').first()).toContainText('every 5 s')

  await page.getByRole('link', { name: 'Edit service' }).click()
  await page.getByLabel('Interval (s)').fill('7')
  await page.getByRole('textbox', { name: /^Keyword/ }).fill('postgres')
  await page.getByLabel('Tags (one per line)').fill('team=payments')
  await screenshot(page, 'health-light-edit')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page).toHaveURL(detailUrl)
  const check = page.locator('.check-panel').first()
  await expect(check).toContainText('every 7 s')
  await expect(check).toContainText('“postgres” must be present')
  await expect(check.locator('h3 .pill')).toHaveText('UP', { timeout: 20_000 })
  await check.scrollIntoViewIfNeeded()
  await screenshot(page, 'health-light-edit-saved')
})

test('edit: a bad URL shows under the URL field and nothing changes; a new check is saved, a removed one asks first', async ({ page }) => {
  await open(page, c.openUrl, c.url, '/services')
  await page.getByRole('link', { name: SERVICE }).click()
  const detailUrl = page.url()
  await page.getByRole('link', { name: 'Edit service' }).click()
  await page.getByLabel('Description').fill('this must not be saved')
  await page.getByLabel('Interval (s)').fill('30')
  await page.getByLabel('URL').fill('ftp://127.0.0.1/health')
  await page.getByRole('button', { name: 'Save changes' }).click()
  const urlField = page.locator('.field', { hasText: 'URL' })
  await expect(urlField.locator('.field-error')).toContainText('http(s) URL')
  await expect(page.locator('.form-problems')).toContainText('The service was not saved: one field needs attention')
  await expect(page).toHaveURL(/\/edit$/)
  await screenshot(page, 'health-light-edit-error')

  // nothing changed: the detail page still shows the saved service
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page).toHaveURL(detailUrl)
  await expect(page.locator('.detail-title .subtitle')).toContainText('Payment API on a local test endpoint')
  await expect(page.locator('.check-panel')).toHaveCount(1)
  await expect(page.locator('.check-panel').first()).toContainText('every 7 s')

  // add a second check, save, then remove it again: removing a saved check asks first
  await page.getByRole('link', { name: 'Edit service' }).click()
  await page.getByRole('button', { name: 'Add another check' }).click()
  const second = page.locator('fieldset.check-fieldset').nth(1)
  await second.getByLabel('Kind').selectOption('tcp')
  await second.getByLabel('Check name').fill('e2e-port')
  await second.getByRole('textbox', { name: /^Host/ }).fill('127.0.0.1')
  await second.getByRole('spinbutton', { name: 'Port' }).fill(new URL(endpointUrl).port)
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page).toHaveURL(detailUrl)
  await expect(page.locator('.check-panel')).toHaveCount(2)
  await expect(page.locator('.check-panel[data-check="e2e-port"]')).toBeVisible()

  await page.getByRole('link', { name: 'Edit service' }).click()
  const portCheck = page.locator('fieldset.check-fieldset', { has: page.getByRole('spinbutton', { name: 'Port' }) })
  let question = ''
  page.once('dialog', (d) => {
    question = d.message()
    void d.dismiss()
  })
  await portCheck.getByRole('button', { name: 'Remove this check' }).click()
  expect(question).toContain('history')
  await expect(page.locator('fieldset.check-fieldset')).toHaveCount(2)
  page.once('dialog', (d) => void d.accept())
  await portCheck.getByRole('button', { name: 'Remove this check' }).click()
  await expect(page.locator('fieldset.check-fieldset')).toHaveCount(1)
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page).toHaveURL(detailUrl)
  await expect(page.locator('.check-panel')).toHaveCount(1)
  await expect(page.locator('.check-panel').first()).toContainText('every 7 s')
})
