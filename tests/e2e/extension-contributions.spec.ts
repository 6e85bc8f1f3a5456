import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { expect, openRoute, rpc, screenshot, startConsole, test } from './fixtures'

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
const EXAMPLE = path.join(repoRoot, 'examples/extensions/vendor-feed')

let c: Awaited<ReturnType<typeof startConsole>>
let status: http.Server
let origin = ''
const components: Record<string, string> = { api: 'operational', billing: 'operational' }

test.beforeAll(async () => {
  c = await startConsole()
  status = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ components: Object.entries(components).map(([name, s]) => ({ name, status: s })) }))
  })
  await new Promise<void>((r) => status.listen(0, '127.0.0.1', r))
  origin = `http://127.0.0.1:${(status.address() as AddressInfo).port}`
  // the example grants net:http://127.0.0.1:8787; this copy grants the loopback status page instead
  const copy = path.join(c.dir, 'vendor-feed')
  fs.cpSync(EXAMPLE, copy, { recursive: true })
  const m = JSON.parse(fs.readFileSync(path.join(copy, 'extension.json'), 'utf8')) as { permissions: string[] }
  m.permissions = ['alerts:write', 'alerts:read', `net:${origin}`]
  fs.writeFileSync(path.join(copy, 'extension.json'), JSON.stringify(m))
  const preview = await rpc<{ token: string }>(c, 'extensions:inspect', { source: { kind: 'folder', path: copy } })
  await rpc(c, 'extensions:install', { token: preview.token, grant: m.permissions, allowUnsigned: true })
})
test.afterAll(async () => {
  await c?.stop()
  status?.close()
})

test('an extension’s settings form, view activation, alert signals, dashboard panel and bill format', async ({ page }) => {
  test.setTimeout(180_000)
  await openRoute(page, c, '/extensions/vendor-feed')
  const pill = page.locator('.page-header .pill')
  await expect(pill).toHaveText('stopped')

  // settings rendered from its schema; main validates and seals the secret
  const settings = page.getByRole('region', { name: 'Extension settings' })
  await settings.getByRole('textbox', { name: 'Status page URL *' }).fill('ftp://nowhere')
  await settings.getByRole('button', { name: 'Save settings' }).click()
  await expect(settings.getByText(/must match \^https\?:\/\//)).toBeVisible()
  await settings.getByRole('textbox', { name: 'Status page URL *' }).fill(`${origin}/status.json`)
  await settings.getByLabel('API token').fill('s3cret')
  await settings.getByRole('button', { name: 'Save settings' }).click()
  await expect(settings.getByText('A value is stored (encrypted); type to replace it.')).toBeVisible()
  await expect(settings.getByLabel('API token')).toHaveValue('')
  await expect(settings.getByRole('spinbutton', { name: 'Request timeout (s)' })).toHaveAttribute('placeholder', '5')
  await screenshot(page, 'extensions-settings-form')
  await expect(pill).toHaveText('stopped') // saving does not start it

  // onView:alerts: opening the Alerts view starts it
  await page.goto(`${c.url}/#/alerts`)
  await expect
    .poll(async () => (await rpc<{ status: string }>(c, 'extensions:get', { id: 'vendor-feed' })).status, { timeout: 20_000 })
    .toBe('active')

  // its signals fire an ordinary alert rule
  await page.goto(`${c.url}/#/alerts/rules/new`)
  await page.getByRole('textbox', { name: 'Name' }).fill('Vendor outage')
  await page.getByRole('combobox', { name: 'Signal' }).selectOption({ label: 'Extension signal (alerts:write)' })
  await page.getByRole('combobox', { name: 'Extension' }).selectOption({ label: 'Vendor feed (example) (vendor-feed)' })
  await page.getByRole('button', { name: 'Create rule' }).click()
  await expect
    .poll(
      async () =>
        (await rpc<{ name: string; condition: unknown }[]>(c, 'alerts:rules', {})).find((r) => r.name === 'Vendor outage')?.condition
    )
    .toEqual({ signal: 'extension', extension: 'vendor-feed', minSeverity: 'info' })
  components['billing'] = 'outage'
  await page.goto(`${c.url}/#/extensions/vendor-feed`)
  await page.getByRole('button', { name: 'Run' }).click()
  await expect(page.getByLabel('Command result')).toContainText('"raised": 1', { timeout: 20_000 })
  await page.goto(`${c.url}/#/alerts`)
  await expect(page.getByText('vendor-feed: billing is outage').first()).toBeVisible({ timeout: 20_000 })

  // a dashboard panel whose data the extension answers
  const dash = await rpc<{ uid: string }>(c, 'dashboards:save', {
    baseVersion: 0,
    model: {
      title: 'Vendor',
      panels: [
        {
          id: 'p1',
          title: 'Vendor components',
          type: 'status',
          x: 0,
          y: 0,
          w: 6,
          h: 4,
          query: { source: 'extension', panel: 'ext:vendor-feed/components' }
        },
        {
          id: 'p2',
          title: 'Broken source',
          type: 'table',
          x: 6,
          y: 0,
          w: 6,
          h: 4,
          query: { source: 'extension', panel: 'ext:vendor-feed/nope' }
        }
      ]
    }
  })
  await page.goto(`${c.url}/#/dashboards/d/${dash.uid}`)
  const panel = page.locator('.dash-panel', { has: page.getByRole('heading', { name: 'Vendor components' }) })
  await expect(panel.getByText('billing')).toBeVisible({ timeout: 20_000 })
  await expect(page.getByText(/contributes no panel data source "nope"/)).toBeVisible()
  await screenshot(page, 'extensions-dashboard-panel')

  // Costs › Import offers its bill format; the extension parses the file in its own process
  const bill = path.join(c.dir, 'vendor-2026-11.json')
  fs.writeFileSync(
    bill,
    JSON.stringify({
      account: 'acme-123',
      currency: 'USD',
      period: '2026-11',
      lines: [
        { date: '2026-11-01', product: 'Search API', amount: '12.40' },
        { date: '2026-11-02', product: 'Storage', amount: '3.25' }
      ]
    })
  )
  await page.goto(`${c.url}/#/costs/import`)
  await page.getByRole('combobox', { name: 'Layout' }).selectOption({ label: 'Vendor bill (JSON) (from extension Vendor feed (example))' })
  await page.getByRole('textbox', { name: 'Bill file path' }).fill(bill)
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(page.getByText('Imported 2 rows from vendor-2026-11.json')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('status').getByText(/Vendor bill \(JSON\) \(from extension Vendor feed \(example\)\)/)).toBeVisible()
  await screenshot(page, 'extensions-costs-import')
})
