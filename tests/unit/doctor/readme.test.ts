import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { requirements } from '../../../scripts/doctor/versions.mjs'

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'))
const readme = fs.readFileSync('README.md', 'utf8')
const start = readme.slice(readme.indexOf('## Start\n'), readme.indexOf('\n## ', readme.indexOf('## Start\n') + 1))
const minor = (v: string) => v.split('.').slice(0, 2).join('.')

describe("README's start section matches package.json", () => {
  const req = requirements(pkg)

  it('gives the two commands, the demo and the doctor', () => {
    for (const cmd of ['npm ci && npm start', 'npm test', 'npm run demo', 'npm run doctor']) expect(start).toContain(cmd)
  })

  it('names the Node and npm versions from engines and desktopEngines, and no others', () => {
    expect(start).toContain(`Node ${minor(req.desktopNode)}+`)
    expect(start).toContain(`Node ${minor(req.node)}+`)
    expect(start).toMatch(new RegExp(`\\| \\*\\*${minor(req.desktopNode).replace('.', '\\.')} or newer\\*\\*`))
    expect(start).toContain(`| ${req.npm.split('.')[0]} or newer |`)
    const versions = new Set([...start.matchAll(/\b(\d{2}\.\d{1,2})\b/g)].map((m) => m[1]))
    expect([...versions].sort()).toEqual([minor(req.node), minor(req.desktopNode)].sort())
  })

  it('the gates run before npm test and npm start', () => {
    expect(pkg.scripts.test).toMatch(/^node scripts\/doctor\.mjs --for test && /)
    expect(pkg.scripts['test:e2e']).toMatch(/^node scripts\/doctor\.mjs --for e2e && /)
    expect(pkg.scripts.start).toMatch(/^node scripts\/doctor\.mjs --for start && /)
  })
})
