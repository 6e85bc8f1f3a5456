/** Alerts' port for the provisioned folder: rules and destinations by name, secrets from the environment only. */
import { afterEach, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { ServiceInput } from '../../../shared/contract'
import { YamlError } from '../../core/yamlIssues'

let t: TestApp
afterEach(async () => {
  delete process.env.CC_TEST_PD_KEY
  if (t) await t.cleanup()
})

const errorOf = (fn: () => unknown): YamlError => {
  try {
    fn()
  } catch (e) {
    if (e instanceof YamlError) return e
    throw e
  }
  throw new Error('expected an error')
}

it('applies, recognises its own export as unchanged, and resolves names through the health port', () => {
  t = tempApp()
  const { health, alerts } = t.app
  health.createService(ServiceInput.parse({ name: 'api', checks: [{ name: 'h', config: { kind: 'tcp', host: '127.0.0.1', port: 9 } }] }))
  process.env.CC_TEST_PD_KEY = 'a'.repeat(32)
  const port = alerts.filesPort()
  const file = `destinations:
  - { name: PD, kind: pagerduty, secretEnv: CC_TEST_PD_KEY }
rules:
  - { name: api check, service: api, check: h, condition: { signal: down }, destinations: [PD], reminder: 1h }
`
  expect(port.apply(file, { name: 'r.alerts.yaml', dir: t.dir })).toMatchObject({ changed: true, objects: ['destination PD', 'api check'] })
  const rule = alerts.rules().find((r) => r.name === 'api check')!
  expect(rule).toMatchObject({ checkName: 'h', reminderS: 3600, condition: { failuresToFire: 3 } })
  expect(alerts.channels().find((c) => c.name === 'PD')).toMatchObject({ hasSecret: true, secretHint: expect.stringMatching(/a+$/) })
  expect(port.apply(file, { name: 'r.alerts.yaml', dir: t.dir }).changed).toBe(false)
  const exported = port.exportFiles()[0]!.text
  expect(exported).not.toContain('a'.repeat(20))
  expect(port.apply(exported, { name: 'r.alerts.yaml', dir: t.dir }).changed).toBe(false)
  // a new secret in the environment is written
  process.env.CC_TEST_PD_KEY = 'b'.repeat(32)
  expect(port.apply(file, { name: 'r.alerts.yaml', dir: t.dir }).changed).toBe(true)

  expect(
    errorOf(() => port.apply('rules:\n  - { name: x, check: h, condition: { signal: down } }\n', { name: 'x', dir: '' })).at[0]
  ).toMatchObject({
    line: 2,
    field: 'rules[0].check',
    message: 'needs service:'
  })
  expect(
    errorOf(() => port.apply('rules:\n  - name: x\n    service: nope\n    condition: { signal: down }\n', { name: 'x', dir: '' })).at[0]
  ).toMatchObject({
    line: 3,
    column: 5,
    field: 'rules[0].service',
    message: 'there is no service "nope"'
  })
})
