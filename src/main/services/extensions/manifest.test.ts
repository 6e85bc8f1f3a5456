import { describe, expect, it } from 'vitest'
import { parseManifest } from './manifest'

const base = {
  id: 'uptime-extra',
  name: 'Uptime extra',
  version: '1.2.3',
  publisher: 'acme',
  description: 'Extra checks',
  engines: { 'control-console': '^1.0' },
  main: 'index.mjs',
  permissions: ['health:read', 'alerts:write', 'net:https://api.example.com', 'fs:read:/srv/data'],
  activationEvents: ['onStartup', 'onCheck:ping'],
  contributes: {
    checkKinds: [{ name: 'ping', title: 'Ping' }],
    notificationChannels: [{ name: 'hook', title: 'Hook', configSchema: { type: 'object', properties: { path: { type: 'string' } } } }],
    importers: [{ name: 'csv2', title: 'CSV 2', target: 'costs', extensions: ['.csv2'] }],
    dashboardPanels: [{ name: 'map', title: 'Map', entry: 'panel.html' }],
    commands: [{ name: 'sync', title: 'Sync now' }],
    settings: { type: 'object', properties: { token: { type: 'string' } } }
  }
}
const parse =
  (over: Record<string, unknown>, version = '1.4.0') =>
  () =>
    parseManifest(JSON.stringify({ ...base, ...over }), version)

describe('extension manifest', () => {
  it('accepts a full manifest and fills defaults', () => {
    const m = parseManifest(JSON.stringify(base), '1.4.0')
    expect(m.contributes.checkKinds[0]!.name).toBe('ping')
    const min: Record<string, unknown> = { ...base }
    for (const k of ['permissions', 'activationEvents', 'contributes']) delete min[k]
    const d = parseManifest(JSON.stringify(min), '1.0.0')
    expect(d.permissions).toEqual([])
    expect(d.activationEvents).toEqual(['onStartup'])
    expect(d.contributes.notificationChannels).toEqual([])
  })

  it('names the wrong field', () => {
    expect(parse({ version: '1.2' })).toThrow(/manifest\.version: must be a semantic version/)
    expect(parse({ id: 'Bad Id' })).toThrow(/manifest\.id:/)
    expect(parse({ main: '../escape.js' })).toThrow(/manifest\.main: must stay inside/)
    expect(parse({ permissions: ['health:read', 'root'] })).toThrow(/manifest\.permissions\[1\]: "root": unknown permission/)
    expect(parse({ permissions: ['net:https://x.example.com/path'] })).toThrow(/must be an origin only/)
    expect(parse({ permissions: ['fs:read:relative/dir'] })).toThrow(/absolute path/)
    expect(parse({ activationEvents: ['whenever'] })).toThrow(/manifest\.activationEvents\[0\]/)
    expect(parse({ contributes: { checkKinds: [{ name: 'Bad Kind', title: 'x' }] } })).toThrow(
      /manifest\.contributes\.checkKinds\[0\]\.name/
    )
    expect(parse({ contributes: { settings: { type: 'string' } } })).toThrow(/manifest\.contributes\.settings: must be a JSON schema/)
    expect(parse({ surprise: 1 })).toThrow(/manifest/)
    expect(() => parseManifest('{not json', '1.0.0')).toThrow(/not valid JSON/)
  })

  it('checks the engine range against the console version with semver', () => {
    expect(parse({}, '0.9.0')).toThrow(/manifest\.engines\.control-console: needs Control Console \^1\.0; this is 0\.9\.0/)
    expect(parse({}, '2.0.0')).toThrow(/needs Control Console/)
    expect(parse({ engines: { 'control-console': 'soon' } })).toThrow(/"soon" is not a version range/)
    expect(parse({ engines: { 'control-console': '>=0.1.0' } }, '0.1.0')).not.toThrow()
  })

  it('accepts schedules as intervals or cron, alerts:read, and a settings schema the console can render', () => {
    const m = parse({
      permissions: ['alerts:read'],
      activationEvents: ['onSchedule:30s', 'onSchedule:*/15 * * * *', 'onSchedule:0 */5 * * * *', 'onView:costs', 'onAlert:critical'],
      contributes: {
        settings: {
          type: 'object',
          required: ['url'],
          properties: { url: { type: 'string', pattern: '^https://' }, level: { type: 'integer', minimum: 1, default: 2 } }
        }
      }
    })()
    expect(m.activationEvents).toHaveLength(5)
    expect(parse({ activationEvents: ['onSchedule:every day'] })).toThrow(/manifest\.activationEvents\[0\]/)
    expect(parse({ contributes: { settings: { type: 'object', required: ['x'], properties: {} } } })).toThrow(
      /manifest\.contributes\.settings: required: "x" is not a property/
    )
    expect(parse({ contributes: { settings: { type: 'object', properties: { n: { type: 'number', default: 'two' } } } } })).toThrow(
      /properties\.n\.default: must be a number/
    )
    expect(parse({ contributes: { settings: { type: 'object', properties: { on: { type: 'boolean', secret: true } } } } })).toThrow(
      /only string settings can be secret/
    )
  })
})
