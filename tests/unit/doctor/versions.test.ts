import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { atLeast, minimumOf, parseVersion, requirements } from '../../../scripts/doctor/versions.mjs'

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'))

describe('versions the doctor compares', () => {
  it('compares numerically, with or without a leading v', () => {
    expect(parseVersion('v20.19.0')).toEqual([20, 19, 0])
    expect(atLeast('v20.20.2', '20.19.0')).toBe(true)
    expect(atLeast('20.19.0', '20.19.0')).toBe(true)
    expect(atLeast('v20.9.0', '20.19.0')).toBe(false) // 9 < 19, although "9" > "1" as text
    expect(atLeast('v22.11.9', '22.12.0')).toBe(false)
    expect(atLeast('v24.0.0', '22.12.0')).toBe(true)
    expect(atLeast('10.9.2', '11.0.0')).toBe(false)
    expect(atLeast('not a version', '1.0.0')).toBe(false)
  })

  it('takes only ">=X.Y.Z" ranges from package.json and names the field otherwise', () => {
    expect(minimumOf('>=20.19.0', 'engines.node')).toBe('20.19.0')
    expect(() => minimumOf('^20.19.0 || >=22.12.0', 'engines.node')).toThrow(/engines\.node must be a ">=X\.Y\.Z" range/)
    expect(() => requirements({ engines: { node: '>=20.19.0' } })).toThrow(/engines\.npm/)
  })

  it('reads every version from package.json: engines for tests and serve mode, desktopEngines for the desktop app', () => {
    expect(requirements(pkg)).toEqual({ node: '20.19.0', npm: '11.0.0', desktopNode: '22.12.0' })
  })

  it("desktopEngines matches the Node that Electron's own package asks for", () => {
    const electron = JSON.parse(fs.readFileSync('node_modules/electron/package.json', 'utf8'))
    expect(electron.engines.node.replace(/\s+/g, '')).toBe(pkg.desktopEngines.node)
  })
})
