import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, screenshot, startConsole, test, type Console } from './fixtures'

const H = 3_600_000

/** A driver stats source over the last 100 days (recent values drawn higher) and an entity file with labels. */
function generate(dir: string): { source: string; entity: string } {
  let seed = 7
  const rand = (): number => (seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296
  const now = Date.now()
  const rows = ['driver_id,event_timestamp,created,conv_rate,trips_today,city']
  for (let d = 0; d < 40; d++) {
    // drivers 30-39 stopped reporting a day ago: their online values are older than the 6 h TTL
    const last = now - (d >= 30 ? 26 * H : H) - Math.floor(rand() * H)
    for (let t = last - 100 * 24 * H; t <= last; t += 8 * H + Math.floor(rand() * 4 * H)) {
      const recent = t > now - 7 * 24 * H
      const conv = Math.min(1, Math.max(0, (recent ? 0.62 : 0.48) + (rand() - 0.5) * 0.3)).toFixed(3)
      const iso = new Date(t).toISOString()
      rows.push(
        [
          1000 + d,
          iso,
          new Date(t + 5 * 60_000).toISOString(),
          conv,
          Math.floor(rand() * 20),
          ['Berlin', 'Paris', 'Lyon', 'Porto'][d % 4]
        ].join(',')
      )
    }
  }
  const source = path.join(dir, 'driver_stats.csv')
  fs.writeFileSync(source, rows.join('\n') + '\n')
  const ent = ['driver_id,event_timestamp,trip_completed']
  for (let i = 0; i < 300; i++)
    ent.push([1000 + (i % 45), new Date(now - Math.floor(rand() * 60 * 24) * H).toISOString(), rand() < 0.7 ? 1 : 0].join(','))
  const entity = path.join(dir, 'entity_df.csv')
  fs.writeFileSync(entity, ent.join('\n') + '\n')
  return { source, entity }
}

async function rpc(c: Console, channel: string, input: unknown): Promise<any> {
  const r = await fetch(`${c.url}/api/rpc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', origin: c.url },
    body: JSON.stringify(input)
  })
  const body = (await r.json()) as { ok: boolean; data: any; error?: unknown }
  if (!body.ok) throw new Error(JSON.stringify(body.error))
  return body.data
}

test.describe('features', () => {
  // its own console: the model and drift check it creates must not show in the shared workspace of the other specs
  let c: Console & { stop(): Promise<void> }
  test.beforeAll(async () => {
    c = await startConsole()
  })
  test.afterAll(async () => {
    await c.stop()
  })

  test('define a view, see its statistics, materialise it, build a training set, attach it to a model version, check drift, features as code', async ({
    page
  }) => {
    test.setTimeout(180_000)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-features-'))
    const files = generate(dir)
    await page.goto(c.openUrl)
    await page.locator('.sidebar a[data-area="features"]').click()
    await expect(page.locator('.page-header h1')).toHaveText('Features')
    await expect(page.getByRole('heading', { name: 'No feature views yet' })).toBeVisible()

    // a view from its source: Inspect fills keys, timestamps and features
    await page.getByRole('link', { name: 'New view' }).first().click()
    await page.getByLabel('Source file or folder').fill(files.source)
    await page.getByRole('button', { name: 'Inspect' }).click()
    await expect(page.getByLabel('View name', { exact: true })).toHaveValue('driver_stats')
    await expect(page.getByLabel('Join key 1', { exact: true })).toHaveValue('driver_id')
    await expect(page.getByLabel('Created timestamp column', { exact: true })).toHaveValue('created')
    await expect(page.getByLabel('Feature 3 name', { exact: true })).toHaveValue('city')
    await page.getByLabel('TTL', { exact: true }).fill('6h')
    await page.getByLabel('Owner', { exact: true }).fill('ml-platform')
    await page.getByLabel('Description of conv_rate').fill('Share of offers the driver accepted')
    await page.getByRole('button', { name: 'Save view' }).click()
    await expect(page.locator('.page-header h1')).toHaveText('driver_stats')

    // statistics over windows against all history
    await page.getByRole('button', { name: 'Compute statistics' }).click()
    const conv = page.getByRole('article', { name: 'Statistics of conv_rate' })
    await expect(conv).toBeVisible({ timeout: 60_000 })
    await expect(conv.getByRole('img', { name: /Distribution of conv_rate: Last 7 days against all history/ })).toBeVisible()
    await expect(conv.locator('.pill')).toContainText('PSI')
    await expect(page.getByRole('article', { name: 'Statistics of city' }).getByRole('img')).toBeVisible()
    // the view (name, keys, source) above its statistics
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0) ?? window.scrollTo(0, 0))
    await screenshot(page, 'features-view-statistics')
    await page.getByRole('button', { name: '30d' }).click()
    await expect(page.getByText(/Last 30 days: [\d,]+ rows/)).toBeVisible()

    // online store: materialise, then look up with the TTL applied on read
    await page.getByRole('button', { name: 'Online store' }).click()
    await page.getByRole('button', { name: 'Materialise incrementally' }).click()
    await expect(page.getByText(/Holds the latest row of 40 entities of v0/)).toBeVisible({ timeout: 60_000 })
    await page.getByLabel('Entities to look up').fill('1001\n1035\n2000')
    await page.getByRole('button', { name: 'Look up' }).click()
    const online = page.locator('table.features-online tbody tr')
    await expect(online.nth(0)).toContainText('present')
    await expect(online.nth(1)).toContainText('expired')
    await expect(online.nth(2)).toContainText('missing')
    await screenshot(page, 'features-online-lookup')

    // a schema change makes v1; the definition tab diffs versions
    await page.getByRole('button', { name: 'Edit view' }).click()
    await page.getByRole('button', { name: 'remove' }).last().click()
    await page.getByRole('button', { name: 'Save view' }).click()
    await expect(page.locator('.page-header .tag')).toHaveText('v1')
    await page.getByRole('button', { name: 'Definition and versions' }).click()
    await expect(page.locator('table.features-diff')).toContainText('city')
    await screenshot(page, 'features-view-versions')

    // a training set pinned to v0, exported as CSV with its manifest
    await page.goto(`${c.url}/#/features/training-sets/new`)
    await page.getByLabel('Training set name', { exact: true }).fill('completion_train')
    await page.getByLabel('Entity file', { exact: true }).fill(files.entity)
    await page.getByLabel('Version of driver_stats').selectOption('0')
    await page.getByLabel('driver_stats:conv_rate').check()
    await page.getByLabel('driver_stats:trips_today').check()
    await page.getByLabel('Format', { exact: true }).selectOption('csv')
    await page.getByRole('button', { name: /Build training set \(2 features\)/ }).click()
    await expect(page.locator('.page-header h1')).toHaveText('completion_train', { timeout: 60_000 })
    await expect(page.getByRole('link', { name: 'driver_stats@v0' })).toBeVisible()
    await expect(page.getByRole('img', { name: 'Null rate per feature of completion_train' })).toBeVisible()
    const out = fs.readFileSync(path.join(path.dirname(c.workspace), 'training-sets', 'completion_train.csv'), 'utf8').split('\n')
    expect(out[0]).toBe('driver_id,event_timestamp,trip_completed,conv_rate,trips_today')
    expect(out.filter(Boolean)).toHaveLength(301)

    // lineage: attach to a model version, shown on the version page
    const model = await rpc(c, 'models:create', { name: 'completion' })
    const version = await rpc(c, 'models:createVersion', { modelId: model.id })
    await page.reload()
    await page.getByLabel('Model version', { exact: true }).selectOption(String(version.id))
    await page.getByRole('button', { name: 'Attach as training data' }).click()
    await expect(page.getByRole('link', { name: 'completion v1' })).toBeVisible()
    await page.getByRole('button', { name: 'Create drift check' }).click()
    await expect(page.getByRole('link', { name: /completion_train · driver_stats · last 7d/ })).toBeVisible({ timeout: 60_000 })
    await screenshot(page, 'features-training-set')
    await page.getByRole('link', { name: 'completion v1' }).click()
    await expect(page.getByRole('link', { name: 'completion_train' })).toBeVisible()
    await expect(page.getByText('feature store training set from driver_stats@v0')).toBeVisible()
    await screenshot(page, 'features-model-lineage')

    // features as code: export, and an import error names its line
    await page.goto(`${c.url}/#/features/code`)
    await page.getByText('driver_stats.yaml').click()
    await expect(page.locator('pre.yaml-excerpt').first()).toContainText('ttl: 6h')
    await page.getByRole('button', { name: 'YAML text' }).click()
    await page
      .getByLabel('YAML', { exact: true })
      .fill('name: broken\nentities: [{ name: driver_id }]\nsource: /x.csv\nfeatures:\n  - { name: a, type: decimal }\n')
    await page.getByRole('button', { name: 'Dry run' }).click()
    await expect(page.getByRole('alert')).toContainText('line 5: features[0].type')
    await screenshot(page, 'features-code')

    await page.emulateMedia({ colorScheme: 'dark' })
    await page.goto(`${c.url}/#/features/views/driver_stats`)
    await expect(page.getByRole('article', { name: 'Statistics of conv_rate' })).toBeVisible()
    await page.evaluate(() => document.querySelector('.features-stats')?.scrollIntoView())
    await screenshot(page, 'features-view-statistics-dark')
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
