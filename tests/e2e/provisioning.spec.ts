import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, openRoute, rpc as rpcOf, screenshot, startConsole, test } from './fixtures'

/**
 * A provisioned folder (a git checkout) end to end in serve mode: services, alert rules, a feature view and a dashboard
 * from subfolders applied when the folder is set; a changed file appears in the UI without a reload; a provisioned
 * service says where it comes from; a broken file names file:line:column and field; Export folder writes the folder.
 */
test.describe.configure({ mode: 'serial' })

const FIXTURE = path.resolve('src/main/services/dashboards/__fixtures__/provision')
let c: Awaited<ReturnType<typeof startConsole>>
let folder = ''
const rpc = <T = any>(channel: string, input?: unknown): Promise<T> => rpcOf<T>(c, channel, input)
const SERVICES = 'services/production.services.yaml'

test.beforeAll(async () => {
  c = await startConsole([], { CC_TEST_SLACK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX' })
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-provisioned-'))
  fs.cpSync(FIXTURE, folder, { recursive: true })
})
test.afterAll(async () => {
  await c?.stop()
  if (folder) fs.rmSync(folder, { recursive: true, force: true })
})

test('a folder in git provisions services, rules, views and dashboards; a changed file shows in the UI', async ({ page }) => {
  await openRoute(page, c, '/dashboards/import')
  const card = page.getByRole('region', { name: 'Provisioning' })
  await card.getByLabel('Folder').fill(folder)
  await card.getByRole('button', { name: 'Watch this folder' }).click()
  const table = card.getByRole('table', { name: 'Provisioned files' })
  for (const file of [SERVICES, 'alerts/team/payments.alerts.yaml', 'features/drivers.features.yaml', 'dashboards/ops.dashboard.json'])
    await expect(table.getByRole('row', { name: new RegExp(file.replace(/\./g, '\\.')) })).toContainText('applied')

  // a change in git: a new service appears on the Services page without a reload
  await openRoute(page, c, '/services')
  await expect(page.getByText('search', { exact: true }).first()).toBeVisible()
  const text = fs.readFileSync(path.join(folder, SERVICES), 'utf8')
  fs.writeFileSync(
    path.join(folder, SERVICES),
    `${text}  - name: inventory\n    environment: production\n    checks:\n      - { name: port, type: tcp, host: 127.0.0.1, port: 9, interval: 1h }\n`
  )
  await expect(page.getByRole('link', { name: 'inventory' }).first()).toBeVisible({ timeout: 15_000 })
  await page.getByRole('link', { name: 'inventory' }).first().click()
  await expect(page.getByRole('note', { name: 'Provisioned' })).toContainText(`Provisioned from ${SERVICES}`)
  await screenshot(page, 'provisioning-service')

  // a broken rule file: the table names file, line, column and field; the rules of that file are untouched
  fs.writeFileSync(
    path.join(folder, 'alerts/team/payments.alerts.yaml'),
    'rules:\n  - name: Checkout slow\n    service: checkout\n    condition: { signal: latency, aboveMs: -1 }\n'
  )
  await openRoute(page, c, '/dashboards/import')
  const row = page.getByRole('table', { name: 'Provisioned files' }).getByRole('row', { name: /payments\.alerts\.yaml/ })
  await expect(row).toContainText('error', { timeout: 15_000 })
  await expect(row).toContainText('alerts/team/payments.alerts.yaml:4:35: rules[0].condition.aboveMs:')
  const rules = await rpc<{ name: string; condition: { aboveMs?: number } }[]>('alerts:rules')
  expect(rules.find((r) => r.name === 'Checkout slow')?.condition.aboveMs).toBe(800)
  await page.getByRole('region', { name: 'Provisioning' }).scrollIntoViewIfNeeded()
  await screenshot(page, 'dashboards-provisioning')

  // Export folder writes the configuration as such a folder
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-export-'))
  try {
    await page.getByLabel('Export into').fill(out)
    await page.getByRole('button', { name: 'Export folder' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Wrote 4 files' })).toBeVisible()
    expect(fs.readFileSync(path.join(out, SERVICES), 'utf8')).toContain('name: inventory')
  } finally {
    fs.rmSync(out, { recursive: true, force: true })
  }
})
