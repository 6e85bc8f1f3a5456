import fs from 'node:fs'
import path from 'node:path'
import { sharedData } from '../helpers/data'
import { generateMlruns } from '../helpers/mlrunsStore'
import { expect, runJob, screenshot, startConsole, test } from './fixtures'

/**
 * Ranking and comparing like the MLflow UI, on a generated sweep (12 runs, val_accuracy_1 different in each) and on
 * mlruns-a (48 runs that all share one name; 32 reach accuracy 1.0, logged once):
 * sortable metric columns, a metrics.accuracy search, compare the top N, the picker's key metric, select all / clear,
 * runs told apart, ties marked as ties, mlflow.* tags hidden, long JSON collapsed, a once-logged metric as values.
 */
test.describe.configure({ mode: 'serial' })
let c: Awaited<ReturnType<typeof startConsole>>

test.beforeAll(async () => {
  c = await startConsole()
  await runJob(c, 'models:importMlruns', { path: sharedData('mlruns-a') })
  await runJob(c, 'models:importMlruns', { path: generateMlruns(path.join(c.dir, 'sweep'), 12, 2, 5).root })
  // one more run, below the others' accuracy of 1.0, so that three runs at 1.0 tie for best against it
  fs.writeFileSync(path.join(c.dir, 'baseline.csv'), 'run,accuracy\nbaseline-run,0.9\n')
  await runJob(c, 'models:importTable', { path: path.join(c.dir, 'baseline.csv') })
})
test.afterAll(async () => c?.stop())

test('the runs list sorts by a metric, searches with metrics.x > y and compares the top 3', async ({ page }) => {
  await page.goto(c.openUrl)
  await page.goto(`${c.url}/#/models/runs`)
  const table = page.locator('.ranked-table')
  await expect(table.locator('tbody tr')).toHaveCount(61)
  // runs that share a name are told apart by short id and start time
  const shared = table.locator('tbody tr', { hasText: 'RF-trees100-depthNone' })
  await expect(shared.first().locator('.mono.small')).toHaveText(/^[0-9a-f]{8} · \d{4}-\d\d-\d\d \d\d:\d\d$/)

  const search = async (q: string): Promise<void> => {
    await page.getByLabel('Search runs').fill(q)
    await page.getByRole('button', { name: 'Search', exact: true }).click()
  }
  await search('metrics.val_accuracy_1 > 0')
  await expect(table.locator('tbody tr')).toHaveCount(12)

  // sort by val_accuracy_1: descending first (higher is better), then ascending
  const header = table.locator('th', { hasText: 'val_accuracy_1' })
  await header.getByRole('button').click()
  await expect(header).toHaveAttribute('aria-sort', 'descending')
  const col = await table.locator('thead th').evaluateAll((ths) => ths.findIndex((th) => th.textContent?.includes('val_accuracy_1')))
  const values = async (): Promise<number[]> =>
    (await table.locator(`tbody tr td:nth-child(${col + 1})`).allTextContents()).map((t) => Number(t))
  const desc = await values()
  expect(new Set(desc).size).toBe(12)
  expect(desc).toEqual([...desc].sort((a, b) => b - a))
  await header.getByRole('button').click()
  await expect(header).toHaveAttribute('aria-sort', 'ascending')
  expect(await values()).toEqual([...desc].reverse())

  // a narrower search keeps exactly the runs above the threshold
  const threshold = (desc[4]! + desc[5]!) / 2 // between the 5th and 6th (the cells are rounded to 4 digits)
  await search(`metrics.val_accuracy_1 > ${threshold}`)
  await expect(table.locator('tbody tr')).toHaveCount(5)
  expect((await values()).every((v) => v > threshold)).toBe(true)
  // a mistake is said in words next to the search field
  await search('val_accuracy_1 > 0')
  await expect(page.locator('.field', { hasText: 'Search runs' }).locator('.field-error')).toContainText('start with metrics.')
  await search('metrics.val_accuracy_1 > 0')
  await expect(table.locator('tbody tr')).toHaveCount(12)
  await screenshot(page, 'models-runs-ranked')

  // select all / clear, and a disabled Compare that says why
  await page.getByRole('button', { name: 'Select all' }).click()
  await expect(table.locator('tbody input:checked')).toHaveCount(12)
  await page.getByRole('button', { name: 'Clear' }).click()
  await expect(page.locator('.ranked-actions .disabled-reason').first()).toHaveText('Tick two or more runs to compare')

  // compare the top 3 by val_accuracy_1: the best three, in the compare page
  await page.getByLabel('How many to compare').fill('3')
  await page.getByLabel('Rank by metric').selectOption('val_accuracy_1')
  await page.getByRole('button', { name: 'Compare top 3' }).click()
  await expect(page).toHaveURL(/#\/models\/compare\/r\d+,r\d+,r\d+$/)
  const row = page.locator('.compare-table').first().locator('tr', { hasText: 'val_accuracy_1' })
  for (const v of desc.slice(0, 3)) await expect(row).toContainText(v.toPrecision(4))
})

test('compare: picker with a key metric, ties marked, system tags hidden, long JSON collapsed, single values drawn as values', async ({
  page
}) => {
  await page.goto(c.openUrl)
  await page.goto(`${c.url}/#/models/compare`)
  const picker = page.locator('.compare-picker')
  await expect(picker.getByLabel('Key metric')).toHaveValue('accuracy')
  const runs = picker.locator('fieldset', { hasText: 'Runs' })
  await expect(runs.locator('.picker-item')).toHaveCount(61)
  const rf = runs.locator('.picker-item', { hasText: 'RF-trees100-depthNone' })
  await expect(rf.first()).toContainText(/[0-9a-f]{8} · \d{4}-/)
  await expect(rf.locator('.picker-metric', { hasText: '1.000' })).toHaveCount(32)
  // narrow to runs at accuracy 1.0 and pick three of them: a three-way tie for best
  await picker.getByLabel('Filter versions and runs').fill('metrics.accuracy = 1')
  await expect(runs.locator('.picker-item')).toHaveCount(32)
  for (let i = 0; i < 3; i++) {
    await runs.locator('.picker-item input').nth(i).click() // the box follows the URL, a moment after the click
    await expect(page).toHaveURL(
      new RegExp(
        `#/models/compare/${Array(i + 1)
          .fill('r\\d+')
          .join(',')}$`
      )
    )
  }
  await expect(page).toHaveURL(/#\/models\/compare\/r\d+,r\d+,r\d+$/)
  await picker.getByLabel('Filter versions and runs').fill('tags.mlflow.runName = "RF-trees100-depthNone" and metrics.accuracy < 1')
  await expect(runs.locator('.picker-item')).toHaveCount(0)
  await picker.getByLabel('Filter versions and runs').fill('baseline-run')
  await expect(runs.locator('.picker-item')).toHaveCount(1)
  await runs.locator('.picker-item input').click()
  await expect(runs.locator('.picker-item input')).toBeChecked()
  const metrics = page.locator('.compare-table').first()
  await expect(metrics.locator('tr', { hasText: 'accuracy' }).locator('.best-mark')).toHaveCount(3)
  await expect(metrics.locator('tr', { hasText: 'accuracy' }).locator('.best-mark').first()).toHaveText('★ tie')

  // runs' mlflow.* tags are hidden until asked; the long model history JSON is collapsed
  await page.getByLabel('Show differences only').uncheck()
  const tags = page.locator('.compare-table').nth(2)
  await expect(page.getByLabel(/Show MLflow system tags/)).not.toBeChecked()
  await expect(page.locator('.compare-table', { hasText: 'mlflow.runName' })).toHaveCount(0)
  await page.getByLabel(/Show MLflow system tags/).check()
  await expect(tags).toContainText('mlflow.log-model.history')
  const history = tags.locator('tr', { hasText: 'mlflow.log-model.history' }).locator('details.long-value').first()
  await expect(history.locator('summary')).toHaveText(/^JSON \[1 item\] · [\d,]+ characters$/)
  await expect(history.locator('pre')).toBeHidden()
  await history.locator('summary').click()
  await expect(history.locator('pre')).toContainText('"artifact_path"')

  // accuracy was logged once per run: drawn as one value per item, and said so
  await page.getByLabel('History metric').selectOption('accuracy')
  await expect(page.getByText('accuracy was logged once per item')).toBeVisible()
  await screenshot(page, 'models-compare-ties')
  // the picker's clear empties the runs
  await picker.getByLabel('Filter versions and runs').fill('')
  await runs.getByRole('button', { name: 'clear' }).click()
  await expect(page).toHaveURL(/#\/models\/compare\/?$/)
})
