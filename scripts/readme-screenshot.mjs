// Regenerates the README's pictures of the demo: starts `control-console demo` on a temporary workspace, photographs
// Models, Drift and Costs as soon as the demo has filled them (docs/demo-models.png, docs/demo-drift.png,
// docs/demo-costs.png), lets the health demo run (DEMO_SECONDS after start, default 75) and photographs the overview
// (docs/screenshot.png) in the e2e tests' browser. Needs `npm run build` first. ONLY=areas skips the overview.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, findBrowser } from './doctor/browser.mjs'
import { stopLine } from './doctor/format.mjs'

const found = findBrowser()
if (found.path === null) {
  console.error(stopLine('readme-screenshot', 'Browser', found.problem, found.fix))
  process.exit(1)
}

const seconds = Number(process.env.DEMO_SECONDS ?? 75)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-shot-'))
const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
const demo = spawn(process.execPath, ['bin/control-console.mjs', 'demo', '--port', '0', '--workspace', path.join(dir, 'demo.db')], {
  stdio: ['ignore', 'pipe', 'pipe']
})
demo.stderr.pipe(process.stderr)
const waitFor = (stream, pattern) =>
  new Promise((resolve, reject) => {
    let out = ''
    const onData = (d) => {
      out += d
      const m = pattern.exec(out)
      if (m) {
        stream.off('data', onData)
        resolve(m)
      }
    }
    stream.on('data', onData)
    demo.once('exit', (code) => reject(new Error(`demo exited with ${code}`)))
  })
const ready = Promise.all(
  ['models', 'drift', 'costs'].map(async (area) => {
    const [line, outcome] = await waitFor(demo.stderr, new RegExp(`demo: ${area} (ready|could not be filled).*`))
    if (outcome !== 'ready') throw new Error(line)
  })
)
const url = (await waitFor(demo.stdout, /Open (http:\/\/\S+)/))[1]
const token = new URL(url).searchParams.get('token')
/** A contract channel over the demo's HTTP transport. */
async function rpc(channel, input) {
  const res = await fetch(new URL(`/api/rpc/${channel}`, url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input ?? {})
  })
  const body = await res.json()
  if (!body.ok) throw new Error(`${channel}: ${body.error.message}`)
  return body.data
}

const browser = await chromium.launch({
  executablePath: found.path,
  args: CHROMIUM_ARGS
})
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 }, colorScheme: 'light' })
  await page.goto(url)
  await page.getByRole('heading', { name: 'Overview' }).waitFor()
  await ready
  console.log(`Models, Drift and Costs filled after ${elapsed()}`)
  const go = async (route, heading) => {
    await page.evaluate((r) => (window.location.hash = r), route)
    await page.getByRole('heading', { name: heading }).first().waitFor()
  }
  const shoot = async (file) => {
    await page.waitForTimeout(1200) // charts animate in
    await page.screenshot({ path: file })
    console.log(`saved ${file} after ${elapsed()}`)
  }

  // Models: the champion against three other runs of its sweep: validation loss by boosting round, params against AUC
  const runs = await rpc('models:runs', { search: 'xgb-lr', limit: 50 })
  const [champion] = await rpc('models:versions', { search: 'churn-classifier v3' })
  const r = (name) => runs.find((x) => x.name === name).id
  await go(`/models/compare/v${champion.id},r${r('xgb-lr0.05-d8')},r${r('xgb-lr0.1-d8')},r${r('xgb-lr0.03-d4')}`, 'Metric history')
  await page.getByLabel('History metric').selectOption('val_logloss')
  await page.getByLabel('Parallel coordinates metric').selectOption('roc_auc')
  await page.getByRole('heading', { name: 'Metric history' }).evaluate((e) => e.closest('section').scrollIntoView({ block: 'end' }))
  await shoot('docs/demo-models.png')

  // Drift: the scheduled check and its run, column by column
  const [check] = await rpc('drift:checks')
  await go(`/drift/checks/${check.id}`, check.name)
  await page.getByText('Latest run').waitFor()
  await shoot('docs/demo-drift.png')

  // Costs: the last complete month by service, with its anomaly
  const summary = await rpc('costs:summary', { basis: 'billed' })
  const [y, m] = summary.month.split('-').map(Number)
  const previous = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7)
  await go('/costs', 'Cost over time')
  await page.getByLabel('Month').selectOption(previous)
  await page.getByText(`Total ${previous}`).waitFor()
  await shoot('docs/demo-costs.png')

  if (process.env.ONLY !== 'areas') {
    await page.waitForTimeout(Math.max(0, seconds * 1000 - (Date.now() - started)))
    await go('/overview', 'Overview')
    await shoot('docs/screenshot.png')
  }
} finally {
  await browser.close()
  demo.kill('SIGTERM')
  fs.rmSync(dir, { recursive: true, force: true })
}
