// Regenerates docs/screenshot.png: starts `control-console demo` on a temporary workspace, lets it run for a
// while (DEMO_SECONDS, default 75) and photographs the overview in the e2e tests' browser. Needs `npm run build` first.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from '@playwright/test'
import { findBrowser } from './doctor/browser.mjs'
import { stopLine } from './doctor/format.mjs'

const found = findBrowser()
if (found.path === null) {
  console.error(stopLine('readme-screenshot', 'Browser', found.problem, found.fix))
  process.exit(1)
}

const seconds = Number(process.env.DEMO_SECONDS ?? 75)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-shot-'))
const demo = spawn(process.execPath, ['bin/control-console.mjs', 'demo', '--port', '0', '--workspace', path.join(dir, 'demo.db')], {
  stdio: ['ignore', 'pipe', 'inherit']
})
const url = await new Promise((resolve, reject) => {
  let out = ''
  demo.stdout.on('data', (d) => {
    out += d
    const m = /Open (http:\/\/\S+)/.exec(out)
    if (m) resolve(m[1])
  })
  demo.once('exit', (code) => reject(new Error(`demo exited with ${code}`)))
})
await new Promise((r) => setTimeout(r, seconds * 1000))
const browser = await chromium.launch({
  executablePath: found.path,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run'
  ]
})
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 }, colorScheme: 'light' })
  await page.goto(url)
  await page.getByRole('heading', { name: 'Overview' }).waitFor()
  await page.waitForTimeout(1500)
  await page.screenshot({ path: 'docs/screenshot.png' })
  console.log(`saved docs/screenshot.png after ${seconds} s of demo`)
} finally {
  await browser.close()
  demo.kill('SIGTERM')
  fs.rmSync(dir, { recursive: true, force: true })
}
