import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { sharedData } from '../helpers/data'
import { expect, screenshot, startConsole, test } from './fixtures'

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
const FIX = path.join(repoRoot, 'src/main/services/explain/__fixtures__/treeshap')
const DATA = path.join(FIX, 'churn_data.csv')
const GBLINEAR = sharedData('treemodels', 'xgboost', 'xgblin_agaricus.json')

async function rpc<T = any>(c: { url: string; token: string }, ch: string, input: unknown): Promise<T> {
  const r = await fetch(`${c.url}/api/rpc/${ch}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', origin: c.url },
    body: JSON.stringify(input)
  })
  const j = (await r.json()) as { ok: boolean; data: T }
  if (!j.ok) throw new Error(JSON.stringify(j))
  return j.data
}

/** A console of its own: the registry models made here must not show in the other specs' shared console. */
let c: Awaited<ReturnType<typeof startConsole>>
test.beforeAll(async () => {
  c = await startConsole()
})
test.afterAll(async () => {
  await c?.stop()
})

async function scrollTo(page: Page, title: string): Promise<void> {
  await page.getByRole('region', { name: title }).scrollIntoViewIfNeeded()
}

test.describe('explainability', () => {
  test('explain two versions, read the beeswarm and a waterfall, export PNG and CSV, compare the versions', async ({ page }) => {
    test.setTimeout(180_000)
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && !m.text().includes("'frame-ancestors' is ignored") && errors.push(m.text()))
    await page.goto(c.openUrl + '#/explain')
    await expect(page.getByRole('heading', { name: 'No explanations yet' })).toBeVisible()

    const m = await rpc(c, 'models:create', { name: 'churn', description: 'who leaves next month', owner: 'growth', tags: {} })
    const v1 = await rpc(c, 'models:createVersion', {
      modelId: m.id,
      artifactPath: path.join(FIX, 'churn_v1.model.json'),
      description: '',
      notes: '',
      tags: {}
    })
    const v2 = await rpc(c, 'models:createVersion', {
      modelId: m.id,
      artifactPath: path.join(FIX, 'churn_v2.model.json'),
      description: '',
      notes: '',
      tags: {}
    })

    // a new explanation through the form: inspect the version's model, explain 2,000 rows, follow the job
    await page.goto(c.url + '/#/explain/new')
    await page.getByRole('combobox', { name: /^Version/ }).selectOption(String(v1.id))
    await page.getByRole('button', { name: 'Inspect model' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'binary:logistic' })).toContainText(
      'xgboost 1.7.4 · binary:logistic · 60 trees'
    )
    await page.getByRole('textbox', { name: /^Data file/ }).fill(DATA)
    await page.getByRole('textbox', { name: /^Rows \(at most\)/ }).fill('2000')
    await page.getByRole('button', { name: 'Explain', exact: true }).click()
    await expect(page.locator('.page-header h1')).toHaveText(/churn v1 · churn_data\.csv/, { timeout: 60_000 })
    await expect(page.locator('.stat-tile', { hasText: 'Rows explained' })).toContainText('2,000')
    await expect(page.locator('.stat-tile', { hasText: 'Local accuracy' })).toHaveClass(/tone-up/)
    await expect(page.getByRole('img', { name: /Global importance/ })).toBeVisible()
    await expect(page.getByRole('region', { name: 'Beeswarm summary' })).toContainText('2,000 of 2,000 rows drawn')

    // beeswarm with one row highlighted
    await page.getByLabel('Highlight row (position)').fill('3')
    await expect(page.getByRole('region', { name: 'Beeswarm summary' })).toContainText('outlined: data row 3')
    await scrollTo(page, 'Beeswarm summary')
    await screenshot(page, 'explain-beeswarm')

    // PNG and CSV export of a view
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Save Beeswarm.*as PNG/ }).click()])
    expect(png.suggestedFilename()).toMatch(/^beeswarm-.*\.png$/)
    expect(
      fs
        .readFileSync((await png.path())!)
        .subarray(1, 4)
        .toString()
    ).toBe('PNG')
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('region', { name: 'Global importance' }).getByRole('button', { name: 'Export CSV' }).click()
    ])
    const text = fs
      .readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\n')
    expect(text[0]).toBe('feature,mean_abs_shap,mean_shap,mean_standard_error')
    expect(text).toHaveLength(7)

    // dependence coloured by the strongest interaction
    await page.getByLabel('Dependence feature').selectOption('support_calls')
    await expect(page.getByRole('region', { name: 'Dependence' })).toContainText(/interacts with most \(\w+, from approximation\)/)
    await scrollTo(page, 'Dependence')
    await screenshot(page, 'explain-dependence')

    // one prediction: waterfall and force plot
    await page.getByLabel('Row position').fill('5')
    await expect(page.locator('.explain-row-picker')).toContainText('data row 5')
    await expect(page.getByRole('img', { name: 'Waterfall of data row 5: from E[f(X)] to f(x)' })).toBeVisible()
    await expect(page.getByRole('img', { name: 'Force plot of data row 5' })).toBeVisible()
    await scrollTo(page, 'Waterfall')
    await screenshot(page, 'explain-waterfall')

    // the second version, through the API (the seed's callers use it), then the comparison from the list
    const started = await rpc<{ jobId: string }>(c, 'explain:explainDataset', { versionId: v2.id, dataPath: DATA, rows: 2000 })
    await expect.poll(async () => (await rpc(c, 'jobs:get', { id: started.jobId })).state, { timeout: 60_000 }).toBe('done')
    await page.goto(c.url + '/#/explain')
    await page.getByLabel(/Pick churn v1/).check()
    await page.getByLabel(/Pick churn v2/).check()
    await page.getByRole('button', { name: 'Compare the two ticked' }).click()
    await expect(page.locator('.stat-tile', { hasText: 'Same data' })).toContainText('yes')
    const drift = page.getByRole('region', { name: 'Drift check on attributions' })
    await expect(drift.locator('tbody tr')).toHaveCount(6)
    await expect(drift.locator('tr', { hasText: 'support_calls' }).locator('.pill')).toHaveText('drift')
    await expect(page.getByRole('img', { name: 'Importance ranks of A and B side by side' })).toBeVisible()
    await expect(page.getByRole('img', { name: 'Shift in mean absolute SHAP value from A to B' })).toBeVisible()
    await screenshot(page, 'explain-compare')
    expect(errors).toEqual([])
  })

  test('one row as JSON, and a model that cannot be explained says why', async ({ page }) => {
    test.setTimeout(90_000)
    const m = await rpc(c, 'models:create', { name: 'churn-row', description: '', owner: '', tags: {} })
    const v = await rpc(c, 'models:createVersion', {
      modelId: m.id,
      artifactPath: path.join(FIX, 'churn_v2.model.json'),
      description: '',
      notes: '',
      tags: {}
    })
    await page.goto(c.openUrl + '#/explain/row')
    await page.getByLabel('Version').selectOption(String(v.id))
    await page.getByRole('button', { name: 'Explain', exact: true }).click()
    await expect(page.getByRole('img', { name: /Waterfall of data row 0/ })).toBeVisible()
    await expect(page.getByRole('region', { name: 'Waterfall' })).toContainText('a logistic link turns it into')
    await page.getByLabel('Row (JSON)').fill('{"age": 30}')
    await page.getByRole('button', { name: 'Explain', exact: true }).click()
    await expect(page.locator('.field-error')).toContainText("the row has no column for 5 of the model's 6 features")

    // the endpoints model-agnostic SHAP may call: only http(s), listed here
    await page.goto(c.url + '/#/explain/endpoints')
    await expect(page.getByRole('heading', { name: 'No endpoints yet' })).toBeVisible()
    await page.getByRole('textbox', { name: /^Name/ }).fill('churn-api')
    await page.getByRole('textbox', { name: /^Address/ }).fill('ftp://127.0.0.1/predict')
    await page.getByRole('button', { name: 'Add endpoint' }).click()
    await expect(page.locator('.field-error')).toContainText('must be an http:// or https:// address')
    await page.getByRole('textbox', { name: /^Address/ }).fill('http://127.0.0.1:9/predict')
    await page.getByRole('button', { name: 'Add endpoint' }).click()
    await expect(page.locator('table')).toContainText('http://127.0.0.1:9/predict')
    await page.goto(c.url + '/#/explain/new')
    await page.getByLabel('An HTTP endpoint').check()
    await expect(page.getByRole('combobox', { name: /^Endpoint/ })).toContainText('churn-api (http://127.0.0.1:9/predict)')
    await expect(page.getByRole('combobox', { name: /^Algorithm/ }).locator('option')).toHaveText(['Permutation SHAP', 'KernelSHAP'])

    // a model that cannot be explained says what is missing
    await page.goto(c.url + '/#/explain/new')
    await page.getByLabel('A model file').check()
    await page.getByRole('textbox', { name: /^Model file/ }).fill(GBLINEAR)
    await page.getByRole('button', { name: 'Inspect model' }).click()
    await expect(page.getByRole('alert')).toContainText('gblinear (a linear model): it has no trees')
  })
})
