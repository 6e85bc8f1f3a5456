import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, rpc, screenshot, test } from './fixtures'

/** Two generated CSVs: a reference (training) sample and a drifted production window. */
function generate(dir: string): { reference: string; current: string } {
  let seed = 42
  const rand = (): number => (seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296
  const normal = (m: number, s: number): number => m + s * Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand())
  const pick = <T>(xs: T[], ps: number[]): T => {
    let r = rand()
    for (let i = 0; i < xs.length; i++) if ((r -= ps[i]!) <= 0) return xs[i]!
    return xs[xs.length - 1]!
  }
  const write = (file: string, n: number, shift: boolean): string => {
    const lines = ['customer_id,age,income,plan,country,is_mobile,signup_date,prediction']
    for (let i = 0; i < n; i++) {
      const age = normal(shift ? 44 : 40, 12)
      const country = pick(shift ? ['DE', 'FR', 'US', 'BR'] : ['DE', 'FR', 'US'], shift ? [0.3, 0.2, 0.35, 0.15] : [0.4, 0.2, 0.4])
      const day = new Date(Date.UTC(2025, shift ? 3 : 0, 1) + Math.floor(rand() * 90) * 86_400_000).toISOString().slice(0, 10)
      lines.push(
        [
          `C-${shift ? 'w' : 't'}${String(i).padStart(5, '0')}`,
          age.toFixed(1),
          Math.exp(normal(shift ? 10.3 : 10, 0.5)).toFixed(2),
          pick(['basic', 'pro', 'team'], shift ? [0.4, 0.4, 0.2] : [0.6, 0.3, 0.1]),
          country,
          rand() < 0.6 ? 'true' : 'false',
          day,
          (1 / (1 + Math.exp(-(age - 40) / 10))).toFixed(4)
        ].join(',')
      )
    }
    const p = path.join(dir, file)
    fs.writeFileSync(p, lines.join('\n') + '\n')
    return p
  }
  return { reference: write('train.csv', 800, false), current: write('window.csv', 700, true) }
}

// its registry models must not show in the models spec's empty registry
test.use({ ownConsole: true })

test.describe('drift', () => {
  test('import two CSVs, create a check, run it, read the report and a column', async ({ page, console: c }) => {
    test.setTimeout(120_000)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-drift-'))
    const files = generate(dir)
    await page.goto(c.openUrl)
    await page.locator('.sidebar a[data-area="drift"]').click()
    await expect(page.locator('.page-header h1')).toHaveText('Drift')
    await expect(page.getByRole('heading', { name: 'No drift checks yet' })).toBeVisible()

    for (const [file, name, role] of [
      [files.reference, 'churn-train', 'reference'],
      [files.current, 'churn-window', 'current']
    ] as const) {
      await page.goto(`${c.url}/#/drift/datasets/import`)
      await page.getByLabel('File or folder path').fill(file)
      await page.getByRole('button', { name: 'Inspect' }).click()
      await expect(page.getByRole('heading', { name: 'Inferred schema' })).toBeVisible()
      await expect(page.getByTestId('file-summary')).toContainText(/CSV · delimiter “,” · header row · UTF-8 · \d+ columns · [\d,]+ rows/)
      await expect(page.getByLabel('Type of age')).toHaveValue('numeric')
      await expect(page.getByLabel('Type of country')).toHaveValue('categorical')
      await expect(page.getByLabel('Type of is_mobile')).toHaveValue('boolean')
      await expect(page.getByLabel('Type of signup_date')).toHaveValue('datetime')
      // order numbers read as text; as categories they are tested unless unique per row
      await page.getByLabel('Type of customer_id').selectOption('categorical')
      await page.getByLabel('Dataset name').fill(name)
      await page.getByLabel('Model', { exact: true }).fill('churn')
      await page.getByLabel('Version', { exact: true }).fill('3')
      await page.getByLabel('Role').selectOption(role)
      await page.getByRole('button', { name: 'Save dataset' }).click()
      await expect(page.locator('.page-header h1')).toHaveText(name)
      await expect(page.getByRole('heading', { name: 'Schema' })).toBeVisible()
    }

    // the check's model and version come from the registry
    const model = await rpc<{ id: number }>(c, 'models:create', { name: 'churn', description: '', owner: '', tags: {} })
    for (let i = 0; i < 3; i++) await rpc(c, 'models:createVersion', { modelId: model.id, description: '', notes: '', tags: {} })

    await page.goto(`${c.url}/#/drift/checks/new`)
    await page.getByLabel('Check name').fill('churn v3 weekly')
    await expect(page.getByLabel('Model', { exact: true }).locator('option')).toHaveText(['none', 'churn'])
    await page.getByLabel('Model', { exact: true }).selectOption('churn')
    await expect(page.getByLabel('Version', { exact: true }).locator('option')).toHaveText(['any', '3', '2', '1'])
    await page.getByLabel('Version', { exact: true }).selectOption('3')
    // before running: what "default" resolves to per column, and the ID column left out with a way to include it
    await expect(page.getByTestId('resolution-age')).toHaveText(
      /^default → Kolmogorov–Smirnov at 0\.05 \(numeric, \d+ distinct, n = 800 ≤ 1,000\)$/
    )
    await expect(page.getByTestId('resolution-country')).toContainText('default → Chi-square at 0.05 (categorical')
    await expect(page.getByTestId('resolution-customer_id')).toHaveText('not tested: unique per row')
    await expect(page.getByLabel('Include customer_id')).not.toBeChecked()
    await page.getByLabel('Include customer_id').check()
    await expect(page.getByTestId('resolution-customer_id')).toContainText('default → Chi-square')
    await page.getByLabel('Include customer_id').uncheck()
    await expect(page.getByTestId('resolution-customer_id')).toHaveText('not tested: unique per row')
    await expect(page.getByLabel('Reference dataset')).toHaveValue(/\d+/)
    await expect(page.getByLabel('Prediction column').locator('option', { hasText: 'prediction' })).toHaveCount(1)
    await page.getByLabel('Prediction column').selectOption('prediction')
    await page.getByLabel('Schedule').fill('0 6 * * 1')
    await page.getByLabel('Time zone').fill('Mars/Base')
    await page.getByLabel('Test for income').selectOption('psi')
    await expect(page.getByTestId('resolution-income')).toHaveText('set → PSI at 0.1')
    await screenshot(page, 'drift-check-setup')
    await page.getByRole('button', { name: 'Save check' }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'not a time zone' })).toBeVisible()
    await page.getByLabel('Time zone').fill('Europe/Paris')
    await page.getByRole('button', { name: 'Save check' }).click()
    await expect(page.locator('.page-header h1')).toHaveText('churn v3 weekly')
    await expect(page.getByText('(Europe/Paris)')).toBeVisible()
    await expect(page.getByRole('heading', { name: 'This check has not run yet' })).toBeVisible()

    await page.getByRole('button', { name: 'Run now' }).first().click()
    await expect(page.getByRole('heading', { name: /Latest run/ })).toBeVisible({ timeout: 60_000 })
    // one run: its score said as a value, not drawn as a lone point on a time axis
    await expect(page.locator('.drift-one-run')).toContainText('One run so far: drift score')
    await expect(page.getByRole('heading', { name: 'Drift score over time' })).toHaveCount(0)
    const table = page.locator('table.drift-columns')
    await expect(table.locator('tbody tr')).toHaveCount(8)
    await expect(table.locator('tr', { hasText: 'customer_id' })).toContainText('left out: unique per row')
    await expect(table.locator('tr', { hasText: 'country' })).toContainText('Chi-square')
    await expect(table.locator('tr', { hasText: 'country' })).toContainText('new: BR')
    await expect(table.locator('tr', { hasText: 'income' })).toContainText('PSI')
    await expect(page.locator('.drift-verdict')).toContainText('tested columns drifted')
    await screenshot(page, 'drift-report')

    // export: CSV one row per column, JSON, and an HTML report that opens without the console
    const saved = async (label: string): Promise<string> => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label, exact: true }).click()])
      return fs.readFileSync((await download.path())!, 'utf8')
    }
    const csv = (await saved('CSV')).trim().split('\n')
    expect(csv[0]).toBe('column,role,kind,test,statistic,p_value_or_score,score_kind,threshold,verdict,note')
    expect(csv).toHaveLength(9)
    expect(csv.find((l) => l.startsWith('customer_id,'))).toContain('left out: unique per row')
    const json = JSON.parse(await saved('JSON')) as { check: { model: string; version: string }; columns: unknown[] }
    expect(json.check).toMatchObject({ model: 'churn', version: '3' })
    expect(json.columns).toHaveLength(8)
    const html = await saved('HTML report')
    expect(html).not.toMatch(/<script|<link|src=/i)
    const htmlFile = path.join(dir, 'report.html')
    fs.writeFileSync(htmlFile, html)
    const standalone = await page.context().newPage()
    await standalone.goto(`file://${htmlFile}`)
    await expect(standalone.getByRole('heading', { name: 'Drift report: churn v3 weekly' })).toBeVisible()
    await expect(standalone.getByRole('img', { name: 'country: share per category' })).toBeVisible()
    await screenshot(standalone, 'drift-export-html')
    await standalone.close()

    await table.getByRole('link', { name: 'age' }).click()
    await expect(page.locator('.page-header h1')).toHaveText('age')
    await expect(page.getByRole('img', { name: /Distribution of age/ })).toBeVisible()
    await expect(page.getByText('Kolmogorov–Smirnov test on the two distributions')).toBeVisible()
    await screenshot(page, 'drift-column')
    await page.getByRole('button', { name: 'ECDF' }).click()
    await screenshot(page, 'drift-column-ecdf')
    // previous / next column without going back to the report
    await expect(page.locator('.column-nav a[rel="prev"]')).toHaveText('← customer_id')
    await page.getByRole('link', { name: 'income →' }).click()
    await expect(page.locator('.page-header h1')).toHaveText('income')
    await expect(page.getByRole('link', { name: '← age' })).toBeVisible()
    await page.goBack()
    await expect(page.locator('.page-header h1')).toHaveText('age')
    await page.goBack()
    await page.locator('table.drift-columns').getByRole('link', { name: 'country' }).click()
    await expect(page.getByRole('heading', { name: 'Category shares, reference and current' })).toBeVisible()
    const counts = page.getByRole('table', { name: 'Category counts, reference and current' })
    await expect(counts.locator('thead th')).toHaveText([
      'Category',
      'Reference rows',
      'Reference share',
      'Current rows',
      'Current share',
      'Change (pts)'
    ])
    await expect(counts.locator('tr', { hasText: 'BR' }).locator('td').nth(1)).toHaveText('0')
    await counts.scrollIntoViewIfNeeded()
    await screenshot(page, 'drift-column-categories')
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.goBack()
    await expect(page.locator('table.drift-columns')).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await screenshot(page, 'drift-report-dark')
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
