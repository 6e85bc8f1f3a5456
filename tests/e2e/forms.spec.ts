import type { Locator, Page } from '@playwright/test'
import { expect, rpc, screenshot, startConsole, test } from './fixtures'

/**
 * Forms tell the whole truth at once: every problem shown together next to its field, cleared as soon as the field
 * changes, in words (no internal names, no schema text, no error codes); disabled buttons say why; acknowledging
 * needs a name, prefilled with the OS user.
 */
test.describe.configure({ mode: 'serial' })
let c: Awaited<ReturnType<typeof startConsole>>

test.beforeAll(async () => {
  c = await startConsole()
})
test.afterAll(async () => c?.stop())

const field = (page: Page, label: string): Locator =>
  page.locator('.field', { has: page.locator('.field-label', { hasText: new RegExp(`^${label}$`) }) })
/** Nothing internal on the page: field paths, zod's wording, error codes. */
async function speaksPlainly(page: Page): Promise<void> {
  const text = await page.locator('#content').innerText()
  expect(text).not.toMatch(/checks\[\d+\]|config\.|startsAt|endsAt|Too small|Too big|expected (string|number)|>=\d|VALIDATION/)
}

test('add service: every problem at once, each next to its own field, cleared as it changes', async ({ page }) => {
  await page.goto(c.openUrl)
  await page.goto(`${c.url}/#/services/new`)
  await page.getByLabel('Name', { exact: true }).fill('')
  await page.getByLabel('Interval (s)').fill('2')
  await page.getByRole('button', { name: 'Create service' }).click()
  // the empty URL is said on the URL, not on "Check name"; the name and the interval at the same time
  await expect(field(page, 'Name').locator('.field-error')).toHaveText('must not be empty')
  await expect(field(page, 'URL').locator('.field-error')).toContainText('enter the URL to check')
  await expect(field(page, 'Interval \\(s\\)').locator('.field-error')).toHaveText('must be at least 5 seconds')
  await expect(field(page, 'Check name').locator('.field-error')).toHaveCount(0)
  await expect(page.locator('.form-problems')).toContainText('3 fields need attention')
  await speaksPlainly(page)
  await screenshot(page, 'forms-service-errors')
  // typing in one field clears its error only
  await page.getByLabel('Name', { exact: true }).fill('e2e-forms')
  await expect(field(page, 'Name').locator('.field-error')).toHaveCount(0)
  await expect(field(page, 'URL').locator('.field-error')).toHaveCount(1)
  await page.getByLabel('URL').fill('http://127.0.0.1:9/health')
  await expect(field(page, 'URL').locator('.field-error')).toHaveCount(0)
  await page.getByLabel('Interval (s)').fill('3600')
  await page.getByRole('button', { name: 'Create service' }).click()
  await expect(page).toHaveURL(/#\/services\/\d+$/)
})

test('a new alert rule says nothing before anything is typed; the "every service" hint goes once a service is picked', async ({ page }) => {
  await page.goto(c.openUrl)
  await page.goto(`${c.url}/#/alerts/rules/new`)
  await expect(page.getByRole('heading', { name: 'Backtest' })).toBeVisible()
  await page.waitForTimeout(900) // the backtest is debounced: give it the time to (not) complain
  await expect(page.locator('.field-error, [role="alert"]')).toHaveCount(0)
  await expect(page.locator('#content')).not.toContainText('must not be empty')
  await expect(field(page, 'Service').locator('.field-hint')).toContainText('Every service')
  await field(page, 'Service').locator('select').selectOption({ label: 'e2e-forms (production)' })
  await expect(field(page, 'Service').locator('.field-hint')).toHaveCount(0)
  await field(page, 'Service').locator('select').selectOption('')
  await expect(field(page, 'Check').locator('.field-hint')).toContainText('Pick a service first')
  // submitting empty: the name, said in words next to it
  await page.getByRole('button', { name: 'Create rule' }).click()
  await expect(field(page, 'Name').locator('.field-error')).toHaveText('must not be empty')
  await speaksPlainly(page)
})

test('an empty alias is said under the alias field, not in a VALIDATION box', async ({ page }) => {
  const m = await rpc<{ id: number }>(c, 'models:create', { name: 'forms-model', description: '', owner: '', tags: {} })
  const v = await rpc<{ id: number }>(c, 'models:createVersion', { modelId: m.id, description: '', notes: '', tags: {} })
  await page.goto(c.openUrl)
  await page.goto(`${c.url}/#/models/version/${v.id}`)
  await page.getByLabel('Alias name').fill('')
  await page.getByRole('button', { name: 'Point alias here' }).click()
  await expect(field(page, 'Alias').locator('.field-error')).toHaveText('must not be empty')
  await expect(page.locator('.notice-error')).toHaveCount(0)
  await speaksPlainly(page)
  await page.getByLabel('Alias name').fill('9lives')
  await expect(field(page, 'Alias').locator('.field-error')).toHaveCount(0)
  await page.getByRole('button', { name: 'Point alias here' }).click()
  await expect(field(page, 'Alias').locator('.field-error')).toHaveText('start with a letter; letters, digits, - and _ only')
})

test('disabled buttons say why', async ({ page }) => {
  await page.goto(c.openUrl)
  await page.goto(`${c.url}/#/models/import`)
  const card = page.locator('.card', { hasText: 'MLflow file store (mlruns folder)' })
  await expect(card.getByRole('button', { name: 'Import' })).toBeDisabled()
  await expect(card.locator('.disabled-reason')).toHaveText('Enter a path on the machine running the console')
  await card.getByLabel('MLflow file store (mlruns folder) path').fill('/tmp/x')
  await expect(card.locator('.disabled-reason')).toHaveCount(0)
  await expect(card.getByRole('button', { name: 'Import' })).toBeEnabled()
})

test('acknowledging needs a name, prefilled with the OS user running the console', async ({ page }) => {
  const info = await rpc<{ user: string }>(c, 'system:info')
  const [svc] = await rpc<{ id: number; name: string }[]>(c, 'health:overview')
  const detail = await rpc<{ checks: { id: number }[] }>(c, 'services:get', { id: svc!.id })
  for (let i = 0; i < 3; i++) await rpc(c, 'checks:run', { id: detail.checks[0]!.id }) // nothing listens on port 9: down
  await expect.poll(async () => (await rpc<unknown[]>(c, 'alerts:list', { state: 'firing' })).length).toBe(1)
  const [alert] = await rpc<{ id: number }[]>(c, 'alerts:list', { state: 'firing' })
  await page.goto(c.openUrl)
  await page.goto(`${c.url}/#/alerts/${alert!.id}`)
  await expect(page.getByLabel('Your name')).toHaveValue(info.user)
  await page.getByLabel('Your name').fill('')
  await page.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(field(page, 'Acknowledged by').locator('.field-error')).toHaveText('say who acknowledges: your name')
  await page.getByLabel('Your name').fill('e2e-oncall')
  await page.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(page.locator('.alert-actions')).toContainText('by e2e-oncall')
  // the service refuses a nameless acknowledgement too (scripts)
  await expect(rpc(c, 'alerts:acknowledge', { id: alert!.id, by: '  ' })).rejects.toThrow('say who acknowledges')
})
