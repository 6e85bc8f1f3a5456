import fs from 'node:fs'
import path from 'node:path'
import { startServingEndpoint, type ServingEndpoint } from '../helpers/servingEndpoint'
import { expect, screenshot, startConsole, test } from './fixtures'

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
const FIX = path.join(repoRoot, 'src/main/services/mlops/__fixtures__')

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

/** A console of its own, and a loopback serving endpoint that accepts signed reloads. */
let c: Awaited<ReturnType<typeof startConsole>>
let ep: ServingEndpoint
test.beforeAll(async () => {
  c = await startConsole()
  ep = await startServingEndpoint('e2e-reload-secret')
})
test.afterAll(async () => {
  await c?.stop()
  await ep?.close()
})

test.describe('mlops', () => {
  test('define a retraining job, watch its live log, gate a worse model, roll back a failing deploy, read the lineage', async ({
    page
  }) => {
    test.setTimeout(240_000)
    const errors: string[] = []
    // the refused definition (bad placeholder) answers 400 on purpose
    page.on('console', (m) => m.type() === 'error' && !/frame-ancestors|400 \(Bad Request\)/.test(m.text()) && errors.push(m.text()))
    const data = path.join(c.dir, 'train.csv')
    const holdout = path.join(c.dir, 'holdout.csv')
    fs.writeFileSync(data, 'x,label\n' + Array.from({ length: 500 }, (_, i) => `${i},${i % 2}`).join('\n') + '\n')
    fs.writeFileSync(holdout, 'x,label\n' + Array.from({ length: 200 }, (_, i) => `${i},${(i * 37) % 3 === 0 ? 1 : 0}`).join('\n') + '\n')

    await page.goto(c.openUrl + '#/mlops')
    await expect(page.getByRole('heading', { name: 'No jobs yet' })).toBeVisible()

    // define the job through the form; a bad placeholder is refused on the command field
    await page.goto(c.url + '/#/mlops/new')
    await page.getByRole('textbox', { name: /^Name/ }).fill('retrain churn')
    await page.getByRole('textbox', { name: /^Working folder/ }).fill(FIX)
    await page
      .getByRole('textbox', { name: /^Command/ })
      .fill(
        'python3 train.py --data {data} --holdout {holdout} --out {output_dir} --quality {quality} --lines {lines} --sleep 8 --oops {typo}'
      )
    await page
      .getByRole('textbox', { name: /^Parameters/ })
      .fill(`data:data=${data}\nholdout:path=${holdout}\nquality:number=0.9\nlines:number=400`)
    await page.getByRole('textbox', { name: /^Tries/ }).fill('1')
    await page.getByRole('textbox', { name: /^Register as model/ }).fill('churn')
    await page.getByRole('textbox', { name: /^Holdout file/ }).fill(holdout)
    await page.getByRole('textbox', { name: /^Threshold/ }).fill('0.7')
    await page.getByRole('textbox', { name: /^Min\. absolute gain/ }).fill('0.01')
    await page.getByRole('button', { name: 'Create job' }).click()
    await expect(page.locator('.field-error')).toContainText('unknown placeholder {typo}')
    await page
      .getByRole('textbox', { name: /^Command/ })
      .fill('python3 train.py --data {data} --holdout {holdout} --out {output_dir} --quality {quality} --lines {lines} --sleep 8')
    await page.getByRole('button', { name: 'Create job' }).click()
    await expect(page.locator('.page-header h1')).toHaveText('retrain churn')

    // a drift trigger, and the serving endpoint as a deployment target
    await page.getByRole('button', { name: 'Add trigger' }).click()
    await expect(page.getByRole('table', { name: 'Triggers' })).toContainText('when any drift check drifts')
    await rpc(c, 'mlops:saveTarget', {
      name: 'churn-serving',
      modelName: 'churn',
      kind: 'endpoint',
      reloadUrl: `${ep.url}/reload`,
      healthUrl: `${ep.url}/health`,
      secret: 'e2e-reload-secret',
      smokeUrl: `${ep.url}/predict`,
      smokeExpect: 'prediction',
      canaryWeight: 10,
      windowSec: 0
    })

    // run by hand and watch the live log
    await page.getByRole('button', { name: 'Start run' }).click()
    await expect(page.locator('.page-header h1')).toHaveText(/retrain churn #1/)
    await expect(page.getByRole('log')).toContainText('epoch 40/400', { timeout: 20_000 })
    await expect(page.locator('.log .ansi-green').first()).toHaveText('loaded')
    await screenshot(page, 'mlops-live-log')
    await expect(page.getByRole('region', { name: 'Promotion gate' })).toContainText('promoted to champion', { timeout: 60_000 })
    await page.getByRole('searchbox', { name: 'Search the log' }).fill('epoch 399/')
    await expect(page.getByRole('log').locator('.log-line')).toHaveCount(1)
    await expect.poll(() => ep.reloads.length, { timeout: 20_000 }).toBe(1)
    expect(ep.reloads[0]).toMatchObject({ version: 1, signatureOk: true, canaryWeight: 10 })

    // a worse model is stopped by the gate
    const job = (await rpc<{ id: number }[]>(c, 'mlops:jobs', {}))[0]!
    const worse = await rpc<{ runId: number }>(c, 'mlops:startRun', { jobId: job.id, params: { quality: '0.6', lines: '5' } })
    await page.goto(c.url + `/#/mlops/runs/${worse.runId}`)
    await expect(page.getByRole('region', { name: 'Promotion gate' })).toContainText('stopped', { timeout: 60_000 })
    await expect(page.getByRole('region', { name: 'Promotion gate' })).toContainText('misses the threshold 0.7')
    await screenshot(page, 'mlops-gate-stopped')

    // a better model breaks the endpoint's health: rolled back to v1
    ep.failHealth(3)
    await rpc(c, 'mlops:startRun', { jobId: job.id, params: { quality: '0.97', lines: '5' } })
    await expect.poll(() => ep.reloads.map((r) => r.version).join(','), { timeout: 60_000 }).toBe('1,3,1')
    await page.goto(c.url + '/#/mlops/deployments')
    const history = page.getByRole('table', { name: 'Deployment history' })
    await expect(history.locator('tbody tr').first()).toContainText('rollback')
    await expect(history).toContainText('HTTP 503')
    await expect(page.getByRole('table', { name: 'Targets' })).toContainText('churn v1')
    await screenshot(page, 'mlops-deployments')

    // the lineage graph, from the model page's link
    const models = await rpc<{ id: number }[]>(c, 'models:list', {})
    await page.goto(c.url + `/#/models/${models[0]!.id}`)
    await page.getByRole('link', { name: 'Lineage graph' }).click()
    await expect(page.getByRole('img', { name: 'Lineage of churn' })).toContainText('churn v3')
    await screenshot(page, 'mlops-lineage')

    await page.goto(c.url + '/#/mlops')
    await expect(page.getByRole('table', { name: 'Runs' })).toContainText('started by hand')
    await screenshot(page, 'mlops-jobs')
    expect(errors).toEqual([])
  })
})
