import fs from 'node:fs'
import path from 'node:path'
import { expect, screenshot, test } from './fixtures'

const FIX = path.resolve('src/main/services/optimize/__fixtures__')
const expected = JSON.parse(fs.readFileSync(path.join(FIX, 'expected.json'), 'utf8')) as { rdb: { trials: number }[] }

// it registers a model version: keep it out of the models spec's empty registry
test.use({ ownConsole: true })

test.describe('optimisation area', () => {
  test('import an Optuna storage, read the study views, compare two studies, register the best trial', async ({ page, console: c }) => {
    test.setTimeout(120_000)
    const storage = path.join(c.dir, 'optuna.db')
    fs.copyFileSync(path.join(FIX, 'optuna.db'), storage)
    await page.goto(c.openUrl + '#/optimize')
    await expect(page.getByRole('heading', { name: 'No studies yet' })).toBeVisible()

    // a path that is not there is refused next to the field
    await page.getByLabel('Storage file').fill(path.join(c.dir, 'missing.db'))
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await expect(page.locator('.field-error')).toContainText('is not a file')

    await page.getByLabel('Storage file').fill(storage)
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    const report = page.getByLabel('Import report')
    await expect(report).toContainText('RDB storage · 3 studies', { timeout: 30_000 })
    await expect(report).toContainText(`xgb-tuning: ${expected.rdb[0]!.trials} trials`)
    await screenshot(page, 'optimize-studies')

    // compare two single-objective studies; the multi-objective one cannot be ticked
    await expect(page.getByLabel('Pick pareto')).toBeDisabled()
    await page.getByLabel('Pick xgb-tuning', { exact: true }).check()
    await page.getByLabel('Pick xgb-tuning-2').check()
    await expect(page.getByRole('region', { name: 'Studies compared' }).locator('canvas')).toBeVisible()
    await page.getByRole('region', { name: 'Studies compared' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'optimize-compare')

    await page.getByRole('link', { name: 'xgb-tuning', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'xgb-tuning', exact: true })).toBeVisible()
    await expect(page.locator('.stat-tile', { hasText: 'pruned' })).toBeVisible()
    await expect(page.getByRole('region', { name: 'Study plots' }).locator('canvas')).toBeVisible()
    await screenshot(page, 'optimize-history')

    const plots = page.getByRole('region', { name: 'Study plots' })
    await plots.getByRole('button', { name: 'Intermediate values' }).click()
    await expect(page.getByRole('table', { name: 'Pruned trials' })).toBeVisible()
    await expect(plots).toContainText('MedianPruner')
    await screenshot(page, 'optimize-intermediate')

    await plots.getByRole('button', { name: 'Parallel coordinates' }).click()
    await expect(plots.locator('canvas')).toBeVisible()
    await screenshot(page, 'optimize-parallel')

    await plots.getByRole('button', { name: 'Importances' }).click()
    await expect(plots).toContainText('bootstrap')
    await screenshot(page, 'optimize-importances')

    await plots.getByRole('button', { name: 'Two parameters' }).click()
    await expect(plots.locator('canvas')).toBeVisible()
    await plots.getByRole('button', { name: 'Slice' }).click()
    await expect(plots.locator('canvas')).toBeVisible()

    // register the best trial
    await page.getByLabel('Model name').fill('churn-xgb')
    await page.getByRole('button', { name: 'Register' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Registered as' })).toContainText('churn-xgb v1')
    await screenshot(page, 'optimize-register')

    // the multi-objective study opens on its Pareto front
    await page.goto(c.url + '/#/optimize')
    await page.getByRole('link', { name: 'pareto' }).click()
    await expect(
      page.getByRole('region', { name: 'Study plots' }).getByRole('button', { name: 'Pareto front', exact: true })
    ).toHaveAttribute('aria-pressed', 'true')
    await expect(page.locator('.stat-tile', { hasText: 'trials on the Pareto front' })).toBeVisible()
    await screenshot(page, 'optimize-pareto')
  })
})
