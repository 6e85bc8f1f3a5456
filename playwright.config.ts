import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, findBrowser } from './scripts/doctor/browser.mjs'
import { stopLine } from './scripts/doctor/format.mjs'

/** E2E against serve mode in the first Chromium-family browser found (scripts/doctor/browser.mjs; CI: Debian's /usr/bin/chromium). */
const browser = findBrowser()
if (browser.path === null) {
  console.error(stopLine('e2e', 'Browser for e2e', browser.problem, browser.fix)) // one line, no stack trace
  process.exit(1)
}

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    viewport: { width: 1360, height: 860 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: browser.path,
      args: [...CHROMIUM_ARGS, '--disable-quic']
    }
  }
})
