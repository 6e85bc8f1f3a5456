/**
 * Extension panel data sources in dashboards: listed as a source, answered by the extension's own process (the
 * vendor-feed example against a loopback status page), the answer's shape checked in main, errors and timeouts named.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PanelDataInput } from '../../../shared/contract/dashboards'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'
import { startHttp, type Running } from '../../../../tests/helpers/servers'

const EXAMPLE = path.resolve(__dirname, '../../../../examples/extensions/vendor-feed')
const PROBE = path.resolve(__dirname, '__fixtures__/contrib')
let t: TestApp
let status: Running & { url: string }

async function install(folder: string, permissions: (m: { permissions?: string[] }) => string[] = () => []): Promise<void> {
  const copy = tempDir('cc-ext-panels-')
  fs.cpSync(folder, copy, { recursive: true })
  const m = JSON.parse(fs.readFileSync(path.join(copy, 'extension.json'), 'utf8')) as { permissions?: string[] }
  m.permissions = permissions(m)
  fs.writeFileSync(path.join(copy, 'extension.json'), JSON.stringify(m))
  const preview = await t.app.extensions.inspect({ kind: 'folder', path: copy })
  await t.app.extensions.install(preview.token, m.permissions, true)
}

const panel = (query: Record<string, unknown>, panelType = 'table', vars: Record<string, string> = {}) =>
  t.app.dashboards.panelData(
    PanelDataInput.parse({ query: { source: 'extension', ...query }, panelType, time: { from: 'now-1h', to: 'now' }, vars })
  )

beforeAll(async () => {
  status = await startHttp((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({
        components: [
          { name: 'api', status: 'operational' },
          { name: 'billing', status: 'outage' }
        ]
      })
    )
  })
  t = tempApp({ testHooks: { extensionsRuntime: { invokeTimeoutMs: 1500 } } })
  await install(EXAMPLE, () => [`net:${status.url}`])
  await install(PROBE)
})
afterAll(async () => {
  await t.cleanup()
  await status.close()
})

describe('extension panel data sources', () => {
  it('are listed as panel sources (data sources only, not UI panels)', async () => {
    expect(t.app.ports.get('dashboardPanelSources')).toBeDefined()
    const sources = (await t.app.handlers['dashboards:extensionSources']({}, { transport: 'direct' })) as {
      kind: string
      extensionName: string
    }[]
    expect(sources.map((s) => [s.kind, s.extensionName])).toEqual([
      ['ext:contrib-probe/echo', 'Contribution probe'],
      ['ext:vendor-feed/components', 'Vendor feed (example)']
    ])
  })

  it('answer a status grid and a table from the example, with variables substituted into the parameters', async () => {
    expect(await panel({ panel: 'ext:vendor-feed/components' })).toEqual({
      kind: 'empty',
      note: 'Set the status page URL in the extension settings.'
    })
    t.app.extensions.setSettingsOf('vendor-feed', { statusUrl: `${status.url}/status.json` })
    expect(await panel({ panel: 'ext:vendor-feed/components' }, 'status')).toEqual({
      kind: 'status',
      items: [
        { name: 'api', status: 'up', detail: 'operational' },
        { name: 'billing', status: 'down', detail: 'outage' }
      ]
    })
    expect(await panel({ panel: 'ext:vendor-feed/components', params: { component: '$svc' } }, 'table', { svc: 'billing' })).toEqual({
      kind: 'table',
      columns: ['component', 'status'],
      rows: [['billing', 'outage']]
    })
  })

  it('get the time range and have their series sorted and spanning it', async () => {
    const data = await panel({ panel: 'ext:contrib-probe/echo', params: { answer: 'range' } }, 'timeseries')
    if (data.kind !== 'series') throw new Error(`got ${data.kind}`)
    const [first, last] = data.series[0]!.points
    expect(first![0]).toBeLessThan(last![0])
    expect(last![0] - first![0]).toBe(3_600_000)
    expect([data.from, data.to]).toEqual([first![0], last![0]])
  })

  it('refuse answers of the wrong shape, naming what is wrong', async () => {
    const answer = (a: unknown) => panel({ panel: 'ext:contrib-probe/echo', params: { answer: JSON.stringify(a) } })
    await expect(answer({ kind: 'pie' })).rejects.toThrow(/ext:contrib-probe\/echo answered data the panel cannot show: kind:/)
    await expect(answer({ kind: 'series', series: [{ name: 'x', points: [[1, 'high']] }] })).rejects.toThrow(/series\.0\.points\.0\.1: /)
    await expect(answer({ kind: 'table', columns: ['a', 'b'], rows: [[1]] })).rejects.toThrow(/row 0 with 1 cells for 2 columns/)
    await expect(answer({ kind: 'categories', categories: ['a'], values: [1, 2] })).rejects.toThrow(/1 categories but 2 values/)
    await expect(answer({ kind: 'status', items: [], extra: 1 })).rejects.toThrow(/Unrecognized key/)
  })

  it('show the extension failing, timing out, or not contributing the panel', async () => {
    await expect(panel({ panel: 'ext:contrib-probe/echo', params: { fail: 'vendor API down' } })).rejects.toThrow('vendor API down')
    await expect(panel({ panel: 'ext:contrib-probe/echo', params: { hang: '1' } })).rejects.toThrow(/did not answer within 1500 ms/)
    await expect(panel({ panel: 'ext:contrib-probe/ui' })).rejects.toThrow(/contributes no panel data source "ui"/)
    await expect(panel({ panel: 'ext:absent-ext/x' })).rejects.toThrow(/extension absent-ext not found/)
    expect(await panel({ panel: '' })).toEqual({ kind: 'empty', note: 'Choose an extension panel source.' })
  })
})
