/** Health's port for the provisioned folder: a `*.services.yaml` file owns the services it lists, and only those. */
import { afterEach, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { ServiceInput } from '../../../shared/contract'
import { YamlError } from '../../core/yamlIssues'

let t: TestApp
afterEach(async () => t && (await t.cleanup()))

const FILE = `services:
  - name: api
    checks:
      - { name: health, type: tcp, host: 127.0.0.1, port: 9 }
      - { name: db, type: tcp, host: 127.0.0.1, port: 5432 }
`

it('creates, then leaves alone, then brings a listed service in line (checks gone from the file are deleted); others stay', () => {
  t = tempApp()
  const { health } = t.app
  const port = health.filesPort()
  health.createService(ServiceInput.parse({ name: 'manual' }))
  expect(port.apply(FILE, { name: 'a.services.yaml', dir: t.dir })).toMatchObject({ changed: true, objects: ['production/api'] })
  expect(port.apply(FILE, { name: 'a.services.yaml', dir: t.dir })).toMatchObject({ changed: false, summary: '1 service, 2 checks' })
  const r = port.apply(FILE.replace(/ {6}- \{ name: db.*\n/, ''), { name: 'a.services.yaml', dir: t.dir })
  expect(r).toMatchObject({ changed: true, summary: '1 service, 1 check: 0 created, 1 updated' })
  const api = health.directory().services.find((s) => s.name === 'api')!
  expect(health.repo.checks(api.id).map((c) => c.name)).toEqual(['health'])
  expect(
    health
      .directory()
      .services.map((s) => s.name)
      .sort()
  ).toEqual(['api', 'manual'])
  // the export is one file per environment, keys sorted
  const files = port.exportFiles()
  expect(files.map((f) => f.path)).toEqual(['services/production.services.yaml'])
  expect(files[0]!.text).toMatch(/- checks: \[\]\n {4}environment: production\n {4}name: manual\n {4}region: default/)
})

it('a problem names line, column and field', () => {
  t = tempApp()
  const bad = 'services:\n  - name: api\n    colour: blue\n'
  let err: unknown
  try {
    t.app.health.filesPort().apply(bad, { name: 'x', dir: t.dir })
  } catch (e) {
    err = e
  }
  expect(err).toBeInstanceOf(YamlError)
  expect((err as YamlError).at[0]).toEqual({ line: 3, column: 5, field: 'services[0].colour', message: 'unknown field' })
})
