import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, openRoute, rpc as rpcOf, screenshot, SCREENS, startConsole, test } from './fixtures'

/**
 * Dashboards end to end in serve mode: a dashboard built in the UI from panels of four areas (services, alerts, costs,
 * logs) with a $service variable and thresholds, saved, edited (resized, moved, renamed), refused when someone else
 * saved meanwhile and re-applied, compared and restored in Versions, frozen as an HTML snapshot that opens on its own,
 * a Grafana JSON imported with what did not map, and TV mode.
 */
test.describe.configure({ mode: 'serial' })

let c: Awaited<ReturnType<typeof startConsole>>
let target: http.Server
let healthy = true
let uid = ''
const rpc = <T = any>(channel: string, input?: unknown): Promise<T> => rpcOf<T>(c, channel, input)
const GRAFANA = path.resolve('src/main/services/dashboards/__fixtures__/grafana-service-overview.json')
const ns = (ms: number): string => `${BigInt(ms) * 1_000_000n}`
/** The page's own notices (a toast about an alert may show beside them). */
const notice = (page: Page) => page.locator('.dashboards-page .notice-ok')
const editor = (page: Page) => page.getByRole('complementary', { name: 'Panel settings' })
const panel = (page: Page, title: string) => page.locator('.dash-panel', { has: page.locator('h3', { hasText: title }) })

async function addPanel(page: Page, type: string, title: string, source?: string): Promise<void> {
  await page.getByLabel('Add a panel').selectOption(type)
  await editor(page).getByLabel('Title', { exact: true }).fill(title)
  if (source) await editor(page).getByLabel('Data from').selectOption(source)
}

test.beforeAll(async () => {
  c = await startConsole()
  target = http.createServer((_req, res) => {
    res.writeHead(healthy ? 200 : 503, { 'content-type': 'text/plain' })
    res.end(healthy ? 'ok' : 'down')
  })
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/health`
  const svc = await rpc<{ id: number }>('services:create', {
    name: 'checkout',
    checks: [{ name: 'GET /health', intervalS: 3600, config: { kind: 'http', url } }]
  })
  const checkId = (await rpc<{ checks: { id: number }[] }>('services:get', { id: svc.id })).checks[0]!.id
  // 4 up, then 3 down: the service's default rule fires an alert; then up again
  for (const up of [true, true, true, true, false, false, false, true]) {
    healthy = up
    await rpc('checks:run', { id: checkId })
  }
  const today = new Date().toISOString().slice(0, 10)
  const monthAgo = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10)
  await rpc('costs:manualCreate', { service: 'Observability SaaS', amount: '620', recurrence: 'once', startDay: monthAgo, endDay: today })
  const now = Date.now()
  const values = Array.from({ length: 12 }, (_, i) => [
    ns(now - 20 * 60_000 + i * 60_000),
    i % 4 === 0 ? `payment ${i} failed: timeout` : `payment ${i} ok`
  ])
  const res = await fetch(`${c.url}/loki/api/v1/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ streams: [{ stream: { service: 'checkout', level: 'info' }, values }] })
  })
  expect(res.status).toBe(204)
  await expect.poll(async () => (await rpc<unknown[]>('alerts:list', {})).length, { timeout: 20_000 }).toBeGreaterThan(0)
})

test.afterAll(async () => {
  await c?.stop()
  await new Promise((r) => target.close(r))
})

test('builds a dashboard from services, alerts, costs and logs, and saves it', async ({ page }) => {
  test.setTimeout(120_000)
  await openRoute(page, c, '/dashboards')
  await expect(page.getByRole('heading', { name: 'No dashboards yet' })).toBeVisible()
  await page.getByRole('button', { name: 'Create a dashboard' }).click()
  await expect(page).toHaveURL(/#\/dashboards\/new$/)
  await page.locator('.dash-edit-bar').getByLabel('Title').fill('Checkout — production')
  await page.getByRole('button', { name: 'Add a variable' }).click()
  await page.getByLabel('Variable 1 default').fill('checkout')

  await addPanel(page, 'timeseries', 'Checkout uptime', 'health')
  await editor(page).getByLabel('Service', { exact: true }).fill('$service')
  await editor(page).getByLabel('Unit').selectOption('%')
  await editor(page).getByRole('button', { name: 'Add a threshold' }).click()
  await editor(page).getByLabel('Threshold 1 value').fill('99')
  await editor(page).getByRole('button', { name: 'Done' }).click()

  await addPanel(page, 'status', 'Services', 'health')
  await editor(page).getByLabel('Measure').selectOption('status')
  await addPanel(page, 'bar', 'Alerts by state', 'alerts')
  await addPanel(page, 'stat', 'Spend per day', 'costs')
  await addPanel(page, 'logs', 'Checkout log', 'logs')
  await editor(page).getByRole('textbox', { name: 'LogQL' }).fill('{service="$service"}')
  await addPanel(page, 'text', 'Runbook')
  await editor(page).getByRole('textbox', { name: 'Markdown' }).fill('Page **payments** when uptime drops under 99 %.')
  await editor(page).getByRole('button', { name: 'Done' }).click()

  await page.getByLabel('Version message').fill('first cut')
  await page.getByLabel('Saved by').fill('ana')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page).toHaveURL(/#\/dashboards\/d\/[\w-]+$/)
  uid = /\/d\/([\w-]+)$/.exec(page.url())![1]!
  await expect(page.getByRole('heading', { name: 'Checkout — production' })).toBeVisible()
  await expect(page.getByText(/Version 1 · saved by ana/)).toBeVisible()

  // each panel shows its area's data
  await expect(panel(page, 'Checkout uptime').getByRole('img', { name: /Checkout uptime: timeseries chart/ })).toBeVisible()
  await expect(panel(page, 'Services').locator('li.st-up')).toContainText('checkout')
  await expect(panel(page, 'Alerts by state').getByRole('img')).toBeVisible()
  await expect(panel(page, 'Spend per day').locator('.dash-stat')).toContainText('USD')
  await expect(panel(page, 'Checkout log').locator('.dash-logs li')).toHaveCount(12)
  await expect(panel(page, 'Runbook').locator('strong')).toHaveText('payments')
  await page.getByLabel('Time range').selectOption('now-24h')
  await screenshot(page, 'dashboards-overview')
})

test('edits the layout, is told when someone saved meanwhile, and re-applies the edit', async ({ page }) => {
  test.setTimeout(120_000)
  await openRoute(page, c, `/dashboards/d/${uid}`)
  await page.getByRole('button', { name: 'Edit', exact: true }).click()
  // resize the uptime panel by dragging its corner two columns wider
  const uptime = panel(page, 'Checkout uptime')
  const before = (await uptime.boundingBox())!
  const corner = (await uptime.locator('.dash-resize').boundingBox())!
  await page.mouse.move(corner.x + 5, corner.y + 5)
  await page.mouse.down()
  await page.mouse.move(corner.x + 5 + before.width / 3, corner.y + 5, { steps: 5 })
  await page.mouse.up()
  await expect.poll(async () => (await uptime.boundingBox())!.width).toBeGreaterThan(before.width * 1.2)
  // move the status panel down a row with the keyboard
  await panel(page, 'Services')
    .getByRole('button', { name: /Move or select Services/ })
    .press('ArrowDown')
  await panel(page, 'Spend per day').locator('.dash-panel-head').click()
  await editor(page).getByLabel('Title', { exact: true }).fill('Spend (last value)')

  // meanwhile ben renames the dashboard and saves
  const current = await rpc('dashboards:get', { uid })
  await rpc('dashboards:save', {
    uid,
    model: { ...current.model, title: 'Checkout (ben)' },
    baseVersion: current.version,
    author: 'ben',
    message: 'rename'
  })

  await page.getByLabel('Version message').fill('wider uptime')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.locator('.dashboards-page [role="alert"]')).toContainText('ben saved version 2')
  await expect(page.locator('.dashboards-page [role="alert"]')).toContainText(
    'reload and re-apply your changes, or overwrite their version'
  )
  await page.getByRole('button', { name: 'Reload and re-apply my changes' }).click()
  await expect(notice(page)).toContainText('re-applied on version 2 by ben')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(notice(page)).toContainText('Saved version 3')
  const saved = await rpc('dashboards:get', { uid })
  // ben's title and my layout and rename, together
  expect(saved.model.title).toBe('Checkout (ben)')
  expect(saved.model.panels.find((p: { id: string }) => p.id === 'p1').w).toBeGreaterThan(6)
  expect(saved.model.panels.map((p: { title: string }) => p.title)).toContain('Spend (last value)')
})

test('compares two versions and restores the first as a new version', async ({ page }) => {
  await openRoute(page, c, `/dashboards/d/${uid}/versions`)
  const rows = page.locator('.dashboards-page tbody tr')
  await expect(rows).toHaveCount(3)
  await expect(rows.first()).toContainText('wider uptime')
  await expect(rows.last()).toContainText('ana')
  await page.getByLabel('Compare from version 1').check()
  await page.getByLabel('Compare to version 3').check()
  const diff = page.getByRole('region', { name: 'Changes from version 1 to 3' })
  await expect(diff).toContainText('Panel changed: Checkout uptime (w)')
  await expect(diff).toContainText(/Panel changed: Spend \(last value\) \(title, y\)/)
  await expect(diff).toContainText('Dashboard setting changed: title')
  await expect(diff.locator('.dash-json-diff .diff-add').first()).toBeVisible()
  await screenshot(page, 'dashboards-diff')
  await page.getByRole('button', { name: 'Restore version 1' }).click()
  await expect(rows).toHaveCount(4)
  await expect(rows.first()).toContainText('Restored version 1')
  expect((await rpc('dashboards:get', { uid })).model.title).toBe('Checkout — production')
})

test('freezes a snapshot that opens without the console, and exports the file', async ({ page, context }) => {
  await openRoute(page, c, `/dashboards/d/${uid}`)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Snapshot' }).click()])
  const file = path.join(SCREENS, '..', 'dashboards-snapshot.html')
  await download.saveAs(file)
  await expect(notice(page)).toContainText('it expires on')
  const html = fs.readFileSync(file, 'utf8')
  expect(html).toContain('This snapshot expires on')
  expect(html).not.toMatch(/<script[^>]+src=/)
  // the console is stopped for the reader: the file alone must show the data
  const reader = await context.newPage()
  await reader.route('**/*', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()))
  await reader.goto(`file://${file}`)
  await expect(reader.getByRole('heading', { name: 'Checkout — production' })).toBeVisible()
  await expect(reader.locator('.panel svg').first()).toBeVisible()
  await expect(reader.locator('.status .up')).toContainText('checkout')
  await screenshot(reader, 'dashboards-snapshot')
  await reader.close()

  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()])
  expect(json.suggestedFilename()).toBe(`${uid}.dashboard.json`)
  const text = fs.readFileSync((await json.path())!, 'utf8')
  expect(JSON.parse(text)).toMatchObject({ uid, schemaVersion: 1, title: 'Checkout — production' })
  expect(text).toBe((await rpc('dashboards:export', { uid })).json)
})

test('imports a Grafana dashboard with a list of what did not map, and cycles dashboards in TV mode', async ({ page }) => {
  await openRoute(page, c, '/dashboards/import')
  await page.getByLabel('Dashboard JSON').fill(fs.readFileSync(GRAFANA, 'utf8'))
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  const done = notice(page)
  await expect(done).toContainText('Imported Service overview; 5 items did not map')
  await expect(done.locator('li', { hasText: 'the type heatmap has no equivalent' })).toBeVisible()
  await screenshot(page, 'dashboards-import')
  // a provisioned folder: a file added to it shows up as a dashboard
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-provision-'))
  await page.getByRole('region', { name: 'Provisioning' }).getByLabel('Folder').fill(folder)
  await page.getByRole('button', { name: 'Watch this folder' }).click()
  await expect(page.getByText(`Watching ${folder}.`)).toBeVisible()
  const exported = (await rpc('dashboards:export', { uid })).json
    .replace(`"uid": "${uid}"`, '"uid": "from-git"')
    .replace('Checkout — production', 'Checkout from git')
  fs.writeFileSync(path.join(folder, 'from-git.json'), exported)
  await expect
    .poll(async () => (await rpc<{ uid: string }[]>('dashboards:list')).map((d) => d.uid), { timeout: 15_000 })
    .toContain('from-git')
  await page.getByRole('button', { name: 'Stop' }).click()
  fs.rmSync(folder, { recursive: true, force: true })
  await page.getByRole('link', { name: 'Service overview' }).click()
  await expect(page.getByRole('heading', { name: 'Service overview' })).toBeVisible()
  await expect(panel(page, 'Runbook').locator('h1, h2, h3, h4').filter({ hasText: 'On call' })).toBeVisible()

  await openRoute(page, c, '/dashboards/tv')
  await expect(page.locator('.sidebar')).toBeHidden()
  // the dashboard takes the whole width
  expect((await page.locator('.dash-grid').boundingBox())!.width).toBeGreaterThan((page.viewportSize()!.width * 3) / 4)
  const title = page.locator('.tv-title')
  const first = await title.textContent()
  await page.getByRole('button', { name: 'Next', exact: true }).click()
  await expect(title).not.toHaveText(first!)
  await screenshot(page, 'dashboards-tv')
  await page.keyboard.press('Escape')
  await expect(page).toHaveURL(/#\/dashboards$/)
})
