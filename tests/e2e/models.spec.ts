import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, screenshot, SCREENS, test } from './fixtures'

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
const MLRUNS_A = path.resolve(repoRoot, '../shared/data/mlruns-a')
const has = (bin: string): boolean => {
  try {
    execFileSync('which', [bin], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

test.describe('models area', () => {
  test('import mlruns-a, registry, version, compare, report PDF, evaluate', async ({ page, console: c }) => {
    test.setTimeout(120_000)
    await page.goto(c.openUrl + '#/models')
    await expect(page.getByRole('heading', { name: 'No models yet' })).toBeVisible()

    // import through the UI
    await page.goto(c.url + '/#/models/import')
    await page.getByLabel('MLflow file store (mlruns folder) path').fill(MLRUNS_A)
    await page.locator('.card', { hasText: 'MLflow file store (mlruns folder)' }).getByRole('button', { name: 'Import' }).click()
    const report = page.getByRole('status', { name: 'Import report' })
    await expect(report).toContainText('48 new', { timeout: 30_000 })
    await expect(report).toContainText('30 new and 0 updated version(s)')

    // registry
    await page.locator('.subnav a', { hasText: 'Registry' }).click()
    await expect(page.getByRole('link', { name: 'iris-classifier' })).toBeVisible()
    await screenshot(page, 'models-registry')

    // model → version page, with a live stage change
    await page.getByRole('link', { name: 'iris-classifier' }).click()
    await expect(page.getByRole('heading', { name: 'Versions' })).toBeVisible()
    await page.getByRole('link', { name: 'v1', exact: true }).click()
    await expect(page.locator('.page-header h1')).toHaveText('iris-classifier v1')
    await page.getByLabel('Target stage').selectOption('Production')
    await page.getByLabel('Transition comment').fill('best offline F1')
    await page.getByRole('button', { name: 'Move' }).click()
    await expect(page.locator('.transitions')).toContainText('best offline F1')
    await page.getByRole('button', { name: 'Point alias here' }).click()
    await expect(page.locator('.page-header')).toContainText('@champion')
    await expect(page.locator('.facts')).toContainText('SHA-256')
    await screenshot(page, 'models-version')
    const versionUrl = page.url()
    const versionId = Number(/version\/(\d+)/.exec(versionUrl)![1])

    // compare three versions
    await page.goto(c.url + `/#/models/compare/v${versionId},v${versionId + 1},v${versionId + 2}`)
    await expect(page.locator('.compare-table').first()).toContainText('accuracy')
    await page.getByLabel('Show differences only').uncheck()
    await expect(page.locator('.compare-table').nth(1)).toContainText('n_estimators')
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Export CSV' }).click()
    const csvPath = path.join(c.dir, 'comparison.csv')
    await (await download).saveAs(csvPath)
    expect(fs.readFileSync(csvPath, 'utf8')).toMatch(/^section,key,better,iris-classifier v1/)
    await screenshot(page, 'models-compare')
    await page.getByRole('heading', { name: 'Params against a metric' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'models-compare-charts')

    // printable report → PDF
    await page.getByRole('link', { name: 'Printable report (PDF)' }).click()
    await expect(page.getByRole('heading', { name: 'Model comparison report' })).toBeVisible()
    await expect(page.locator('.compare-table').first()).toContainText('accuracy')
    await page.waitForTimeout(600)
    await page.emulateMedia({ media: 'print' })
    const pdf = path.join(SCREENS, 'models-report.pdf')
    fs.mkdirSync(SCREENS, { recursive: true })
    await page.pdf({ path: pdf, format: 'A4', printBackground: true })
    await page.emulateMedia({ media: 'screen' })
    expect(fs.statSync(pdf).size).toBeGreaterThan(1000)
    if (has('pdftotext')) {
      const text = execFileSync('pdftotext', [pdf, '-']).toString()
      expect(text).toContain('Model comparison report')
      expect(text).toContain('iris-classifier v1')
      expect(text).toContain('accuracy')
    }

    // evaluate two versions on a small generated holdout
    const holdout = path.join(c.dir, 'holdout.csv')
    const lines = ['id,label,a,b,pa']
    for (let i = 0; i < 60; i++) {
      const y = i % 3 === 0 ? 1 : 0
      const a = i % 10 === 0 ? 1 - y : y
      const b = i % 4 === 0 ? 1 - y : y
      lines.push(`r${i},${y},${a},${b},${(0.15 + 0.7 * y + (i % 7) * 0.01 - (a !== y ? 0.5 * (2 * y - 1) : 0)).toFixed(3)}`)
    }
    fs.writeFileSync(holdout, lines.join('\n') + '\n')
    await page.goto(c.url + '/#/models/evaluate')
    await page.getByLabel('Holdout path').fill(holdout)
    await expect(page.getByText('60 rows; columns: id, label, a, b, pa')).toBeVisible()
    await page.getByLabel('Id column').fill('id')
    await page.getByLabel('Positive label').fill('1')
    await page.getByLabel('Bootstrap resamples').fill('300')
    await page.getByLabel('Version 1').selectOption({ label: 'iris-classifier v1' })
    await page.getByLabel('Score column 1').fill('pa')
    await page.getByRole('button', { name: 'Add version' }).click()
    await page.getByLabel('Version 2').selectOption({ label: 'iris-classifier v2' })
    await page.getByLabel('Prediction column 2').fill('b')
    await page.getByRole('button', { name: 'Evaluate' }).click()
    await expect(page.locator('.evaluation-result')).toContainText('roc_auc', { timeout: 30_000 })
    await expect(page.locator('.evaluation-result')).toContainText('McNemar')
    await expect(page.getByRole('heading', { name: 'Calibration curve' })).toBeVisible()
    await screenshot(page, 'models-evaluate')
    await page.getByRole('heading', { name: 'Calibration curve' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'models-evaluate-charts')

    // evaluation shows in Compare
    await page.goto(c.url + `/#/models/compare/v${versionId},v${versionId + 1}`)
    await expect(page.locator('.compare-table').first()).toContainText('eval:accuracy')
  })

  test('a stage change updates another open view at once', async ({ page, context, console: c }) => {
    await page.goto(c.openUrl + '#/models')
    await expect(page.getByRole('link', { name: 'iris-classifier' })).toBeVisible()
    const other = await context.newPage()
    await other.goto(c.url + '/#/models')
    await page.getByRole('link', { name: 'iris-classifier' }).click()
    await page.getByRole('link', { name: 'v3', exact: true }).click()
    await page.getByLabel('Target stage').selectOption('Archived')
    await page.getByRole('button', { name: 'Move' }).click()
    await expect(other.locator('.models-table')).toContainText('Archived')
  })
})
