import { historyExporter } from '../helpers/metricsFixture'
import { expect, screenshot, startConsole, test } from './fixtures'

/** A console of its own: its scrape target and store must not show in the other specs. */
let c: Awaited<ReturnType<typeof startConsole>>
let exporter: Awaited<ReturnType<typeof historyExporter>>
test.beforeAll(async () => {
  exporter = await historyExporter()
  c = await startConsole()
})
test.afterAll(async () => {
  await c?.stop()
  await exporter?.close()
})

test.describe('metrics', () => {
  test('scrape an endpoint, read the fleet and a RED/USE dashboard, forecast a disk, add a rule, act on advice', async ({ page }) => {
    test.setTimeout(180_000)
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && !m.text().includes("'frame-ancestors' is ignored") && errors.push(m.text()))
    await page.goto(c.openUrl + '#/metrics')
    await expect(page.getByText('No services report requests yet')).toBeVisible()

    // add the endpoint to the built-in scraper
    await page.goto(c.openUrl + '#/metrics/sources')
    await page.getByLabel('Target URL').fill(exporter.url)
    await page.getByLabel('Target job').fill('fixture')
    await page.getByRole('button', { name: 'Scrape this endpoint' }).click()
    await page.getByRole('button', { name: 'Scrape now' }).click()
    await expect(page.getByRole('cell', { name: '11914' })).toBeVisible({ timeout: 20_000 })
    await screenshot(page, 'metrics-sources')

    // the fleet: billing (5 % errors) is worst
    await page.getByRole('link', { name: 'Fleet' }).click()
    const rows = page.locator('table tbody tr')
    await expect(rows).toHaveCount(2)
    await expect(rows.first()).toContainText('billing')
    await expect(rows.first()).toContainText('5.00 %')
    await screenshot(page, 'metrics-fleet')

    // billing's dashboard: RED and USE panels, the deploy marker and the forecast band
    await rows.first().getByRole('link').click()
    await expect(page.getByRole('heading', { name: 'billing' })).toBeVisible()
    for (const title of [
      'Request rate',
      'Error ratio (5xx)',
      'Latency p50 / p95 / p99',
      'CPU',
      'Memory (resident)',
      'Disk used',
      'Saturation (open files / limit)'
    ])
      await expect(
        page
          .locator('section.card')
          .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
          .locator('canvas')
      ).toBeVisible()
    await expect(page.getByText(/model A\w+ · backtest RMSE/)).toBeVisible({ timeout: 30_000 })
    await expect(page.locator('[data-panel="forecast"] canvas')).toBeVisible()
    await screenshot(page, 'metrics-dashboard')
    await page.locator('[data-panel="forecast"]').scrollIntoViewIfNeeded()
    await screenshot(page, 'metrics-dashboard-forecast')

    // explore: when does checkout's disk fill past 95 %?
    await page.getByRole('link', { name: 'Explore & forecast' }).click()
    await page
      .getByLabel('PromQL query')
      .fill('1 - node_filesystem_avail_bytes{job="checkout"} / node_filesystem_size_bytes{job="checkout"}')
    await page.getByRole('button', { name: 'Run query' }).click()
    await expect(page.getByText(/1 series · step \d+ s/)).toBeVisible()
    await page.getByLabel('Horizon').fill('200')
    await page.getByLabel('Threshold').fill('0.7')
    await page.getByRole('button', { name: 'Forecast' }).click()
    await expect(page.getByRole('status')).toContainText(/Capacity: reaches 0.7 in \d+ h/, { timeout: 30_000 })
    await expect(page.getByRole('cell', { name: /\(chosen\)/ })).toBeVisible()
    await page.getByRole('status').scrollIntoViewIfNeeded()
    await page.mouse.wheel(0, 250)
    await screenshot(page, 'metrics-forecast')

    // a resource rule from a preset-like query, evaluated at once
    await page.getByRole('link', { name: 'Rules' }).click()
    await page.getByLabel('Rule name').fill('Billing CPU high')
    await page.getByLabel('Rule query').fill('sum(rate(process_cpu_seconds_total{job="billing"}[5m]))')
    await page.getByLabel('Rule threshold').fill('1.0')
    await page.getByLabel('For (s)').fill('0')
    await page.getByRole('button', { name: 'Add rule' }).click()
    await page.getByRole('button', { name: 'Evaluate now' }).click()
    await expect(page.locator('table tbody tr').first()).toContainText('firing')
    await screenshot(page, 'metrics-rules')

    // advice: checkout over-provisioned with a saving, billing under-provisioned and slower after v2
    await page.getByRole('link', { name: 'Advice' }).click()
    await page.getByRole('button', { name: 'Analyse the last 24 h' }).click()
    const over = page.locator('tr').filter({ hasText: 'Over-provisioned' })
    await expect(over).toContainText('checkout')
    await expect(over).toContainText(/\d+\.\d\d USD \/ month/)
    await expect(over).toContainText('typed price 0.04 USD per core-hour: the imported bills have no vCPU or instance hours for checkout')
    // where billing's slow endpoint spends its time
    const slow = page.locator('tr').filter({ hasText: 'Slow endpoint' }).filter({ hasText: 'billing /api/orders' })
    await expect(slow.getByRole('figure', { name: 'Where time goes' })).toContainText(
      /db 55 %.*render 20 %.*payments_api 15 %.*other \(not measured\) 10 %/
    )
    await expect(page.locator('tr').filter({ hasText: 'Slower after a deploy' })).toContainText('billing v2')
    await expect(page.locator('tr').filter({ hasText: 'Under-provisioned' })).toContainText('billing')
    await screenshot(page, 'metrics-advice')
    await slow.scrollIntoViewIfNeeded()
    await screenshot(page, 'metrics-advice-breakdown')

    // the rule notifies through Alerts: a "Metrics rule" signal naming it fires and lists like any other alert
    await page.goto(c.openUrl + '#/alerts/rules/new')
    await page.getByLabel('Name', { exact: true }).fill('Billing CPU alert')
    await page.getByLabel('Signal').selectOption({ label: 'Metrics rule (PromQL threshold, forecast, CPU/memory/disk)' })
    await page.getByLabel('Metrics rule', { exact: true }).fill('Billing CPU high')
    await page.getByRole('button', { name: 'Create rule' }).click()
    await expect(page.getByRole('button', { name: 'Save rule' })).toBeVisible() // the editor of the created rule
    await page.goto(c.openUrl + '#/metrics/rules')
    await page.getByRole('button', { name: 'Evaluate now' }).click()
    await page.goto(c.openUrl + '#/alerts')
    const alert = page.locator('.alerts-table tbody tr', { hasText: 'Billing CPU alert' })
    await expect(alert).toContainText('firing', { timeout: 20_000 })
    await expect(alert).toContainText('Billing CPU high')
    await screenshot(page, 'metrics-alert')

    await page.goto(c.openUrl + '#/metrics/advice')
    await over.getByRole('button', { name: 'Accept' }).click()
    await page.getByRole('tab', { name: 'accepted' }).click()
    await expect(page.locator('tbody tr')).toHaveCount(1)
    await expect(page.locator('tbody tr')).toContainText('checkout')
    expect(errors).toEqual([])
  })
})
