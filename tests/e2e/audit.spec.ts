import { expect, openRoute, rpc as rpcOf, screenshot, startConsole, test } from './fixtures'

/**
 * The audit log and presence in serve mode with two people's browsers (two sessions): an alert rule changed over the
 * API shows in Settings → Audit log with its before/after diff, a change made meanwhile appears without a reload, and
 * each person sees the other on the dashboard they both have open.
 */
test.describe.configure({ mode: 'serial' })

let c: Awaited<ReturnType<typeof startConsole>>
const rpc = <T = any>(channel: string, input?: unknown): Promise<T> => rpcOf<T>(c, channel, input)
const rule = {
  name: 'Checkout latency',
  condition: { signal: 'ensemble' },
  severity: 'warning',
  runbook: 'Look at the p95 panel first.',
  labels: { team: 'payments' }
}

test.beforeAll(async () => {
  c = await startConsole()
  const { id } = await rpc<{ id: number }>('alerts:createRule', rule)
  await rpc('alerts:updateRule', {
    ...rule,
    id,
    name: 'Checkout latency (p95)',
    severity: 'critical',
    labels: { team: 'payments', tier: '1' }
  })
  await rpc('alerts:createChannel', {
    name: 'On-call mail',
    config: { kind: 'email', host: 'smtp.example.com', from: 'console@example.com', to: ['oncall@example.com'] },
    secret: 'smtp-password-never-shown'
  })
})
test.afterAll(async () => c?.stop())

test('Settings → Audit log shows who changed what, with a before/after diff and no secret', async ({ page }) => {
  await openRoute(page, c, '/settings/audit')
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible()
  const rows = page.getByTestId('audit-row')
  await expect(rows).toHaveCount(3)
  const update = rows.filter({ hasText: 'alerts:updateRule' })
  await expect(update).toContainText('Checkout latency (p95)')
  await update.getByRole('button', { name: 'Before/after' }).click()
  const diff = page.getByRole('region', { name: 'Before and after' })
  await expect(diff.locator('.diff-del')).toContainText(['"name": "Checkout latency"'])
  await expect(diff.locator('.diff-add')).toContainText(['"name": "Checkout latency (p95)"'])
  await expect(diff.locator('.diff-add')).toContainText(['"severity": "critical"'])
  await expect(page.locator('body')).not.toContainText('smtp-password-never-shown')
  await screenshot(page, 'audit-log')

  // filters: the area and the text narrow the list
  await page.getByLabel('Filter by area').selectOption('alerts')
  await page.getByLabel('Search the audit log').fill('On-call')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('alerts:createChannel')
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(rows).toHaveCount(3)

  // someone else changes something: it appears without a reload
  await rpc('workspace:rename', { name: 'Payments team' })
  await expect(rows.filter({ hasText: 'workspace:rename' })).toHaveCount(1)
})

test('presence: two people on one dashboard see each other, and the other leaving', async ({ browser }) => {
  const { uid } = await rpc<{ uid: string }>('dashboards:save', {
    model: {
      title: 'Checkout',
      panels: [
        { id: 'p1', title: 'Firing alerts', type: 'stat', x: 0, y: 0, w: 4, h: 4, query: { source: 'alerts', state: 'firing' } },
        { id: 'p2', title: 'Notes', type: 'text', x: 4, y: 0, w: 8, h: 4, query: { source: 'none' }, text: 'Shared by the team.' }
      ]
    },
    baseVersion: 0,
    author: 'e2e'
  })
  const first = await browser.newContext({ viewport: { width: 1360, height: 860 } })
  const second = await browser.newContext({ viewport: { width: 1360, height: 860 } })
  const a = await first.newPage()
  const b = await second.newPage()
  await openRoute(a, c, `/dashboards/d/${uid}`)
  await openRoute(b, c, `/dashboards/d/${uid}`)
  await expect(a.getByTestId('also-here')).toContainText('Also here:')
  await expect(b.getByTestId('also-here')).toBeVisible()
  await expect(a.getByTestId('presence-avatars').locator('.avatar')).toHaveCount(1)
  await screenshot(a, 'presence')

  // b moves elsewhere: a's "also here" goes, the top bar still shows b
  await b.evaluate(() => (window.location.hash = '#/alerts'))
  await expect(a.getByTestId('also-here')).toHaveCount(0)
  await expect(a.getByTestId('presence-avatars')).toBeVisible()
  // b closes its tab: a's top bar empties
  await b.close()
  await expect(a.getByTestId('presence-avatars')).toHaveCount(0, { timeout: 15_000 })
  await first.close()
  await second.close()
})
