/** The provisioned folder: services, alert rules, feature views and dashboards from a real folder tree, watched, with errors and a round trip. */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'

const FIXTURE = path.join(__dirname, '__fixtures__/provision')
const SLACK = 'https://hooks.slack.com/services/T000/B000/XXXX'

const apps: TestApp[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const a of apps.splice(0)) await a.cleanup()
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  delete process.env.CC_TEST_SLACK_URL
})
const app = () => {
  const a = tempApp()
  apps.push(a)
  return a.app
}
/** A copy of the fixture tree (plus a .git folder that must be skipped). */
const folder = (): string => {
  const d = tempDir('cc-provision-')
  dirs.push(d)
  fs.cpSync(FIXTURE, d, { recursive: true })
  fs.mkdirSync(path.join(d, '.git'))
  fs.writeFileSync(path.join(d, '.git', 'broken.json'), '{')
  return d
}
const state = (a: ReturnType<typeof app>) => a.dashboards.provisioning().files.map((f) => [f.file, f.kind, f.state])
const write = (dir: string, rel: string, text: string) => fs.writeFileSync(path.join(dir, ...rel.split('/')), text)
const read = (dir: string, rel: string) => fs.readFileSync(path.join(dir, ...rel.split('/')), 'utf8')

describe('provisioning a folder of configuration files', () => {
  it('applies services, alert rules, feature views and dashboards from subfolders; an unchanged folder writes nothing', () => {
    process.env.CC_TEST_SLACK_URL = SLACK
    const a = app()
    const dir = folder()
    a.dashboards.setProvisioning(dir)
    expect(state(a)).toEqual([
      ['alerts/team/payments.alerts.yaml', 'alerts', 'applied'],
      ['dashboards/ops.dashboard.json', 'dashboard', 'applied'],
      ['features/drivers.features.yaml', 'features', 'applied'],
      ['services/production.services.yaml', 'services', 'applied']
    ])
    const services = a.health.directory().services
    expect(services.map((s) => s.name).sort()).toEqual(['checkout', 'search'])
    const checkout = services.find((s) => s.name === 'checkout')!
    const rules = a.alerts.rules()
    const slow = rules.find((r) => r.name === 'Checkout slow')!
    expect(slow).toMatchObject({
      serviceId: checkout.id,
      checkName: 'health',
      forS: 300,
      severity: 'critical',
      labels: { team: 'payments' }
    })
    const slack = a.alerts.channels().find((c) => c.name === 'On-call Slack')!
    expect(slack).toMatchObject({ kind: 'slack', hasSecret: true, config: { kind: 'slack', channel: '#oncall' } })
    expect(slow.channelIds).toEqual([slack.id])
    expect(a.features.view('driver_stats')).toMatchObject({ ttlSeconds: 7200, sourcePath: path.join(dir, 'data/driver_stats.csv') })
    expect(a.dashboards.get('ops').model.title).toBe('Ops from git')
    expect(a.dashboards.provisionedFrom('services', 'production/checkout').file).toBe('services/production.services.yaml')
    expect(a.dashboards.provisionedFrom('alerts', 'Checkout slow').file).toBe('alerts/team/payments.alerts.yaml')
    expect(a.dashboards.provisionedFrom('features', 'driver_stats').file).toBe('features/drivers.features.yaml')
    expect(a.dashboards.provisionedFrom('dashboard', 'ops').file).toBe('dashboards/ops.dashboard.json')

    // again: every file is read, nothing is written
    const rows = () => a.health.repo.checks().map((c) => JSON.stringify(c)) // with updated_at
    const checksBefore = rows()
    const config: unknown[] = []
    const off = a.bus.on('health:config', (e) => config.push(e))
    a.dashboards.provisionNow()
    off()
    expect(state(a).map((s) => s[2])).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged'])
    expect(rows()).toEqual(checksBefore)
    expect(config).toEqual([])
    expect(a.alerts.rules().filter((r) => r.name === 'Checkout slow')).toHaveLength(1)
    expect(a.features.view('driver_stats').versionCount).toBe(1)
    expect(a.dashboards.get('ops').version).toBe(1)
  })

  it('applies the stored folder at start: a file changed while the console was closed is applied, the others write nothing', async () => {
    process.env.CC_TEST_SLACK_URL = SLACK
    const first = tempApp()
    const dir = folder()
    first.app.dashboards.setProvisioning(dir)
    await first.app.close()
    write(dir, 'dashboards/ops.dashboard.json', read(dir, 'dashboards/ops.dashboard.json').replace('Ops from git', 'Ops, changed offline'))
    const again = tempApp({ file: first.file })
    apps.push(again)
    dirs.push(first.dir)
    again.app.dashboards.start()
    expect(state(again.app)).toEqual([
      ['alerts/team/payments.alerts.yaml', 'alerts', 'unchanged'],
      ['dashboards/ops.dashboard.json', 'dashboard', 'applied'],
      ['features/drivers.features.yaml', 'features', 'unchanged'],
      ['services/production.services.yaml', 'services', 'unchanged']
    ])
    expect(again.app.dashboards.get('ops')).toMatchObject({ version: 2, model: { title: 'Ops, changed offline' } })
  })

  it('follows a change in a subfolder; the next apply of a file wins over an edit in the UI', async () => {
    process.env.CC_TEST_SLACK_URL = SLACK
    const a = app()
    const dir = folder()
    a.dashboards.setProvisioning(dir)
    const rel = 'services/production.services.yaml'
    write(dir, rel, read(dir, rel).replace('interval: 30s', 'interval: 45s'))
    const interval = () => a.health.repo.checks().find((c) => c.name === 'health')!.interval_s
    await expect.poll(interval, { timeout: 10_000 }).toBe(45)
    expect(a.dashboards.provisioning().files.find((f) => f.file === rel)).toMatchObject({
      state: 'applied',
      message: expect.stringMatching(/1 updated/)
    })
    // a new file in a new subfolder
    fs.mkdirSync(path.join(dir, 'services/staging'))
    write(dir, 'services/staging/search.services.yaml', 'services:\n  - name: search\n    environment: staging\n')
    await expect.poll(() => a.health.directory().services.some((s) => s.environment === 'staging'), { timeout: 10_000 }).toBe(true)

    // the UI edits a provisioned rule; Provision now puts the file's version back
    const slow = a.alerts.rules().find((r) => r.name === 'Checkout slow')!
    a.alerts.updateRule(slow.id, { ...slow, condition: { signal: 'latency', percentile: 95, aboveMs: 2000, windowS: 300, minSamples: 3 } })
    a.dashboards.provisionNow()
    expect(a.alerts.rules().find((r) => r.name === 'Checkout slow')!.condition).toMatchObject({ aboveMs: 800 })

    // a removed file: its objects stay, no longer marked as provisioned
    fs.rmSync(path.join(dir, 'features/drivers.features.yaml'))
    a.dashboards.provisionNow()
    expect(a.features.view('driver_stats').name).toBe('driver_stats')
    expect(a.dashboards.provisionedFrom('features', 'driver_stats').file).toBeNull()
  })

  it('names file, line, column and field of a problem, and writes nothing of a file that fails', () => {
    process.env.CC_TEST_SLACK_URL = SLACK
    const a = app()
    const dir = folder()
    // the second rule names a destination that does not exist: the first rule of the file is not written either
    write(
      dir,
      'alerts/team/payments.alerts.yaml',
      `rules:
  - name: Search down fast
    service: search
    condition: { signal: down, failuresToFire: 1 }
  - name: Search slow
    service: search
    condition: { signal: latency, aboveMs: 500 }
    destinations: [Nobody]
`
    )
    write(
      dir,
      'features/bad.features.yaml',
      'name: broken\nentities: [{ name: id, type: int64 }]\nsource: x.csv\nfeatures:\n  - { name: f, type: float65 }\n'
    )
    write(
      dir,
      'services/bad.services.yaml',
      'services:\n  - name: api\n    checks:\n      - name: h\n        type: http\n        url: http://x\n        interval: 2s\n'
    )
    a.dashboards.setProvisioning(dir)
    const byFile = new Map(a.dashboards.provisioning().files.map((f) => [f.file, f]))
    expect(byFile.get('alerts/team/payments.alerts.yaml')).toMatchObject({
      state: 'error',
      message: 'alerts/team/payments.alerts.yaml:8:20: rules[1].destinations[0]: there is no destination "Nobody"',
      error: { line: 8, column: 20, field: 'rules[1].destinations[0]' }
    })
    expect(a.alerts.rules().map((r) => r.name)).not.toContain('Search down fast')
    expect(byFile.get('features/bad.features.yaml')).toMatchObject({
      state: 'error',
      error: { line: 5, column: 16, field: 'features[0].type' }
    })
    expect(byFile.get('services/bad.services.yaml')).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/^services\/bad\.services\.yaml:7:9: services\[0\]\.checks\[0\]\.interval: must be at least 5 seconds/)
    })
    // the good files of the folder are applied all the same
    expect(byFile.get('services/production.services.yaml')?.state).toBe('applied')

    // a dashboard file: the JSON field's line and column
    write(dir, 'dashboards/ops.dashboard.json', read(dir, 'dashboards/ops.dashboard.json').replace('"type": "text"', '"type": "pie"'))
    // the same service in a second file: both apply, the table says so
    write(dir, 'services/zz-copy.services.yaml', 'services:\n  - name: search\n    environment: production\n')
    a.dashboards.provisionNow()
    const files = new Map(a.dashboards.provisioning().files.map((f) => [f.file, f]))
    expect(files.get('dashboards/ops.dashboard.json')).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/^dashboards\/ops\.dashboard\.json:12:7: panels\.0\.type: /),
      error: { line: 12, column: 7, field: 'panels.0.type' }
    })
    expect(files.get('services/zz-copy.services.yaml')?.message).toMatch(/also defined in services\/production\.services\.yaml/)

    // a secret comes from the console's environment, never from the file
    delete process.env.CC_TEST_SLACK_URL
    write(dir, 'alerts/team/payments.alerts.yaml', read(FIXTURE, 'alerts/team/payments.alerts.yaml'))
    a.dashboards.provisionNow()
    expect(a.dashboards.provisioning().files.find((f) => f.kind === 'alerts')).toMatchObject({
      state: 'error',
      error: { line: 5, column: 5, field: 'destinations[0].secretEnv' },
      message: expect.stringContaining('CC_TEST_SLACK_URL is not set')
    })
    write(dir, 'alerts/team/payments.alerts.yaml', 'destinations:\n  - { name: x, kind: slack, secret: https://hooks.example/x }\n')
    a.dashboards.provisionNow()
    expect(a.dashboards.provisioning().files.find((f) => f.kind === 'alerts')).toMatchObject({
      state: 'error',
      error: { field: 'destinations[0].secret' },
      message: expect.stringContaining('unknown field')
    })
  })

  it('exports a folder that provisions a fresh workspace into the same configuration, byte for byte', () => {
    process.env.CC_TEST_SLACK_URL = SLACK
    const a = app()
    a.dashboards.setProvisioning(folder())
    a.dashboards.setProvisioning(null)
    const out = tempDir('cc-export-')
    dirs.push(out)
    const exported = a.dashboards.exportFolder(out)
    expect(exported.files).toEqual([
      'services/production.services.yaml',
      'alerts/rules.alerts.yaml',
      'features/driver_stats.features.yaml',
      'dashboards/ops.dashboard.json'
    ])
    const alerts = read(out, 'alerts/rules.alerts.yaml')
    expect(alerts).not.toContain(SLACK)
    // keys sorted at every depth
    expect(alerts.indexOf('condition:')).toBeLessThan(alerts.indexOf('destinations: ['))
    // the secret is not in the file: the team adds `secretEnv` before committing it
    write(out, 'alerts/rules.alerts.yaml', alerts.replace('    kind: slack\n', '    kind: slack\n    secretEnv: CC_TEST_SLACK_URL\n'))

    const b = app()
    b.dashboards.setProvisioning(out)
    expect(b.dashboards.provisioning().files.map((f) => f.state)).toEqual(['applied', 'applied', 'applied', 'applied'])
    const again = tempDir('cc-export-')
    dirs.push(again)
    b.dashboards.exportFolder(again)
    for (const f of exported.files) expect(read(again, f), f).toBe(f === 'alerts/rules.alerts.yaml' ? alerts : read(out, f))
    expect(b.alerts.channels().find((c) => c.name === 'On-call Slack')?.hasSecret).toBe(true)
  })
})
