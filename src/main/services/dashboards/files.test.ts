/** Dashboard files (byte-stable round trip), Grafana classic JSON import, and self-contained HTML snapshots. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { DashboardModel, SaveInput } from '../../../shared/contract/dashboards'
import { ManualClock } from '../../core/clock'
import { canonicalJson } from './model'

const apps: TestApp[] = []
afterEach(async () => {
  for (const a of apps.splice(0)) await a.cleanup()
})
const app = (clock?: ManualClock) => {
  const a = tempApp(clock ? { clock } : {})
  apps.push(a)
  return a.app
}
const GRAFANA = fs.readFileSync(path.join(__dirname, '__fixtures__/grafana-service-overview.json'), 'utf8')

const model = DashboardModel.parse({
  title: 'Ops — overview',
  description: 'Uptime, spend & “alerts”',
  tags: ['ops'],
  refreshS: 30,
  variables: [{ name: 'env', kind: 'custom', options: ['prod', 'staging'], current: 'prod' }],
  panels: [
    { id: 'p2', title: 'Note', type: 'text', x: 0, y: 0, w: 4, h: 3, query: { source: 'none' }, text: '# Hi\n\nÜmlauts ✓' },
    { id: 'p1', title: 'Alerts', type: 'bar', x: 4, y: 0, w: 8, h: 3, query: { source: 'alerts', groupBy: 'severity' } },
    {
      id: 'p3',
      title: 'Stat',
      type: 'stat',
      x: 0,
      y: 3,
      w: 3,
      h: 2,
      query: { source: 'metrics', promql: 'vector(42)' },
      unit: 'ms',
      thresholds: [{ value: 40, color: '#cf222e' }]
    }
  ]
})

describe('dashboard files', () => {
  it('exports sorted keys with uid and schema version, and round-trips byte for byte', () => {
    const a = app()
    const saved = a.dashboards.save(SaveInput.parse({ model, baseVersion: 0 }))
    const out = a.dashboards.exportFile(saved.uid)
    expect(out.fileName).toBe(`${saved.uid}.dashboard.json`)
    const doc = JSON.parse(out.json)
    expect(Object.keys(doc)).toEqual([...Object.keys(doc)].sort())
    expect(Object.keys(doc.panels[0])).toEqual([...Object.keys(doc.panels[0])].sort())
    expect(doc).toMatchObject({ uid: saved.uid, schemaVersion: 1 })
    expect(out.json.endsWith('}\n')).toBe(true)

    // into another workspace: same uid, same bytes
    const b = app()
    const imported = b.dashboards.importFile(out.json)
    expect(imported).toMatchObject({ uid: saved.uid, version: 1, created: true, changed: true, unmapped: [] })
    expect(b.dashboards.exportFile(saved.uid).json).toBe(out.json)
    // again: nothing changed, no new version
    expect(b.dashboards.importFile(out.json)).toMatchObject({ version: 1, created: false, changed: false })
    // a file with its keys shuffled and other whitespace is the same dashboard
    const shuffled = JSON.stringify(Object.fromEntries(Object.entries(doc).reverse()))
    expect(b.dashboards.importFile(shuffled)).toMatchObject({ version: 1, created: false })
    // an edited file is the next version of the same uid
    const edited = JSON.stringify({ ...doc, title: 'Ops — renamed' })
    expect(b.dashboards.importFile(edited)).toMatchObject({ uid: saved.uid, version: 2, created: false })
    expect(b.dashboards.versions(saved.uid)[0]!.message).toBe('Imported from file')
  })

  it('refuses files that are not dashboards, naming the problem', () => {
    const a = app()
    expect(() => a.dashboards.importFile('{"title": ')).toThrow(/^json: not valid JSON/)
    expect(() => a.dashboards.importFile('{"uid":"x","schemaVersion":1,"title":"t","panels":[{"id":"p1"}]}')).toThrow(
      /json: not a dashboard file: panels.0.type/
    )
  })

  it('imports a Grafana classic dashboard: the panel types that map, and a list of what did not', () => {
    const a = app()
    const r = a.dashboards.importFile(GRAFANA, 'ana')
    expect(r).toMatchObject({ uid: 'svc-overview', title: 'Service overview', version: 1, created: true })
    expect(r.unmapped).toEqual([
      'variable “instance” (query): kept as a custom list with its current value only',
      'panel “Request rate”: Grafana’s automatic interval became a fixed 5m',
      'panel “Latency by quantile”: only the first of its 2 queries is kept',
      'panel “Latency heatmap”: the type heatmap has no equivalent',
      'panel “Memory (legacy graph)”: its cloudwatch query has no expression this console can run'
    ])
    const m = a.dashboards.get('svc-overview').model
    expect(m).toMatchObject({ refreshS: 30, time: { from: 'now-6h', to: 'now' }, tags: ['production', 'api'] })
    expect(m.variables.map((v) => [v.name, v.kind, v.options, v.current])).toEqual([
      ['service', 'service', [], 'api'],
      ['quantile', 'custom', ['0.5', '0.95', '0.99'], '0.95'],
      ['instance', 'custom', [], '']
    ])
    expect(m.panels.map((p) => [p.id, p.type, p.x, p.y, p.w, p.h, p.unit])).toEqual([
      ['p1', 'timeseries', 0, 0, 6, 6, 'req/s'],
      ['p2', 'stat', 6, 0, 3, 3, 'ratio'],
      ['p3', 'gauge', 9, 0, 3, 3, '%'],
      ['p4', 'bar', 6, 3, 6, 3, 's'],
      ['p6', 'table', 0, 7, 6, 6, ''],
      ['p7', 'logs', 6, 7, 6, 6, ''],
      ['p8', 'text', 0, 13, 4, 4, ''],
      ['p10', 'timeseries', 0, 17, 12, 5, 'bytes']
    ])
    expect(m.panels[0]!.query).toEqual({ source: 'metrics', sourceId: 0, promql: 'sum(rate(http_requests_total{job="$service"}[5m]))' })
    expect(m.panels[0]!.thresholds).toEqual([{ value: 500, color: '#cf222e' }])
    expect(m.panels[1]!.thresholds).toEqual([
      { value: 0.01, color: '#bc4c00' },
      { value: 0.05, color: '#cf222e' }
    ])
    expect(m.panels[5]!.query).toEqual({ source: 'logs', logql: '{job="$service"} |= "error"', limit: 100 })
    expect(m.panels[6]!.text).toContain('Page the **API team**')
    expect(a.dashboards.versions('svc-overview')[0]).toMatchObject({
      author: 'ana',
      message: 'Imported from Grafana JSON (5 items not mapped)'
    })
  })
})

describe('snapshots', () => {
  it('freezes a dashboard with its data into one HTML file that needs nothing else, with its expiry shown', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 3, 12))
    const a = app(clock)
    const saved = a.dashboards.save(SaveInput.parse({ model, baseVersion: 0 }))
    const snap = await a.dashboards.snapshot(saved.uid, 7, {})
    expect(snap.expiresAt).toBe(Date.UTC(2026, 10, 10, 12))
    expect(snap.fileName).toBe(`${saved.uid}-snapshot-2026-11-03.html`)
    const html = snap.html
    expect(html).toContain('<title>Ops — overview — snapshot</title>')
    expect(html).toContain('This snapshot expires on 2026-11-10 12:00 UTC.')
    expect(html).toContain('env = prod')
    // the stat is frozen with its unit and threshold colour; the bar chart is an inline SVG
    expect(html).toMatch(/<div class="stat" style="color:#cf222e">42 ms<\/div>/)
    expect(html).toContain('<svg')
    expect(html).toContain('# Hi\n\nÜmlauts ✓')
    // self-contained: no script or style or image is fetched from anywhere
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|url\(|https?:\/\/(?!www\.w3\.org)/)
  })
})

describe('provisioning', () => {
  it('applies a folder of files, follows a change to one, and reports a bad one', async () => {
    const a = app()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-provision-'))
    try {
      const file = `${canonicalJson({ ...model, uid: 'ops', schemaVersion: 1 })}`
      fs.writeFileSync(path.join(dir, 'ops.dashboard.json'), file)
      fs.writeFileSync(path.join(dir, 'grafana.json'), GRAFANA)
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a dashboard')
      expect(() => a.dashboards.setProvisioning(path.join(dir, 'nope'))).toThrow(/is not a folder/)
      const v = a.dashboards.setProvisioning(dir)
      expect(v).toMatchObject({ folder: dir, watching: true })
      expect(v.files.map((f) => [f.file, f.state, f.uid, f.version])).toEqual([
        ['grafana.json', 'applied', 'svc-overview', 1],
        ['ops.dashboard.json', 'applied', 'ops', 1]
      ])
      expect(a.dashboards.versions('ops')[0]).toMatchObject({ author: 'provisioning', message: 'Imported from file' })

      // a change in git: the watcher applies it as the next version
      fs.writeFileSync(path.join(dir, 'ops.dashboard.json'), file.replace('"Ops — overview"', '"Ops — from git"'))
      await expect.poll(() => a.dashboards.get('ops').model.title, { timeout: 10_000 }).toBe('Ops — from git')
      expect(a.dashboards.get('ops').version).toBe(2)
      // reading again changes nothing
      expect(a.dashboards.provisionNow().files.find((f) => f.file === 'ops.dashboard.json')).toMatchObject({
        state: 'unchanged',
        version: 2
      })
      expect(a.dashboards.versions('ops')).toHaveLength(2)

      fs.writeFileSync(path.join(dir, 'broken.json'), '{"title": ')
      await expect
        .poll(() => a.dashboards.provisioning().files.find((f) => f.file === 'broken.json')?.message, { timeout: 10_000 })
        .toMatch(/^broken.json: json: not valid JSON/)
      expect(a.dashboards.setProvisioning(null)).toEqual({ folder: null, watching: false, files: [] })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
