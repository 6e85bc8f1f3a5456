import Database from 'better-sqlite3'
import { expect, screenshot, test } from './fixtures'

const MB = 1024 * 1024

/** A day of once-a-minute samples, as the console's self-monitor writes them (memory flat with a daily wave, the workspace growing). */
function seedSamples(workspace: string): void {
  const db = new Database(workspace)
  try {
    const put = db.prepare(
      'INSERT OR REPLACE INTO workspace_resource_samples (at, rss, heap_used, external, handles, db_bytes, wal_bytes, free_bytes, eld_p99_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
    )
    const now = Date.now()
    db.transaction(() => {
      for (let i = 24 * 60; i >= 1; i--) {
        const wave = Math.sin(i / 90)
        put.run(
          now - i * 60_000,
          Math.round((150 + 4 * wave) * MB),
          Math.round((42 + 3 * wave) * MB),
          7 * MB,
          24,
          Math.round((200 + (1440 - i) * 0.6) * MB),
          Math.round((4 + 2 * Math.sin(i / 200)) * MB),
          50_000 * MB,
          2 + Math.abs(wave)
        )
      }
    })()
  } finally {
    db.close()
  }
}

test.describe('settings: the console’s own resources', () => {
  test('shows memory, workspace and WAL over the last day, and the health check warns past a limit', async ({ page, console: c }) => {
    seedSamples(c.workspace)
    await page.goto(c.openUrl + '#/settings')
    const panel = page.getByTestId('console-resources')
    await expect(panel.getByRole('heading', { name: 'Console resources' })).toBeVisible()
    await expect(panel.getByText(/resident ·/)).toBeVisible()
    await expect(panel.getByRole('heading', { name: 'Memory, last 24 h' })).toBeVisible()
    await expect(panel.getByRole('img', { name: /resident memory, V8 heap used and external memory in MB/ })).toBeVisible()
    await expect(panel.getByRole('img', { name: /workspace file and of its write-ahead log in MB/ })).toBeVisible()
    await panel.scrollIntoViewIfNeeded()
    await screenshot(page, 'settings-console-resources')

    // a low memory limit: the console's own health turns warn, in Settings and on /api/health
    const rss = panel.getByLabel('Memory (RSS) above (MB)')
    const before = await rss.inputValue()
    await rss.fill('1')
    await panel.getByRole('button', { name: 'Save limits' }).click()
    await expect(panel.getByRole('status')).toHaveText('Saved.')
    await expect(page.locator('tr', { hasText: 'memory:rss' }).locator('.pill')).toHaveText('warn')
    const health = (await (await fetch(`${c.url}/api/health`)).json()) as {
      status: string
      checks: Record<string, { status: string; output?: string }[]>
    }
    expect(health.status).toBe('warn')
    expect(health.checks['memory:rss']![0]!.output).toMatch(/above the limit of 1 MB/)
    await screenshot(page, 'settings-console-resources-warn')

    // the limit goes back, and so does the status
    await rss.fill(before)
    await panel.getByRole('button', { name: 'Save limits' }).click()
    await expect(page.locator('tr', { hasText: 'memory:rss' }).locator('.pill')).toHaveText('pass')
  })
})
