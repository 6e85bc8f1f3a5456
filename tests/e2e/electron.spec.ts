import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { _electron as electron } from 'playwright-core'
import { expect, test } from '@playwright/test'
import { electronBinary as findElectron } from '../../scripts/doctor/electron.mjs'
import { realIo } from '../../scripts/doctor/io.mjs'

/** The binary, found without require('electron') (which would try to download it), and a display to show it on. */
function electronBinary(): { path?: string; why?: string } {
  const found = findElectron(realIo(), path.resolve('.'))
  if (found.path === null) return { why: found.why }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { why: 'no display (run under xvfb-run)' }
  return { path: found.path }
}

const found = electronBinary()

test.describe('Electron shell smoke test', () => {
  test.skip(!found.path, `skipped: ${found.why}`)
  if (!found.path) console.log(`[electron smoke] skipped: ${found.why}`)

  test('opens the window on a fresh workspace with the sandboxed bridge', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-electron-'))
    const app = await electron.launch({
      executablePath: found.path!,
      args: ['out/main/index.js', '--workspace', path.join(dir, 'electron.db')],
      env: { ...process.env, CONSOLE_E2E: '1', CONSOLE_WORKSPACE: path.join(dir, 'electron.db') }
    })
    const page = await app.firstWindow()
    await expect(page.locator('.workspace-name')).toHaveText('electron')
    // served from the app:// scheme, and IPC from it passes the sender check (the name above came over IPC)
    expect(page.url()).toMatch(/^app:\/\/console\/index\.html/)
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    expect(await page.evaluate(() => typeof (window as unknown as { consoleBridge: { invoke: unknown } }).consoleBridge.invoke)).toBe(
      'function'
    )
    await page.locator('.sidebar a[data-area="settings"]').click()
    await expect(page.getByRole('heading', { name: 'Storage by table' })).toBeVisible()
    await expect(page.getByTestId('secret-store')).toContainText(/OS keychain|key file/)
    await app.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
