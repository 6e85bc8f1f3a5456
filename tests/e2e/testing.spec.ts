import { spawn } from 'node:child_process'
import type { Page } from '@playwright/test'
import { dependency, pricingService, type Svc } from '../helpers/faultTargets'
import { deployableTarget, slowUnderLoad, type Target } from '../helpers/loadTargets'
import { weakTarget, type ScanTarget } from '../helpers/scanTargets'
import { expect, screenshot, startConsole, test } from './fixtures'

/**
 * The Testing area through the UI, in serve mode, against loopback targets made for it: a load test that passes below a
 * slowing server's capacity and fails above it, a scan of a server with planted weaknesses, a deploy that verifies and
 * one that fails, a probe agent in another "region", a recovery drill, and a fault proxy in front of a dependency with a
 * circuit-breaker test through it.
 */
test.describe.configure({ mode: 'serial' })

let c: Awaited<ReturnType<typeof startConsole>>
let slow: Target
let weak: ScanTarget
let svc: Target & { deploy(v: 'good' | 'bad'): void }

test.beforeAll(async () => {
  c = await startConsole()
  slow = await slowUnderLoad(10)
  weak = await weakTarget()
  svc = await deployableTarget()
})

test.afterAll(async () => {
  await c?.stop()
  for (const t of [slow, weak, svc]) await t?.close()
})

async function rpc(channel: string, body?: unknown): Promise<any> {
  const res = await fetch(`${c.url}/api/rpc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body)
  })
  const json = (await res.json()) as { ok: boolean; data?: unknown; error?: { message: string } }
  if (!json.ok) throw new Error(`${channel}: ${json.error?.message}`)
  return json.data
}

/** The input of the form field whose label is exactly `label` (hints and other labels may contain the same words). */
const field = (page: Page, label: string) =>
  page
    .locator('label.field-control')
    .filter({ has: page.locator('.field-label').getByText(label, { exact: true }) })
    .locator('input, textarea, select')

/** Alert toasts (this spec raises real alerts) would cover the screenshots. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const close of await page.locator('.toast-close').all()) await close.click().catch(() => undefined)
  await screenshot(page, name)
}

async function open(page: Page, route: string): Promise<void> {
  await page.goto(c.openUrl)
  await page.goto(`${c.url}/#${route}`)
}

test('a load test passes below a slowing target’s capacity and fails above it, with corrected percentiles', async ({ page }) => {
  test.setTimeout(120_000)
  await open(page, '/testing')
  await expect(page.getByRole('heading', { name: 'No load tests yet' })).toBeVisible()
  await page.getByRole('link', { name: 'New load test' }).first().click()
  await field(page, 'Test name').fill('orders at 30 req/s')
  await field(page, 'URL of request 1').fill(`${slow.url}/orders?n={{__ITER}}`)
  await field(page, 'Name of request 1').fill('orders')
  await field(page, 'Rate (requests/s)').fill('30')
  await field(page, 'Run duration').fill('4s')
  await field(page, 'Thresholds').fill('http_req_duration: p(95)<150\nhttp_req_failed{name:orders}: rate<0.01')
  await page.getByRole('button', { name: 'Save load test' }).click()
  await expect(page.locator('.page-header h1')).toHaveText('orders at 30 req/s')

  await page.getByRole('button', { name: 'Run now' }).click()
  await expect(page.locator('.page-header h1')).toContainText('run #1')
  await expect(page.locator('.page-header .pill')).toHaveText('pass', { timeout: 60_000 })
  await expect(page.getByText('from due (corrected)')).toBeVisible()
  await expect(page.getByRole('img', { name: /Requests per second and latency percentiles/ })).toBeVisible()
  await shoot(page, 'testing-load-report')

  // above the target's capacity (about 100 requests/s) the same thresholds fail
  await page.getByRole('link', { name: '← the load test' }).click()
  await page.getByRole('link', { name: 'Edit' }).click()
  await field(page, 'Rate (requests/s)').fill('250')
  await field(page, 'Max VUs').fill('40')
  await page.getByRole('button', { name: 'Save load test' }).click()
  await page.getByRole('button', { name: 'Run now' }).click()
  await expect(page.locator('.page-header h1')).toContainText('run #2')
  await expect(page.locator('.page-header .pill')).toHaveText('fail', { timeout: 60_000 })
  await expect(page.locator('tr', { hasText: 'p(95)<150' }).locator('.pill')).toHaveText('fail')
  await expect(page.getByText(/did not keep up|could not keep/)).toBeVisible()
  await shoot(page, 'testing-load-report-failed')
})

test('a scan finds the weaknesses planted in a server, with evidence and fixes', async ({ page }) => {
  test.setTimeout(120_000)
  await open(page, '/testing/scans/new')
  await field(page, 'Target name').fill('weak shop')
  await field(page, 'Base URL').fill(weak.url)
  await field(page, 'Pause between requests (ms)').fill('10')
  await page.getByRole('button', { name: 'Save scan target' }).click()
  await expect(page.getByRole('button', { name: 'Scan now' })).toBeVisible()
  await page.getByRole('button', { name: 'Scan now' }).click()
  await expect(page.locator('.page-header h1')).toContainText('scan #1')
  await expect(page.locator('.stat-tile .grade')).toHaveText('F', { timeout: 60_000 })
  for (const title of [
    'The certificate expired',
    'Deprecated protocols offered',
    'Any origin is reflected with credentials',
    'Open redirect: /login?next=',
    'Directory listing is on at /files/',
    'TRACE is enabled'
  ])
    await expect(page.locator('.findings').getByText(title, { exact: false }).first()).toBeVisible()
  await page.locator('.findings tr', { hasText: 'Any origin is reflected' }).click()
  await expect(page.locator('pre.evidence')).toContainText('access-control-allow-origin: https://evil.example')
  await shoot(page, 'testing-scan-report')
})

test('a deploy marker triggers verification, a failing deploy is flagged, and the markers show on the service’s charts', async ({
  page
}) => {
  test.setTimeout(120_000)
  const { id: serviceId } = await rpc('services:create', {
    name: 'catalog',
    checks: [{ name: 'health', intervalS: 5, config: { kind: 'http', url: `${svc.url}/health` } }]
  })
  await rpc('testing:saveSuite', {
    serviceId,
    smoke: [{ name: 'items', url: `${svc.url}/api/items`, conditions: ['[BODY].status == ok', 'len([BODY].items) > 0'] }],
    runbookUrl: 'https://wiki.example.com/runbooks/catalog-rollback',
    settleS: 0
  })
  const [suite] = await rpc('testing:suites')
  await rpc('testing:runSuite', { id: suite.id })
  await expect.poll(async () => (await rpc('testing:suite', { id: suite.id })).runs[0].verdict, { timeout: 30_000 }).toBe('pass')

  await open(page, '/testing/deploys')
  await field(page, 'Deployed service').selectOption(String(serviceId))
  await field(page, 'Version').fill('v2.0.0')
  await field(page, 'Link').fill('https://ci.example.com/runs/7')
  await page.getByRole('button', { name: 'Record deploy' }).click()
  await page.getByRole('link', { name: 'verification queued' }).click()
  await expect(page.locator('.page-header h1')).toHaveText('Verification of catalog v2.0.0')
  await expect(page.locator('.page-header .pill')).toHaveText('pass', { timeout: 30_000 })

  svc.deploy('bad')
  await page.getByRole('link', { name: 'Deploys' }).click()
  await field(page, 'Deployed service').selectOption(String(serviceId))
  await field(page, 'Version').fill('v2.1.0')
  await page.getByRole('button', { name: 'Record deploy' }).click()
  await page.getByRole('link', { name: 'verification queued' }).click()
  await expect(page.locator('.page-header .pill')).toHaveText('fail', { timeout: 30_000 })
  await expect(page.getByText('This deploy failed verification.')).toBeVisible()
  await expect(page.getByRole('link', { name: 'https://wiki.example.com/runbooks/catalog-rollback' })).toBeVisible()
  await expect(page.getByText(/\[BODY\]\.status == ok/).first()).toBeVisible()
  await shoot(page, 'testing-verification-failed')

  // two earlier deploys of the last hour, recorded over the API as a script would
  for (const [version, minutes] of [
    ['v1.9.0', 50],
    ['v1.9.1', 25]
  ] as const)
    await rpc('testing:createDeploy', { serviceId, version, at: Date.now() - minutes * 60_000 })
  await page.goto(`${c.url}/#/services/${serviceId}`)
  await page
    .getByRole('radio', { name: '1 h' })
    .or(page.getByRole('button', { name: '1 h' }))
    .first()
    .click()
  await expect(page.getByRole('img', { name: /Latency percentiles of catalog/ })).toBeVisible({ timeout: 20_000 })
  await page.waitForTimeout(1500)
  await shoot(page, 'testing-deploy-markers')
  const deploys = await rpc('testing:deploys', { from: 0, to: Date.now() + 60_000, serviceId })
  expect(deploys.map((d: any) => [d.version, d.verification?.verdict ?? null])).toEqual([
    ['v2.1.0', 'fail'],
    ['v2.0.0', 'pass'],
    ['v1.9.1', null],
    ['v1.9.0', null]
  ])
})

test('a probe agent in another region pushes its results; a recovery drill restores', async ({ page }) => {
  test.setTimeout(120_000)
  await open(page, '/testing/probes')
  await field(page, 'Token name').fill('frankfurt vm')
  await field(page, 'Region').fill('eu-central-1')
  await page.getByRole('button', { name: 'Create token' }).click()
  const token = (await page.locator('pre.evidence').first().textContent())!.trim()
  expect(token).toMatch(/^cct_probe_/)
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn(process.execPath, [
      'bin/control-console.mjs',
      'probe',
      '--server',
      c.url,
      '--token',
      token,
      '--region',
      'eu-central-1',
      '--once'
    ])
    let text = ''
    p.stdout.on('data', (d) => (text += d))
    p.stderr.on('data', (d) => (text += d))
    p.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(text))))
  })
  expect(out).toMatch(/pushed \d+ results/)
  await page.reload()
  await expect(page.locator('.region-matrix th', { hasText: 'eu-central-1' })).toBeVisible()
  await shoot(page, 'testing-probes')

  await page.getByRole('link', { name: 'Recovery drills' }).click()
  await page.getByRole('button', { name: 'Run a drill now' }).click()
  await expect(page.getByText(/Restored and verified in/)).toBeVisible({ timeout: 30_000 })
  await expect(page.locator('tr', { hasText: 'testing_deploys' })).toBeVisible()
  await shoot(page, 'testing-drill')
})

test('a fault proxy is created and switched from the UI, and a breaker test records what it observed', async ({ page }) => {
  test.setTimeout(120_000)
  const dep: Svc = await dependency()
  let proxyUrl = ''
  const pricing = await pricingService(() => proxyUrl, { threshold: 5, openMs: 1500 })
  try {
    await open(page, '/testing/faults')
    await expect(page.getByRole('heading', { name: 'No proxy yet' })).toBeVisible()
    await field(page, 'Proxy name').fill('pricing-db')
    await field(page, 'Upstream').fill(dep.url)
    await field(page, 'Toxic route').fill('/price')
    await field(page, 'Toxic status').fill('503')
    await page.getByRole('button', { name: 'Add proxy' }).click()
    const proxy = page.locator('.proxy', { hasText: 'pricing-db' })
    await expect(proxy.locator('.pill')).toHaveText('running')
    proxyUrl = (await rpc('testing:proxies'))[0].url
    expect(proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

    // through the proxy: forwarded while the toxic is off, the fault's answer once it is switched on, forwarded again after
    const toxic = proxy.getByRole('checkbox', { name: 'toxic error 503 on any method /price' })
    await expect(toxic).not.toBeChecked()
    expect((await fetch(`${proxyUrl}/price`)).status).toBe(200)
    // the box shows the proxy's state: it turns once the switch is saved and the list refetched
    await toxic.click()
    await expect(toxic).toBeChecked()
    expect((await fetch(`${proxyUrl}/price`)).status).toBe(503)
    await toxic.click()
    await expect(toxic).not.toBeChecked()
    expect((await fetch(`${proxyUrl}/price`)).status).toBe(200)
    await page.reload()
    await expect(proxy.getByText('3 requests, 2 forwarded, 1 faulted')).toBeVisible()
    await shoot(page, 'testing-faults')

    // a breaker test through the proxy: the fault goes on for a while, the service's breaker opens and recovers
    await field(page, 'Test name').fill('pricing breaker')
    await field(page, 'Proxy').selectOption({ label: 'pricing-db' })
    await field(page, 'Service endpoint').fill(`${pricing.url}/price`)
    await field(page, 'Fault route').fill('/price')
    await field(page, 'Requests/s').fill('20')
    await field(page, 'Baseline (s)').fill('2')
    await field(page, 'Fault (s)').fill('5')
    await field(page, 'Recovery (s)').fill('4')
    await page.getByRole('button', { name: 'Run the test' }).click()
    await expect(page.locator('.page-header h1')).toHaveText('pricing breaker')
    await expect(page.locator('.page-header .pill')).toHaveText('pass', { timeout: 60_000 })
    await expect(page.getByRole('heading', { name: 'What happened' })).toBeVisible()
    await expect(page.locator('ol li').first()).toBeVisible()
    await expect(page.getByRole('img', { name: /Answers and dependency calls per second/ })).toBeVisible()
    expect(pricing.trips).toBeGreaterThan(0)
    await shoot(page, 'testing-breaker-test')

    // recorded: the test is listed with its verdict on the Faults page, and the fault is off again at the proxy
    await page.getByRole('link', { name: '← faults' }).click()
    await expect(page.locator('tr', { hasText: 'pricing breaker' }).locator('.pill')).toHaveText('pass')
    await expect(proxy.getByRole('checkbox', { name: 'toxic error 503 on any method /price' })).not.toBeChecked()
  } finally {
    await dep.close()
    await pricing.close()
  }
})
