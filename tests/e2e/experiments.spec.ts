import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, hasTool, rpc, screenshot, SCREENS, test } from './fixtures'

/**
 * Two weeks of an A/B test of two ranker versions: `split` units per arm, v2 converting a little better and spending
 * more, the same latency; countries for the breakdown; purchases before exposure for CUPED.
 */
function writeAbData(dir: string, name: string, split: [number, number]): { exposures: string; events: string } {
  let seed = 42
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const countries = ['US', 'DE', 'FR']
  const t0 = Date.UTC(2024, 5, 3)
  const exp = ['user_id,variation,timestamp,country']
  const ev = ['user_id,event,value,timestamp']
  let u = 0
  split.forEach((n, v) => {
    for (let i = 0; i < n; i++, u++) {
      const at = t0 + Math.floor(rnd() * 14 * 86_400_000)
      exp.push(`u${u},${v === 0 ? 'v1' : 'v2'},${new Date(at).toISOString()},${countries[Math.floor(rnd() * 3)]}`)
      if (rnd() < 0.3)
        ev.push(`u${u},purchase,${(20 + rnd() * 40).toFixed(2)},${new Date(at - Math.floor(rnd() * 10 * 86_400_000)).toISOString()}`)
      if (rnd() < 0.1 + 0.03 * v)
        ev.push(`u${u},purchase,${(20 + rnd() * 40 + 6 * v).toFixed(2)},${new Date(at + Math.floor(rnd() * 48 * 3_600_000)).toISOString()}`)
      ev.push(`u${u},latency,${(110 + rnd() * 40).toFixed(1)},${new Date(at + 1000).toISOString()}`)
    }
  })
  const exposures = path.join(dir, `${name}-exposures.csv`)
  const events = path.join(dir, `${name}-events.csv`)
  fs.writeFileSync(exposures, exp.join('\n') + '\n')
  fs.writeFileSync(events, ev.join('\n') + '\n')
  return { exposures, events }
}

async function importFiles(page: Page, files: { exposures: string; events: string }): Promise<void> {
  await page.locator('.subnav a', { hasText: 'Import data' }).click()
  await page.getByLabel('Exposures file').fill(files.exposures)
  await page.getByLabel('Events file').fill(files.events)
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  const last = page.locator('.card', { has: page.getByRole('heading', { name: 'Last import' }) })
  await expect(last).toContainText(path.basename(files.exposures), { timeout: 30_000 })
  await expect(last.locator('.report-list')).toContainText('Units per variation')
}

// its registry models must not show in the models spec's empty registry
test.use({ ownConsole: true })

test.describe('experiments area', () => {
  test('A/B test of two registry versions: create, import, SRM, three engines, cumulative, decide, promote, report', async ({
    page,
    console: c
  }) => {
    test.setTimeout(180_000)
    // two versions in the registry, and an alert rule for experiment problems
    const model = await rpc<{ id: number }>(c, 'models:create', { name: 'ranker' })
    const v1 = await rpc<{ id: number }>(c, 'models:createVersion', { modelId: model.id, description: 'champion' })
    const v2 = await rpc<{ id: number }>(c, 'models:createVersion', { modelId: model.id, description: 'challenger' })
    await rpc(c, 'models:setAlias', { versionId: v1.id, alias: 'champion' })
    await rpc(c, 'alerts:createRule', { name: 'Experiment problems', condition: { signal: 'experiment' } })

    await page.goto(c.openUrl + '#/experiments')
    await expect(page.getByRole('heading', { name: 'No experiments yet' })).toBeVisible()
    await screenshot(page, 'experiments-empty')

    // create through the form
    await page.getByRole('button', { name: 'Create an experiment' }).click()
    await page.getByLabel('Name', { exact: true }).fill('Ranker v2 vs v1')
    await page.getByLabel('Hypothesis').fill('The v2 ranker puts better items first, so more visitors buy.')
    await page.getByLabel('Owner').fill('search team')
    await page.getByLabel('Variation 0 key').fill('v1')
    await page.getByLabel('Variation 0 name').fill('v1 (champion)')
    await page.getByLabel('Variation 0 model version').selectOption(String(v1.id))
    await page.getByLabel('Variation 1 key').fill('v2')
    await page.getByLabel('Variation 1 name').fill('v2 (challenger)')
    await page.getByLabel('Variation 1 model version').selectOption(String(v2.id))
    await page.getByLabel('Metric 0 key').fill('conversion')
    await page.getByLabel('Metric 0 name').fill('Conversion')
    await page.getByLabel('Metric 0 event').fill('purchase')
    await page.getByLabel('Metric 0 window').fill('72')
    await page.getByRole('button', { name: 'Add a metric' }).click()
    await page.getByLabel('Metric 1 key').fill('revenue')
    await page.getByLabel('Metric 1 name').fill('Revenue per user')
    await page.getByLabel('Metric 1 kind').selectOption('mean')
    await page.getByLabel('Metric 1 event').fill('purchase')
    await page.getByLabel('Metric 1 CUPED').check()
    await page.getByRole('button', { name: 'Add a metric' }).click()
    await page.getByLabel('Metric 2 key').fill('latency')
    await page.getByLabel('Metric 2 name').fill('Latency (ms)')
    await page.getByLabel('Metric 2 kind').selectOption('mean')
    await page.getByLabel('Metric 2 event').fill('latency')
    await page.getByLabel('Metric 2 role').selectOption('guardrail')
    await page.getByLabel('Metric 2 direction').selectOption('lower')
    await page.getByLabel('Dimensions').fill('country')
    await page.getByLabel('MDE').fill('10')
    await screenshot(page, 'experiments-form')
    await page.getByRole('button', { name: 'Create experiment' }).click()
    await expect(page.locator('.page-header h1')).toHaveText('Ranker v2 vs v1')
    await expect(page.getByRole('heading', { name: 'No data yet' })).toBeVisible()
    await page.getByRole('button', { name: 'Start' }).click()
    await expect(page.locator('.page-header')).toContainText('running')

    // a broken split: 1,300 vs 1,000 units for 50/50 weights → the blocking SRM banner, and an alert
    await importFiles(page, writeAbData(c.dir, 'broken', [1300, 1000]))
    await page.locator('.subnav a', { hasText: 'Results' }).click()
    const banner = page.locator('.srm-banner')
    await expect(banner).toContainText('Sample ratio mismatch')
    await expect(page.locator('.results-table')).toHaveCount(0)
    await screenshot(page, 'experiments-srm')
    const alerts = await rpc<{ summary: string }[]>(c, 'alerts:list', { state: 'firing' })
    expect(alerts.map((a) => a.summary).join('\n')).toMatch(/sample ratio mismatch/)

    // the fixed logging: a fair split
    await importFiles(page, writeAbData(c.dir, 'fixed', [1150, 1150]))
    await screenshot(page, 'experiments-import')
    await page.locator('.subnav a', { hasText: 'Results' }).click()
    await expect(page.locator('.srm-banner')).toHaveCount(0)
    const table = page.locator('.results-table')
    await expect(table).toContainText('Conversion')
    await expect(table).toContainText('CUPED')
    await expect(table).toContainText('p-value')
    await screenshot(page, 'experiments-results')
    await page.getByLabel('Engine').selectOption('sequential')
    await expect(table.locator('th', { hasText: 'Always-valid interval' })).toBeVisible()
    await page.getByLabel('Engine').selectOption('bayesian')
    await expect(table).toContainText('Chance to win')
    await screenshot(page, 'experiments-results-bayesian')
    await page.getByLabel('Engine').selectOption('frequentist')
    await page.getByLabel('Multiple-testing correction').selectOption('holm-bonferroni')
    await expect(table).toContainText('p-value (adjusted)')

    // CSV
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Export CSV' }).click()
    const csvPath = path.join(c.dir, 'results.csv')
    await (await download).saveAs(csvPath)
    expect(fs.readFileSync(csvPath, 'utf8')).toMatch(/^dimension,value,metric,role,variation,units/)

    // cumulative chart, dimensions, power
    await page.locator('.subnav a', { hasText: 'Over time' }).click()
    await expect(page.getByRole('img', { name: /Cumulative lift of conversion/ })).toBeVisible()
    await screenshot(page, 'experiments-cumulative')
    await page.locator('.subnav a', { hasText: 'Dimensions' }).click()
    await expect(page.getByRole('heading', { name: 'country = US' })).toBeVisible()
    await screenshot(page, 'experiments-dimensions')
    await page.locator('.subnav a', { hasText: 'Power' }).click()
    await expect(page.getByText('units needed (all variations)')).toBeVisible()
    await screenshot(page, 'experiments-power')

    // decide and promote v2
    await page.locator('.subnav a', { hasText: 'Decision' }).click()
    await page.getByLabel('Variation to ship').selectOption('1')
    await page.getByLabel('Why').fill('Conversion up, revenue up with CUPED, latency guardrail flat; SRM fixed after the logging bug.')
    await page.getByLabel('Decided by').fill('Ana, search lead')
    await page.getByRole('button', { name: 'Record the decision' }).click()
    await expect(page.locator('.page-header')).toContainText('decided')
    await expect(page.getByRole('cell', { name: 'Ana, search lead' })).toBeVisible()
    await page.getByRole('button', { name: 'Promote v2 (challenger)' }).click()
    await expect(page.locator('.notice-ok')).toContainText('ranker@champion → v2')
    await screenshot(page, 'experiments-decision')
    const promoted = await rpc<{ aliases: string[] }>(c, 'models:version', { id: v2.id })
    expect(promoted.aliases).toContain('champion')

    // list shows status, SRM and decision
    await page.goto(c.url + '/#/experiments')
    await expect(page.locator('.table')).toContainText('ship: v2 (challenger)')
    await screenshot(page, 'experiments-list')

    // printable report → PDF
    await page.goto(c.url + `/#/experiments/1/report`)
    await expect(page.getByRole('heading', { name: 'Ranker v2 vs v1' })).toBeVisible()
    await expect(page.locator('.results-table')).toContainText('Conversion')
    await page.waitForTimeout(600)
    await page.emulateMedia({ media: 'print' })
    const pdf = path.join(SCREENS, 'experiments-report.pdf')
    fs.mkdirSync(SCREENS, { recursive: true })
    await page.pdf({ path: pdf, format: 'A4', printBackground: true })
    expect(fs.statSync(pdf).size).toBeGreaterThan(10_000)
    if (hasTool('pdftotext')) {
      const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString()
      expect(text).toContain('Ranker v2 vs v1')
      expect(text).toContain('Sample ratio check')
      expect(text).toContain('Ana, search lead')
    }
    if (hasTool('pdftoppm'))
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.join(SCREENS, 'experiments-report-pdf')])
  })
})
