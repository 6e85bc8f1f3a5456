import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, openRoute, rpc as rpcOf, screenshot, startConsole, test } from './fixtures'

/**
 * Logs end to end in serve mode: pushes in Loki JSON and OTLP/JSON with the API token, a tailed file source made in
 * the UI, word search with highlights and the histogram, a LogQL metric query, a line's context and jumps, live tail
 * with pause and a filter, an error issue resolved and regressing, a log rule's alert linking back to its logs, and the
 * space per source in Settings.
 */
test.describe.configure({ mode: 'serial' })

let c: Awaited<ReturnType<typeof startConsole>>
let dir = ''
let serviceId = 0
const now = Date.now()

const rpc = <T = any>(channel: string, input?: unknown): Promise<T> => rpcOf<T>(c, channel, input)

async function push(pathname: string, body: unknown): Promise<number> {
  const res = await fetch(`${c.url}${pathname}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  return res.status
}

const ns = (ms: number): string => `${BigInt(ms) * 1_000_000n}`
const STACK = `java.net.SocketTimeoutException: Read timed out after 3000 ms
\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:183)
\tat com.shop.payments.GatewayClient.charge(GatewayClient.java:88)
\tat com.shop.checkout.CheckoutService.pay(CheckoutService.java:142)`

/** 45 minutes of checkout-api and web lines (JSON and logfmt), with timeouts and an error with a stack trace. */
function lokiBody(): unknown {
  const api: [string, string][] = []
  const apiErr: [string, string][] = []
  const web: [string, string][] = []
  for (let i = 0; i < 270; i++) {
    const t = now - 45 * 60_000 + i * 10_000
    const slow = i % 9 === 0
    api.push([
      ns(t),
      JSON.stringify({
        level: 'info',
        msg: slow ? 'payment gateway timeout, retrying' : 'order placed',
        order_id: 1000 + i,
        status: slow ? 504 : 200,
        duration: slow ? '3.2s' : '120ms'
      })
    ])
    if (i % 30 === 5)
      apiErr.push([ns(t + 1), `${new Date(t + 1).toISOString()} ERROR [http-9] Payment failed for order ${1000 + i}\n${STACK}`])
    web.push([
      ns(t + 500),
      `level=${i % 25 === 0 ? 'warn' : 'info'} msg="GET /api/v1/cart/${i}" status=${i % 25 === 0 ? 429 : 200} duration=${20 + (i % 7)}ms`
    ])
  }
  return {
    streams: [
      { stream: { service: 'checkout-api', env: 'production' }, values: api },
      { stream: { service: 'checkout-api', env: 'production', level: 'error' }, values: apiErr },
      { stream: { service: 'web', env: 'production' }, values: web }
    ]
  }
}

const open = (page: Page, route: string): Promise<void> => openRoute(page, c, route)

test.beforeAll(async () => {
  c = await startConsole()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-logs-'))
  const svc = await rpc<{ id: number }>('services:create', {
    name: 'checkout-api',
    environment: 'production',
    checks: [{ name: 'api health', intervalS: 5, config: { kind: 'http', url: `${c.url}/api/health`, timeoutMs: 2000 } }]
  })
  serviceId = svc.id
})

test.afterAll(async () => {
  await c?.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

test('pushes in Loki JSON and OTLP/JSON need the token and land as labelled lines', async () => {
  const anonymous = await fetch(`${c.url}/loki/api/v1/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}'
  })
  expect(anonymous.status).toBe(401)
  expect(await push('/loki/api/v1/push', lokiBody())).toBe(204)
  const otlp = JSON.parse(fs.readFileSync('/work/shared/data/otlp/logs.json', 'utf8')) as {
    resourceLogs: { scopeLogs: { logRecords: { timeUnixNano: string }[] }[] }[]
  }
  otlp.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.timeUnixNano = ns(now - 60_000)
  expect(await push('/v1/logs', otlp)).toBe(200)
  const r = await rpc<{ kind: string; lines: { labels: Record<string, string>; attrs: Record<string, string> | null }[] }>('logs:search', {
    query: '{service="my.service"}',
    from: now - 3_600_000,
    to: now + 1000
  })
  expect(r.lines[0]!.attrs!.trace_id).toBe('5b8efff798038103d269b633813fc60c')
})

test('tails a file made in the UI, with its stack trace kept as one entry', async ({ page }) => {
  const file = path.join(dir, 'worker.log')
  const stamp = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '')
  fs.writeFileSync(
    file,
    [
      `${stamp(now - 120_000)} INFO  billing-worker started`,
      `${stamp(now - 90_000)} ERROR invoice run failed`,
      'Traceback (most recent call last):',
      '  File "/srv/billing/run.py", line 41, in main',
      '    total = compute(invoice)',
      '  File "/srv/billing/tax.py", line 12, in compute',
      '    return amount / rate',
      'ZeroDivisionError: division by zero',
      `${stamp(now - 60_000)} INFO  billing-worker idle`,
      ''
    ].join('\n')
  )
  await open(page, '/logs/sources/new')
  await page.getByLabel('Name', { exact: true }).fill('billing files')
  await page.getByLabel('File paths or patterns').fill(path.join(dir, '*.log'))
  await page.getByLabel('Existing files').selectOption('beginning')
  await page.getByLabel('Release').fill('v2.3.0')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page).toHaveURL(/#\/logs\/sources$/)
  const row = page.locator('tr', { hasText: 'billing files' })
  await expect(row).toContainText(dir)
  await expect
    .poll(async () => (await rpc<{ name: string; lines: number }[]>('logs:sources')).find((s) => s.name === 'billing files')?.lines, {
      timeout: 20_000
    })
    .toBe(3)
  await page.reload()
  await expect(page.locator('tr', { hasText: 'billing files' })).toContainText('3')
  await screenshot(page, 'logs-sources')
})

test('searches words with highlights and a histogram, and opens a line’s context and jumps', async ({ page }) => {
  await open(page, '/logs')
  await page.getByLabel('Query', { exact: true }).fill('timeout')
  await page.getByRole('button', { name: 'Run' }).click()
  await expect(page.getByRole('heading', { name: /Matches over time/ })).toBeVisible()
  await expect(page.locator('.log-line mark').first()).toHaveText(/timeout/i)
  await expect(page.getByText(/match in the range/)).toBeVisible()
  const lines = page.getByTestId('log-line')
  await expect(lines.first()).toBeVisible()
  await screenshot(page, 'logs-search')
  // a line from after the service's first health result: the jumps show that result
  const checkId = (await rpc<{ checks: { id: number }[] }>('services:get', { id: serviceId })).checks[0]!.id
  await expect.poll(async () => (await rpc<unknown[]>('health:results', { checkId, limit: 1 })).length, { timeout: 20_000 }).toBe(1)
  await push('/loki/api/v1/push', {
    streams: [
      {
        stream: { service: 'checkout-api', env: 'production' },
        values: [[ns(Date.now()), 'level=warn msg="upstream timeout at the edge"']]
      }
    ]
  })
  await page.getByLabel('Order').selectOption('newest')
  await page.getByRole('button', { name: 'Run' }).click()
  await expect(lines.first()).toContainText('upstream timeout at the edge')
  await lines.first().locator('.log-row').click()
  await expect(page.getByLabel('Context lines')).toBeVisible()
  await expect(page.getByLabel('At this time')).toContainText('checkout-api')
  await expect(page.getByLabel('At this time')).toContainText(/Health of api health: up \d+ ms at/i)
  await lines.first().scrollIntoViewIfNeeded()
  await screenshot(page, 'logs-line')
})

test('runs LogQL: a json filter on numbers and durations, and a metric query by level', async ({ page }) => {
  await open(page, '/logs')
  await page.getByLabel('Query', { exact: true }).fill('{service="checkout-api"} | json | status >= 500 and duration > 2s')
  await page.getByRole('button', { name: 'Run' }).click()
  await expect(page.getByText('LogQL').first()).toBeVisible()
  await expect(page.getByTestId('log-line')).toHaveCount(30)
  await page.getByLabel('Query', { exact: true }).fill('sum by (level) (count_over_time({env="production"}[5m]))')
  await page.getByRole('button', { name: 'Run' }).click()
  await expect(page.getByRole('heading', { name: /series/ })).toContainText('3 series')
  await page.getByLabel('Query', { exact: true }).fill('{service=}')
  await page.getByRole('button', { name: 'Run' }).click()
  await expect(page.locator('.notice-error')).toContainText('at character')
})

test('live tail follows new lines, pauses, and filters while tailing', async ({ page }) => {
  await open(page, '/logs/tail')
  await expect(page.getByTestId('tail-status')).toContainText('live')
  await expect(page.getByTestId('log-line').first()).toBeVisible()
  await push('/loki/api/v1/push', {
    streams: [{ stream: { service: 'web' }, values: [[ns(Date.now()), 'level=info msg="tail marker one"']] }]
  })
  await expect(page.locator('.log-tail-box')).toContainText('tail marker one')
  await page.getByLabel('Tail filter').fill('{service="checkout-api"} |= "timeout"')
  await page.getByRole('button', { name: 'Apply filter' }).click()
  await expect(page.locator('.log-tail-box')).not.toContainText('tail marker one')
  await expect(page.locator('.log-tail-box mark').first()).toHaveText('timeout')
  await page.getByRole('button', { name: 'Pause' }).click()
  await push('/loki/api/v1/push', {
    streams: [{ stream: { service: 'checkout-api' }, values: [[ns(Date.now()), '{"level":"info","msg":"gateway timeout while paused"}']] }]
  })
  await page.waitForTimeout(1500)
  await expect(page.locator('.log-tail-box')).not.toContainText('while paused')
  await page.getByRole('button', { name: 'Resume' }).click()
  await expect(page.locator('.log-tail-box')).toContainText('gateway timeout while paused')
  await screenshot(page, 'logs-tail')
})

test('groups errors into issues with first release and hourly counts; a resolved issue regresses', async ({ page }) => {
  await open(page, '/logs/errors')
  const row = page.locator('tr', { hasText: 'SocketTimeoutException' })
  await expect(row).toContainText('9')
  await expect(page.locator('tr', { hasText: 'ZeroDivisionError' })).toContainText('v2.3.0')
  await row.getByRole('link').click()
  await expect(page.locator('dd', { hasText: 'com.shop.payments.GatewayClient.charge' })).toBeVisible()
  await page.getByRole('button', { name: 'Resolve' }).click()
  await expect(page.locator('.issue-title .pill')).toHaveText('resolved')
  await push('/loki/api/v1/push', {
    streams: [
      {
        stream: { service: 'checkout-api', level: 'error' },
        values: [[ns(Date.now()), `${new Date().toISOString()} ERROR [http-3] Payment failed for order 77\n${STACK}`]]
      }
    ]
  })
  await expect(page.locator('.issue-title .pill')).toHaveText('regressed', { timeout: 15_000 })
  await screenshot(page, 'logs-issue')
})

test('a log rule fires on the timeouts, and its alert links back to the logs around it', async ({ page }) => {
  const query = '{service="checkout-api"} |= "timeout"'
  await rpc('alerts:createRule', {
    name: 'Checkout timeouts',
    condition: { signal: 'log_count', query, windowS: 3600, above: 5, everyS: 10 }
  })
  let alertId = 0
  await expect
    .poll(
      async () => {
        const a = (await rpc<{ id: number; ruleName: string; state: string }[]>('alerts:list', { limit: 50 })).find(
          (x) => x.ruleName === 'Checkout timeouts'
        )
        alertId = a?.id ?? 0
        return a?.state
      },
      { timeout: 30_000 }
    )
    .toBe('firing')
  await open(page, `/alerts/${alertId}`)
  await page.getByRole('link', { name: 'Logs around this alert' }).click()
  await expect(page).toHaveURL(/#\/logs\/at\/\d+\/\d+\//)
  await expect(page.getByLabel('Query', { exact: true })).toHaveValue(query)
  await expect(page.getByTestId('log-line').first()).toContainText('timeout')
})

test('shows the space used per source in Settings', async ({ page }) => {
  await open(page, '/settings')
  const table = page.getByRole('table', { name: 'Log storage per source' })
  await expect(table).toContainText('billing files')
  await expect(table).toContainText('push')
  await table.scrollIntoViewIfNeeded()
  await screenshot(page, 'logs-settings-storage')
})

test('the histogram of a word that many lines hold says it is estimated', async ({ page }) => {
  // 36,000 lines in the last 40 minutes (a stream of their own, after every other test has looked at the logs)
  const values = Array.from({ length: 36_000 }, (_, i) => [ns(now - 40 * 60_000 + i * 60), `level=info msg="bulk heartbeat ${i}"`])
  expect(await push('/loki/api/v1/push', { streams: [{ stream: { service: 'bulk', env: 'bulk' }, values }] })).toBe(204)
  await open(page, '/logs')
  await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '1 h' }).click()
  await page.getByLabel('Query', { exact: true }).fill('heartbeat')
  await page.getByRole('button', { name: 'Run' }).click()
  await expect(page.getByRole('heading', { name: /Matches over time/ })).toContainText('estimated from a sample of each bucket')
  await expect(page.getByText(/about [\d,]+ match in the range/)).toBeVisible()
})
