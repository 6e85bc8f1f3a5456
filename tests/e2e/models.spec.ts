import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { sharedData, writableCopy } from '../helpers/data'
import { expect, hasTool, screenshot, SCREENS, test } from './fixtures'

const MLRUNS_A = sharedData('mlruns-a')
/** A run of mlruns-a deleted in the copy the test imports (`mlflow runs delete` sets its lifecycle_stage). */
const DELETED_RUN = '143a83bd1d8b4169a199dd7cca17d340'

/** The inline error under a form field, found by the field's label. */
const fieldError = (page: Page, scope: Locator, label: string): Locator =>
  scope.locator('.field', { has: page.locator('.field-label', { hasText: label }) }).locator('.field-error')

test.describe('models area', () => {
  test('import mlruns-a, registry, version, compare, report PDF, evaluate', async ({ page, console: c }) => {
    test.setTimeout(120_000)
    await page.goto(c.openUrl + '#/models')
    await expect(page.getByRole('heading', { name: 'No models yet' })).toBeVisible()
    await screenshot(page, 'models-empty')

    // import through the UI: a copy of mlruns-a with one run deleted in MLflow
    const store = writableCopy(MLRUNS_A, path.join(c.dir, 'mlruns-a'))
    const meta = path.join(store, 'mlruns', '232396052048832439', DELETED_RUN, 'meta.yaml')
    fs.writeFileSync(meta, fs.readFileSync(meta, 'utf8').replace(/^lifecycle_stage: active$/m, 'lifecycle_stage: deleted'))
    await page.goto(c.url + '/#/models/import')
    await page.getByLabel('MLflow file store (mlruns folder) path').fill(store)
    await page.locator('.card', { hasText: 'MLflow file store (mlruns folder)' }).getByRole('button', { name: 'Import' }).click()
    const report = page.getByRole('status', { name: 'Import report' })
    await expect(report).toContainText('47 new', { timeout: 30_000 })
    await expect(report).toContainText('plus 1 run(s) deleted in MLflow')
    await expect(report).toContainText('30 new and 0 updated version(s)')

    // registry
    await page.locator('.subnav a', { hasText: 'Registry' }).click()
    await expect(page.getByRole('link', { name: 'iris-classifier' })).toBeVisible()
    await screenshot(page, 'models-registry')

    // model → version page, with a live stage change
    await page.getByRole('link', { name: 'iris-classifier' }).click()
    await expect(page.getByRole('heading', { name: 'Versions' })).toBeVisible()
    await screenshot(page, 'models-model')
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
    // the picker hides the deleted run until asked
    const runs = page.locator('.compare-picker fieldset', { hasText: 'Runs' }).locator('label.checkbox')
    await expect(runs).toHaveCount(47)
    await page.getByLabel('Show deleted runs').check()
    await expect(runs).toHaveCount(48)
    await expect(runs.filter({ hasText: 'deleted' })).toHaveCount(1)
    await page.getByLabel('Show deleted runs').uncheck()
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
    if (hasTool('pdftotext')) {
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

  test('register a model and versions through the forms, with field errors', async ({ page, console: c }) => {
    test.setTimeout(90_000)
    await page.goto(c.openUrl + '#/models')
    await expect(page.getByRole('link', { name: 'iris-classifier' })).toBeVisible()

    // new model: an empty name, a bad tag line and a duplicate name are refused next to their fields
    await page.getByRole('button', { name: 'New model' }).click()
    const form = page.getByRole('form', { name: 'New model' })
    await form.getByRole('button', { name: 'Create model' }).click()
    await expect(fieldError(page, form, 'Name')).toHaveText('must not be empty')
    await form.getByLabel('Name').fill('iris-classifier')
    await form.getByLabel('Tags').fill('team=ml-platform\njust words')
    await form.getByRole('button', { name: 'Create model' }).click()
    await expect(fieldError(page, form, 'Tags')).toHaveText('line 2: write key=value (“just words” has no =)')
    await expect(fieldError(page, form, 'Name')).toHaveCount(0)
    await form.getByLabel('Tags').fill('team=ml-platform\ntask=classification')
    await form.getByRole('button', { name: 'Create model' }).click()
    await expect(fieldError(page, form, 'Name')).toHaveText('a model named “iris-classifier” already exists')
    await expect(form).toContainText('Nothing was saved: fix the field marked above.')
    await screenshot(page, 'models-new-model-errors')

    await form.getByLabel('Name').fill('churn-classifier')
    await form.getByLabel('Owner').fill('ml-platform')
    await form.getByLabel('Description').fill('Predicts which customers cancel next month')
    await form.getByRole('button', { name: 'Create model' }).click()
    await expect(page.locator('.page-header h1')).toHaveText('churn-classifier')
    expect(page.url()).toMatch(/#\/models\/\d+$/)
    await expect(page.locator('.page-header')).toContainText('Predicts which customers cancel next month')
    await expect(page.getByRole('heading', { name: 'No versions yet' })).toBeVisible()
    await expect(page.locator('.facts')).toContainText('task=classification')
    await screenshot(page, 'models-new-model')

    // register v1 from an imported run that backs no version yet
    await page.getByRole('button', { name: 'Register the first version' }).click()
    const reg = page.getByRole('form', { name: 'Register version' })
    await expect(reg.getByRole('heading', { name: 'Register churn-classifier v1' })).toBeVisible()
    await reg.getByRole('button', { name: 'Register version' }).click()
    await expect(fieldError(page, reg, 'Source run')).toContainText('pick the run that trained this version')
    await reg.getByLabel('Find a run').fill('3a4a388c')
    const source = reg.getByLabel('Source run')
    await expect(source.locator('optgroup[label="Not a version yet"] option')).toHaveCount(1)
    await source.selectOption((await source.locator('option', { hasText: '3a4a388c' }).getAttribute('value'))!)
    await reg.getByLabel('Training data').fill('data/train/train.csv')
    await reg.getByLabel('Description').fill('Baseline from the April sweep')
    await reg.getByLabel('Notes (Markdown)', { exact: true }).fill('## Why\n\nA **baseline** to compare retrains against.')
    await reg.getByLabel('Version tags').fill('source=e2e')
    await reg.getByRole('button', { name: 'Preview' }).click()
    await expect(reg.locator('.runbook-preview h4')).toHaveText('Why')
    await screenshot(page, 'models-register-version')
    await reg.getByRole('button', { name: 'Register version' }).click()
    await expect(page.locator('.page-header h1')).toHaveText('churn-classifier v1')
    const v1 = Number(/version\/(\d+)$/.exec(page.url())![1])
    await expect(page.locator('.card').first()).toContainText('n_estimators') // the run's params
    await expect(page.locator('.card').first()).toContainText('f1_score') // and metrics
    await expect(page.locator('.facts')).toContainText('3a4a388c89f84f3da0145be21820d664')
    await expect(page.locator('.facts')).toContainText('data/train/train.csv')
    await expect(page.getByRole('heading', { name: 'Why' })).toBeVisible()
    await screenshot(page, 'models-new-version')

    // v2 from an artifact file, child of v1: a missing file is refused under its field
    await page.getByRole('link', { name: 'all versions of churn-classifier' }).click()
    await page.getByRole('button', { name: 'Register version' }).click()
    const reg2 = page.getByRole('form', { name: 'Register version' })
    await reg2.getByLabel('Artifact path').fill(path.join(c.dir, 'missing.pkl'))
    await reg2.getByLabel('Parent version').selectOption({ label: 'v1 · RF-trees100-depthNone' })
    await reg2.getByRole('button', { name: 'Register version' }).click()
    await expect(fieldError(page, reg2, 'Artifact path')).toContainText('does not exist on the machine running the console')
    const artifact = path.join(c.dir, 'model.pkl')
    fs.writeFileSync(artifact, 'not really a pickle\n')
    await reg2.getByLabel('Artifact path').fill(artifact)
    await reg2.getByRole('button', { name: 'Register version' }).click()
    await expect(page.locator('.page-header h1')).toHaveText('churn-classifier v2')
    await expect(page.locator('.facts')).toContainText('20 B (20 bytes)')
    await expect(page.locator('.facts')).toContainText('v1')

    // edit v1: making v2 its parent would be a cycle; then change its notes
    await page.goto(c.url + `/#/models/version/${v1}/edit`)
    const edit = page.getByRole('form', { name: 'Edit version' })
    await expect(edit.getByLabel('Notes (Markdown)', { exact: true })).toHaveValue(/A \*\*baseline\*\*/)
    await edit.getByLabel('Parent version').selectOption({ label: 'v2' })
    await edit.getByRole('button', { name: 'Save version' }).click()
    await expect(fieldError(page, edit, 'Parent version')).toHaveText('that parent would make the lineage a cycle')
    await screenshot(page, 'models-edit-version-error')
    await edit.getByLabel('Parent version').selectOption('')
    await edit.getByLabel('Notes (Markdown)', { exact: true }).fill('## Why\n\nSuperseded by v2.')
    await edit.getByRole('button', { name: 'Save version' }).click()
    await expect(edit).toHaveCount(0)
    await expect(page.locator('.markdown').first()).toContainText('Superseded by v2.')

    // edit the model's owner and tags
    await page.getByRole('link', { name: 'all versions of churn-classifier' }).click()
    await page.getByRole('button', { name: 'Edit model' }).click()
    const editModel = page.getByRole('form', { name: 'Edit model' })
    await expect(editModel.getByLabel('Tags')).toHaveValue('team=ml-platform\ntask=classification')
    await editModel.getByLabel('Owner').fill('churn-team')
    await editModel.getByLabel('Tags').fill('team=churn\ntask=classification')
    await editModel.getByRole('button', { name: 'Save model' }).click()
    await expect(editModel).toHaveCount(0)
    await expect(page.locator('.facts')).toContainText('churn-team')
    await expect(page.locator('.facts')).toContainText('team=churn')
    await expect(page.getByRole('link', { name: 'v2', exact: true })).toBeVisible()
    await screenshot(page, 'models-model-edited')

    // an alias set on a version can be removed from the model page; then the model is deleted
    await page.getByRole('link', { name: 'v2', exact: true }).click()
    await page.getByLabel('Alias name').fill('challenger')
    await page.getByRole('button', { name: 'Point alias here' }).click()
    await page.getByRole('link', { name: 'all versions of churn-classifier' }).click()
    await expect(page.locator('.alias-list')).toContainText('challenger')
    await page.getByRole('button', { name: 'Remove alias challenger' }).click()
    await expect(page.getByText('No aliases.')).toBeVisible()
    page.once('dialog', (d) => void d.accept())
    await page.getByRole('button', { name: 'Delete model' }).click()
    await expect(page).toHaveURL(/#\/models$/)
    await expect(page.getByRole('link', { name: 'churn-classifier' })).toHaveCount(0)
  })
})

// Three classes with one probability column per class: detection, evaluation, Compare, and a bad mapping.
test('multiclass evaluation in the UI', async ({ page, console: c }) => {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  const rpc = async (ch: string, input: unknown) => {
    const r = await fetch(`${c.url}/api/rpc/${ch}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', origin: c.url },
      body: JSON.stringify(input)
    })
    const j = await r.json()
    if (!j.ok) throw new Error(JSON.stringify(j))
    return j.data
  }
  const m = await rpc('models:create', { name: 'zoo', description: '', owner: '', tags: {} })
  const v1 = await rpc('models:createVersion', { modelId: m.id, description: '', notes: '', tags: {} })
  const v2 = await rpc('models:createVersion', { modelId: m.id, description: '', notes: '', tags: {} })
  const classes = ['cat', 'dog', 'fox']
  const lines = ['id,label,pred,proba_cat,proba_dog,proba_fox']
  const lines2 = ['id,p2:cat,p2:dog,p2:fox']
  for (let i = 0; i < 90; i++) {
    const y = i % 3
    const p = [0.2, 0.2, 0.2]
    p[y] = 0.6
    if (i % 5 === 0) {
      p[y] = 0.2
      p[(y + 1) % 3] = 0.6
    }
    lines.push(`r${i},${classes[y]},${classes[p.indexOf(0.6)]},${p.join(',')}`)
    const q = [0.3, 0.3, 0.3]
    q[y] = 0.45
    if (i % 4 === 0) {
      q[y] = 0.25
      q[(y + 2) % 3] = 0.5
    }
    lines2.push(`r${i},${q.join(',')}`)
  }
  const holdout = path.join(c.dir, 'zoo.csv')
  fs.writeFileSync(holdout, lines.join('\n') + '\n')
  const other = path.join(c.dir, 'zoo2.csv')
  fs.writeFileSync(other, lines2.join('\n') + '\n')
  await page.goto(c.openUrl + '#/models/evaluate')
  await page.getByLabel('Holdout path').fill(holdout)
  await page.getByLabel('Id column').fill('id')
  await page.getByLabel('Bootstrap resamples').fill('200')
  await page.getByLabel('Version 1').selectOption({ label: 'zoo v1' })
  await page.getByLabel('Prediction column 1').fill('pred')
  await page.getByRole('button', { name: /use proba_/ }).click()
  await expect(page.getByLabel('Class probabilities 1')).toHaveValue('proba_')
  await expect(page.getByLabel('Resolved probability columns 1')).toContainText('proba_fox → fox')
  await page.getByRole('button', { name: 'Add version' }).click()
  await page.getByLabel('Version 2').selectOption({ label: 'zoo v2' })
  await page.getByLabel('Predictions file 2').fill(other)
  await page.getByRole('button', { name: /use p2:/ }).click()
  await screenshot(page, 'models-evaluate-multiclass-form')
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click()
  await expect(page.locator('.evaluation-result')).toContainText('roc_auc_ovr_macro', { timeout: 30_000 })
  await expect(page.getByRole('heading', { name: 'Calibration curve (top-label)' })).toBeVisible()
  await page.waitForTimeout(500)
  await page.locator('.evaluation-result').screenshot({ path: path.join(SCREENS, 'models-evaluate-multiclass-result.png') })
  await page.goto(c.openUrl + `#/models/compare/v${v1.id},v${v2.id}`)
  await expect(page.locator('.compare-table').first()).toContainText('eval:roc_auc_ovr_weighted')
  await expect(page.locator('.compare-table').first()).toContainText('eval:average_precision_ovr_macro')
  await screenshot(page, 'models-compare-multiclass')
  // a bad mapping: clear error, nothing stored
  await page.goto(c.openUrl + '#/models/evaluate')
  await page.getByLabel('Holdout path').fill(holdout)
  await page.getByLabel('Version 1').selectOption({ label: 'zoo v1' })
  await page.getByLabel('Class probabilities 1').fill('cat=proba_cat, dog=proba_dog, fox=nope')
  await expect(page.getByLabel('Resolved probability columns 1')).toContainText('nope → fox (no such column)')
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click()
  await expect(page.getByText('has no column "nope"')).toBeVisible()
  await screenshot(page, 'models-evaluate-multiclass-error')
  expect(errors.filter((e) => !/400|Bad Request|VALIDATION|has no column|frame-ancestors/.test(e))).toEqual([])
})
