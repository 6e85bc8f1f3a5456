import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { expect, screenshot, startConsole, test } from './fixtures'

/** A fake machine: tools on PATH are small shell scripts, HOME holds cloud CLI configurations, a loopback server plays Prometheus. */
function fakeMachine() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-tools-'))
  const bin = path.join(root, 'bin')
  const home = path.join(root, 'home')
  const work = path.join(root, 'projects')
  for (const d of [bin, path.join(home, '.aws'), path.join(home, '.config/gcloud/configurations'), work])
    fs.mkdirSync(d, { recursive: true })
  const tool = (name: string, script: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${script}\n`, { mode: 0o755 })
  tool(
    'kubectl',
    `case "$*" in "config get-contexts -o name") printf 'kind-dev\\nprod-eu\\n';; "config current-context") echo prod-eu;; esac`
  )
  tool('docker', 'echo "Docker version 24.0.7"')
  tool('mlflow', 'echo "mlflow, version 2.9.2"')
  tool('prometheus', 'echo "prometheus, version 2.48.0"')
  tool('git', 'echo "git version 2.43.0"')
  fs.writeFileSync(path.join(home, '.aws/config'), '[default]\nregion = eu-west-1\n[profile billing]\nregion = us-east-1\n')
  fs.writeFileSync(path.join(home, '.aws/credentials'), '[default]\naws_secret_access_key = NEVER-SHOWN\n')
  fs.writeFileSync(path.join(home, '.config/gcloud/configurations/config_default'), '[core]\n')
  fs.writeFileSync(path.join(home, '.config/gcloud/active_config'), 'default')
  const repo = path.join(work, 'churn-model')
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true })
  fs.mkdirSync(path.join(repo, 'mlruns', '0'), { recursive: true })
  fs.writeFileSync(
    path.join(repo, 'MLproject'),
    'name: churn\nentry_points:\n  main:\n    parameters:\n      alpha: {type: float, default: 0.5}\n    command: "python train.py --alpha {alpha}"\n'
  )
  return { root, bin, home, work, repo }
}

const m = fakeMachine()
let c: Awaited<ReturnType<typeof startConsole>>
let prom: http.Server
test.beforeAll(async () => {
  prom = http.createServer((req, res) => res.writeHead(req.url === '/-/ready' ? 200 : 404).end('Prometheus Server is Ready.\n'))
  await new Promise<void>((r) => prom.listen(0, '127.0.0.1', r))
  c = await startConsole([], {
    PATH: m.bin,
    HOME: m.home,
    CONSOLE_DISCOVERY_PROMETHEUS: `http://127.0.0.1:${(prom.address() as AddressInfo).port}`
  })
})
test.afterAll(async () => {
  prom?.close()
  await c?.stop()
  fs.rmSync(m.root, { recursive: true, force: true })
})

test('tools on this machine: scan, see each tool with what the console offers, add Prometheus and define an MLOps job', async ({
  page
}) => {
  test.setTimeout(90_000)
  await page.goto(c.openUrl + '#/extensions/tools')
  await expect(page.getByRole('heading', { name: 'Not scanned yet' })).toBeVisible()
  await page.getByRole('textbox', { name: 'Folders to search' }).fill(m.work)
  await page.getByRole('button', { name: 'Scan' }).click()
  const row = (tool: string) => page.locator(`tr[data-tool="${tool}"]`)
  await expect(row('kubectl')).toContainText('2 contexts, current: prod-eu', { timeout: 20_000 })
  await expect(row('kubectl')).toContainText('No integration yet')
  await expect(row('docker')).toContainText('the CLI is installed; no daemon answers on a local socket')
  await expect(row('podman')).toContainText('absent')
  await expect(row('mlflow')).toContainText(path.join(m.repo, 'mlruns'))
  await expect(row('mlflow').getByRole('button', { name: 'Import its runs into Models' })).toBeVisible()
  await expect(row('prometheus')).toContainText('a server is ready on')
  await expect(row('aws')).toContainText('billing')
  await expect(row('gcloud')).toContainText('active configuration')
  await expect(page.getByText('NEVER-SHOWN')).toHaveCount(0)
  await screenshot(page, 'discovery-tools')

  await row('prometheus').getByRole('button', { name: 'Add as a metrics source' }).click()
  await expect(row('prometheus')).toContainText('Source added')
  await row('git').getByRole('button', { name: 'Define an MLOps training job' }).click()
  await expect(row('git')).toContainText('Job “churn” defined')
  await row('mlflow').getByRole('button', { name: 'Import its runs into Models' }).click()
  await expect(row('mlflow')).toContainText('Import started')
})
