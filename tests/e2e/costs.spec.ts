import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { sharedData } from '../helpers/data'
import { expect, hasTool, screenshot, SCREENS, test } from './fixtures'

/** CI clones the repo with shared/ as the sibling ../shared. */
const SAMPLE = sharedData('focus', 'focus_sample.csv')

test.describe('costs', () => {
  test('import the FOCUS sample, read the dashboard, cross a budget, and produce the PDF report', async ({ page, console: c }) => {
    test.setTimeout(120_000)
    await page.goto(c.openUrl)
    await page.locator('.sidebar a[data-area="costs"]').click()
    await expect(page.getByRole('heading', { name: 'No cost data yet' })).toBeVisible()
    await page.getByRole('link', { name: 'Import a bill or add a manual entry' }).click()
    await expect(page).toHaveURL(/#\/costs\/import$/)

    // a wrong path is reported, nothing imported
    await page.getByLabel('Bill file path').fill('/definitely/not/here.csv')
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await expect(page.getByRole('alert')).toContainText('file not found')

    await page.getByLabel('Bill file path').fill(SAMPLE)
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    const done = page.locator('.notice-ok')
    await expect(done).toContainText('Imported 1,000 rows from focus_sample.csv', { timeout: 30_000 })
    await expect(done).toContainText('Billed 20.52 USD')
    await expect(done.locator('tbody tr')).toHaveCount(4)
    await screenshot(page, 'costs-import')

    await page.locator('.subnav a', { hasText: 'Dashboard' }).click()
    await expect(page.locator('.stat-tile', { hasText: 'Total 2024-09' })).toContainText('20.52 USD')
    await expect(page.getByRole('img', { name: /Cost per day stacked by service/ })).toBeVisible()
    await expect(page.locator('.card', { hasText: 'Top movers' }).locator('tbody tr').first()).toBeVisible()
    // one month of data: the month before says "no data" (not 0.00 and "(new)"), the forecast says why it is not trusted
    await expect(page.locator('.stat-tile', { hasText: 'Previous month 2024-08' })).toContainText('no data')
    await expect(page.locator('.card', { hasText: 'Top movers' })).not.toContainText('(new)')
    await expect(page.locator('.stat-tile', { hasText: 'Forecast month-end' })).toContainText('unreliable')
    await expect(page.locator('.forecast-unreliable')).toContainText(/backtest/)
    // the month's top services, ranked, with their share of the total
    const top = page.locator('.top-table')
    await expect(top.getByRole('heading')).toHaveText('Top 10 by service, 2024-09')
    await expect(top.locator('tbody tr').first()).toContainText('Amazon Elastic Compute Cloud')
    await expect(top.locator('tbody tr').first()).toContainText('%')
    await screenshot(page, 'costs-dashboard')
    await top.scrollIntoViewIfNeeded()
    await screenshot(page, 'costs-dashboard-top')
    await page.getByRole('group', { name: 'Granularity' }).getByRole('button', { name: 'Week' }).click()
    await page
      .getByRole('group', { name: 'Cost basis' })
      .getByRole('button', { name: /Effective/ })
      .click()
    await expect(page.locator('.stat-tile', { hasText: 'Total 2024-09 (effective)' })).toContainText('14.98 USD')

    // a budget of 10 USD for September is crossed at 50, 80 and 100 %
    await page.locator('.subnav a', { hasText: 'Budgets' }).click()
    await expect(page.getByRole('heading', { name: 'No budgets yet' })).toBeVisible()
    await page.getByLabel('Name').fill('Cloud cap')
    await page.getByLabel('Amount (USD)').fill('10')
    await page.getByRole('button', { name: 'Create budget' }).click()
    const row = page.locator('.budgets-table tbody tr', { hasText: 'Cloud cap' })
    await expect(row.locator('.pill')).toHaveText('over budget')
    await expect(row).toContainText('100 % actual (2024-09)')
    await expect(row).toContainText('50 % actual (2024-09)')
    await screenshot(page, 'costs-budgets')
    // the crossings reach Alerts out of the box, through the built-in budget rule
    await page.goto(`${c.url}/#/alerts`)
    const fired = page.locator('.alerts-table tbody tr', { hasText: 'Budget threshold crossed' })
    await expect(fired).toHaveCount(1)
    await expect(fired).toContainText(/Cloud cap: actual spend [\d.]+ USD is \d+ % of the 10\.00 USD budget for 2024-09/)
    await screenshot(page, 'alerts-budget-default-rule')
    await page.goBack()
    await expect(row).toBeVisible()
    // budgets can be edited: raise the amount, the status follows
    await row.getByRole('button', { name: 'Edit Cloud cap' }).click()
    await expect(page.getByRole('heading', { name: 'Edit budget “Cloud cap”' })).toBeVisible()
    await expect(page.getByLabel('Amount (USD)')).toHaveValue('10')
    await page.getByLabel('Amount (USD)').fill('100')
    await page.getByRole('button', { name: 'Save budget' }).click()
    await expect(page.getByRole('heading', { name: 'New budget' })).toBeVisible()
    await expect(row.locator('.pill')).toHaveText('within budget')

    await page.locator('.subnav a', { hasText: 'Recommendations' }).click()
    await expect(page.locator('.recommendations tbody tr', { hasText: 'Untagged spend' })).toBeVisible()
    await page.getByLabel('Baseline month').fill('2024-09')
    await page.getByRole('button', { name: 'Set goal' }).click()
    await expect(page.getByText(/Baseline 2024-09: 14\.98 USD → target 11\.98 USD/)).toBeVisible()
    await screenshot(page, 'costs-recommendations')

    // reports: preview, CSV, printable PDF
    await page.locator('.subnav a', { hasText: 'Reports' }).click()
    await expect(page.locator('.report-preview .report-title')).toHaveText('Cost report 2024-09-01 – 2024-09-30')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()])
    expect(download.suggestedFilename()).toBe('costs-2024-09-01-2024-09-30.csv')
    const csv = fs.readFileSync(await download.path(), 'utf8')
    expect(csv.split('\n')[0]).toBe('date,service,service_category,region,account,billed_cost,effective_cost,currency')
    expect(csv).toMatch(/\ntotal,,,,,20\.52022\d+,14\.97651\d+,USD\n$/)

    // a weekly report schedule in its own time zone
    const schedules = page.locator('.card', { hasText: 'Scheduled reports' })
    await schedules.getByLabel('Name').fill('Tokyo weekly')
    await schedules.getByRole('combobox').first().selectOption('weekly')
    await schedules.getByLabel('Time zone').fill('Asia/Tokyo')
    await schedules.getByRole('button', { name: 'Add schedule' }).click()
    await expect(schedules.locator('tbody tr', { hasText: 'Tokyo weekly' })).toContainText('Asia/Tokyo')

    await page.getByRole('link', { name: 'Printable PDF' }).click()
    await expect(page).toHaveURL(/#\/costs\/report\/2024-09-01\/2024-09-30$/)
    await expect(page.locator('.report-document[data-ready="true"]')).toBeVisible()
    await expect(page.locator('.report-document')).toContainText('Cloud cap')
    await screenshot(page, 'costs-report')
    fs.mkdirSync(SCREENS, { recursive: true })
    const pdf = path.join(SCREENS, 'costs-report.pdf')
    await page.emulateMedia({ media: 'print' })
    await page.waitForTimeout(400) // charts resize to the print width
    await page.pdf({ path: pdf, format: 'A4', printBackground: true })
    expect(fs.statSync(pdf).size).toBeGreaterThan(10_000)
    test.skip(!hasTool('pdftotext') || !hasTool('pdftoppm'), 'poppler-utils (pdftotext, pdftoppm) not installed')
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    expect(text).toContain('Cost report 2024-09-01 – 2024-09-30')
    expect(text).toContain('Top services')
    expect(text).toContain('Cloud cap')
    expect(text).toMatch(/20\.52 USD/)
    expect(text).not.toContain('Download CSV')
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.join(SCREENS, 'costs-report-pdf')])
    const png = fs.readdirSync(SCREENS).find((f) => f.startsWith('costs-report-pdf') && f.endsWith('.png'))
    expect(png).toBeTruthy()
    expect(fs.statSync(path.join(SCREENS, png!)).size).toBeGreaterThan(5_000)
  })
})
