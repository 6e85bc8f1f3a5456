import path from 'node:path'
import { expect, rpc, screenshot, test, type Console } from './fixtures'

const FIX = path.resolve('src/main/services/optimize/__fixtures__')

async function versions(c: Console, name: string, n: number): Promise<number[]> {
  const model = await rpc<{ id: number }>(c, 'models:create', { name })
  const ids: number[] = []
  for (let i = 0; i < n; i++) ids.push((await rpc<{ id: number }>(c, 'models:createVersion', { modelId: model.id })).id)
  return ids
}

// it registers model versions: keep it out of the models spec's empty registry
test.use({ ownConsole: true })

test.describe('optimisation: ensembles and optimised versus base', () => {
  test('build an ensemble from three versions and see it beat the champion on held-out rows', async ({ page, console: c }) => {
    test.setTimeout(120_000)
    const ids = await versions(c, 'house-prices', 3)
    await page.goto(c.openUrl + '#/optimize/ensembles')
    await expect(page.getByRole('heading', { name: 'No ensembles yet' })).toBeVisible()
    await page.getByRole('button', { name: 'Build the ensemble' }).click()
    await expect(page.locator('.field-error').first()).toBeVisible()

    await page.getByRole('textbox', { name: /^Name/ }).fill('price blend')
    await page.getByLabel('Holdout file').fill(path.join(FIX, 'ensembles/regression/holdout.csv'))
    await page.getByRole('button', { name: 'Add a version' }).click()
    for (let i = 0; i < 3; i++) {
      await page.getByRole('combobox', { name: new RegExp(`^Version ${i + 1}\\b`) }).selectOption(String(ids[i]))
      await page
        .getByLabel('Predictions file')
        .nth(i)
        .fill(path.join(FIX, `ensembles/regression/m${i + 1}.csv`))
    }
    await page.getByLabel('Register as model (optional)').fill('house-prices')
    await page.getByRole('button', { name: 'Build the ensemble' }).click()
    const done = page.getByRole('status').filter({ hasText: 'Built' })
    await expect(done).toContainText('beats the champion', { timeout: 60_000 })
    await screenshot(page, 'optimize-ensembles')
    await done.getByRole('link', { name: 'price blend' }).click()
    await expect(page.getByRole('heading', { name: 'Ensemble price blend' })).toBeVisible()
    await expect(page.locator('.stat-tile', { hasText: 'beats the champion?' })).toContainText('yes')
    await expect(page.getByRole('region', { name: 'Weights' }).locator('canvas')).toBeVisible()
    await expect(page.getByRole('region', { name: 'Held-out evaluation' })).toContainText('ensemble (NNLS weights)')
    await expect(page.getByText('Registered as')).toBeVisible()
    await screenshot(page, 'optimize-ensemble')
  })

  test('compare a quantised and a pruned variant with their base: one passes the gate, one fails', async ({ page, console: c }) => {
    test.setTimeout(120_000)
    const [b, q, p] = await versions(c, 'clf', 3)
    await page.goto(c.openUrl + '#/optimize/variants')
    await expect(page.getByRole('heading', { name: 'No comparisons yet' })).toBeVisible()
    const v = path.join(FIX, 'variants')
    await page.getByRole('textbox', { name: /^Name/ }).fill('clf int8 and pruned')
    await page.getByLabel('Holdout file').fill(path.join(v, 'holdout.csv'))
    await page.getByLabel('Base version').selectOption(String(b))
    await page.getByRole('button', { name: 'Add a variant' }).click()
    await page.getByRole('combobox', { name: 'Variant 1', exact: true }).selectOption(String(q))
    await page.getByRole('combobox', { name: 'Variant 2', exact: true }).selectOption(String(p))
    const cols = page.getByLabel('Probability column (holdout)')
    const files = page.getByLabel('Model file (size)')
    for (const [i, k] of ['base', 'int8', 'pruned'].entries()) {
      await cols.nth(i).fill(k)
      await files.nth(i).fill(path.join(v, `${k}.bin`))
    }
    await page.getByLabel('Lineage').nth(0).selectOption('quantised')
    await page.getByLabel('Lineage').nth(1).selectOption('pruned')
    await page.getByLabel('Latency results file').fill(path.join(v, 'latencies.csv'))
    await page.getByRole('button', { name: 'Compare', exact: true }).click()
    const done = page.getByRole('status').filter({ hasText: 'Compared' })
    await expect(done).toContainText('1 of 2 variants pass the gate', { timeout: 60_000 })
    await done.getByRole('link', { name: 'clf int8 and pruned' }).click()
    const glance = page.getByRole('region', { name: 'Comparison at a glance' })
    await expect(glance.locator('.pill.pass')).toHaveCount(1)
    await expect(glance.locator('.pill.fail')).toHaveCount(1)
    await expect(glance).toContainText('slower')
    await expect(glance.locator('.cell-bad').first()).toBeVisible()
    await expect(page.getByRole('region', { name: 'Latency at batch 32' }).locator('canvas')).toBeVisible()
    await screenshot(page, 'optimize-variants')
  })
})
